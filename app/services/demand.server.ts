import type { Kysely } from "kysely";
import type { AuthorityRow, Database } from "../../db/schema";
import { chooseYear } from "~/domain/sen2-demand";
import { findAuthorityByCode, findAuthorityById, findFirstAuthorityByName } from "~/models/authority.server";
import { listEnglandCensusYears } from "~/models/public-statistics.server";
import { notFound, type SessionUser } from "../utils/auth.server";

/** The start year offered first: the seminar's "since 2015", the first January with EHC plans. */
const DEFAULT_FROM = 2015;

/**
 * The demand page's choices from its query string: the authority (by default the member's own, the
 * first of a regional viewer's group, or the first by name), and two census years within those SEN2 has.
 */
export async function resolveDemandChoice(db: Kysely<Database>, user: SessionUser, search: URLSearchParams) {
  const years = await listEnglandCensusYears(db);
  const code = search.get("authority");
  let authority: AuthorityRow | undefined;
  if (code) {
    authority = await findAuthorityByCode(db, code);
    if (!authority) throw notFound();
  } else if (user.authority_id !== null) {
    authority = await findAuthorityById(db, user.authority_id);
  } else {
    authority = await findFirstAuthorityByName(db, user.group_id);
  }
  if (!authority) throw notFound();
  const latest = years.at(-1) ?? 0;
  let from = chooseYear(search.get("from"), years, years.includes(DEFAULT_FROM) ? DEFAULT_FROM : (years[0] ?? 0));
  let to = chooseYear(search.get("to"), years, latest);
  if (from > to) [from, to] = [to, from];
  return { authority, years, from, to };
}
