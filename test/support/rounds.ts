import type { Kysely } from "kysely";
import type { Database, ReturnStatus, RoundRow, RoundStatus } from "../../db/schema";
import { writeReturnValues } from "../../app/models/return.server";
import type { FieldValue } from "../../app/domain/values";
import { decodeReturnValue } from "../../app/models/return.server";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { syntheticReturn } from "../../db/demo";

/** A round straight into the database, in whatever state a test needs. */
export async function insertRound(
  db: Kysely<Database>,
  input: { slug: string; financialYear: string; status: RoundStatus; name?: string },
): Promise<RoundRow> {
  const now = new Date().toISOString();
  return db
    .insertInto("rounds")
    .values({
      slug: input.slug,
      name: input.name ?? `Round ${input.financialYear}`,
      financial_year: input.financialYear,
      question_set_version: 1,
      status: input.status,
      opens_on: null,
      closes_on: null,
      base_year: null,
      created_at: now,
      updated_at: now,
      published_at: input.status === "published" ? now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertReturn(
  db: Kysely<Database>,
  input: { roundId: number; authorityCode: string; status: ReturnStatus; values: Record<string, FieldValue> },
) {
  const authority = await db.selectFrom("authorities").select("id").where("code", "=", input.authorityCode).executeTakeFirstOrThrow();
  return db.transaction().execute((trx) =>
    writeReturnValues(trx, {
      roundId: input.roundId,
      authorityId: authority.id,
      values: input.values,
      status: input.status,
      actorId: null,
      action: "test.setup",
    }),
  );
}

/** A complete, valid return (every required answer) with special-school unit cost £`specialUnitCost`. */
export function completeReturn(overrides: Record<string, FieldValue> = {}, specialUnitCost = 10_000): Record<string, FieldValue> {
  const children = { send_mainstream: 100, special: 200, independent_special: 50, post16: 80, post19: 20 };
  const unitCosts = { send_mainstream: 7_000, special: specialUnitCost, independent_special: 25_000, post16: 5_000, post19: 9_000 };
  const values: Record<string, FieldValue> = { population_0_25: 200_000, "ehcp.total": 6_000 };
  for (const [cohort, count] of Object.entries(children)) {
    values[`transport.${cohort}.children`] = count;
    values[`transport.${cohort}.spend`] = count * unitCosts[cohort as keyof typeof unitCosts];
  }
  return { ...values, ...overrides };
}

/** An authority's return in a round, by ONS code and round slug, as stored. */
export async function findReturnByCode(db: Kysely<Database>, code: string, roundSlug: string) {
  return db
    .selectFrom("returns")
    .innerJoin("authorities", "authorities.id", "returns.authority_id")
    .innerJoin("rounds", "rounds.id", "returns.round_id")
    .select(["returns.id", "returns.status", "returns.version"])
    .where("authorities.code", "=", code)
    .where("rounds.slug", "=", roundSlug)
    .executeTakeFirst();
}

/** The stored answers of that return, decoded as the app decodes them ({} when there is none). */
export async function readStoredValues(db: Kysely<Database>, code: string, roundSlug: string): Promise<Record<string, FieldValue>> {
  const row = await findReturnByCode(db, code, roundSlug);
  if (!row) return {};
  const values = await db.selectFrom("return_values").selectAll().where("return_id", "=", row.id).execute();
  return Object.fromEntries(values.map((value) => [value.field_key, decodeReturnValue(value)]));
}

/**
 * A round per slug (its financial year too), oldest first, in which each authority has an approved
 * return of the demo's synthetic values for that year (`syntheticReturn(code, firstIndex + i)`),
 * recomputed: results pages have figures to draw.
 */
export async function insertApprovedRounds(
  db: Kysely<Database>,
  slugs: readonly string[],
  codes: readonly string[],
  options: { status?: RoundStatus; name?: (slug: string) => string; firstIndex?: number } = {},
): Promise<RoundRow[]> {
  const rounds: RoundRow[] = [];
  for (const [index, slug] of slugs.entries()) {
    const round = await insertRound(db, { slug, financialYear: slug, status: options.status ?? "published", name: options.name?.(slug) });
    const values = (code: string) => syntheticReturn(code, (options.firstIndex ?? 0) + index);
    for (const code of codes) await insertReturn(db, { roundId: round.id, authorityCode: code, status: "approved", values: values(code) });
    await db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
    rounds.push(round);
  }
  return rounds;
}
