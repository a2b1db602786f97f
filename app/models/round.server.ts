import type { Kysely, Transaction } from "kysely";
import type { Database, ReturnStatus, RoundRow } from "../../db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

export async function listRounds(db: Executor): Promise<RoundRow[]> {
  return db.selectFrom("rounds").selectAll().orderBy("financial_year", "desc").orderBy("slug", "desc").execute();
}

export async function findRoundBySlug(db: Executor, slug: string): Promise<RoundRow | undefined> {
  return db.selectFrom("rounds").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export interface RoundForAuthority {
  slug: string;
  name: string;
  financialYear: string;
  status: RoundRow["status"];
  closesOn: string | null;
  returnStatus: ReturnStatus;
}

/** Rounds a member can see (not drafts), with their own authority's return status. */
export async function listRoundsForAuthority(db: Executor, authorityId: number): Promise<RoundForAuthority[]> {
  const rows = await db
    .selectFrom("rounds")
    .leftJoin("returns", (join) =>
      join.onRef("returns.round_id", "=", "rounds.id").on("returns.authority_id", "=", authorityId),
    )
    .select([
      "rounds.slug",
      "rounds.name",
      "rounds.financial_year as financialYear",
      "rounds.status",
      "rounds.closes_on as closesOn",
      "returns.status as returnStatus",
    ])
    .where("rounds.status", "!=", "draft")
    .orderBy("rounds.financial_year", "desc")
    .execute();
  return rows.map((row) => ({ ...row, returnStatus: row.returnStatus ?? "not_started" }));
}

export interface RoundWithCounts extends RoundRow {
  counts: Record<ReturnStatus, number>;
}

/** Every round with how many returns are at each status; authorities without a return count as not started. */
export async function listRoundsWithCounts(db: Executor): Promise<RoundWithCounts[]> {
  const [rounds, counts, authorities] = await Promise.all([
    listRounds(db),
    db
      .selectFrom("returns")
      .select(["round_id", "status"])
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .groupBy(["round_id", "status"])
      .execute(),
    db.selectFrom("authorities").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return rounds.map((round) => {
    const tally: Record<ReturnStatus, number> = { not_started: 0, draft: 0, submitted: 0, queried: 0, approved: 0 };
    for (const row of counts) if (row.round_id === round.id) tally[row.status] += Number(row.count);
    const started = tally.draft + tally.submitted + tally.queried + tally.approved;
    tally.not_started = Number(authorities.count) - started;
    return { ...round, counts: tally };
  });
}
