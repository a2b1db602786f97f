import type { AuthorityRow, RoundRow } from "../../db/schema";
import { findAuthorityByCode } from "../models/authority.server";
import { findRoundBySlug } from "../models/round.server";
import { type Coordinator, notFound, requireCoordinator } from "./auth.server";
import { getDb } from "./db.server";

/** The signed-in coordinator and the round named in the URL (404 when there is none). */
export async function requireCoordinatorRound(
  request: Request,
  slug: string | undefined,
): Promise<{ coordinator: Coordinator; round: RoundRow }> {
  const coordinator = await requireCoordinator(request);
  const round = slug ? await findRoundBySlug(getDb(), slug) : undefined;
  if (!round) throw notFound();
  return { coordinator, round };
}

/** As requireCoordinatorRound, plus the authority whose return the URL names. */
export async function requireCoordinatorReturn(
  request: Request,
  params: { slug?: string; code?: string },
): Promise<{ coordinator: Coordinator; round: RoundRow; authority: AuthorityRow }> {
  const { coordinator, round } = await requireCoordinatorRound(request, params.slug);
  const authority = params.code ? await findAuthorityByCode(getDb(), params.code) : undefined;
  if (!authority) throw notFound();
  return { coordinator, round, authority };
}
