import type { Transaction } from "kysely";
import type { Database, Executor, ReturnStatus, RoundRow, RoundStatus } from "../../db/schema";
import { DEFAULT_REMINDER_DAYS_BEFORE } from "../domain/notifications";
import type { NewRound, RoundDetails } from "../domain/round-settings";

export async function listRounds(db: Executor): Promise<RoundRow[]> {
  return db.selectFrom("rounds").selectAll().orderBy("financial_year", "desc").orderBy("slug", "desc").execute();
}

export async function findRoundBySlug(db: Executor, slug: string): Promise<RoundRow | undefined> {
  return db.selectFrom("rounds").selectAll().where("slug", "=", slug).executeTakeFirst();
}

/** The latest published round with a financial year before this one (the outlier fences' source), if any. */
export async function findLatestPublishedRoundIdBefore(db: Executor, financialYear: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("rounds")
    .select("id")
    .where("status", "=", "published")
    .where("financial_year", "<", financialYear)
    .orderBy("financial_year", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function findRoundById(db: Executor, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom("rounds").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Inserts a draft round with the settings newRoundSchema parsed. */
export async function insertRound(trx: Transaction<Database>, input: NewRound): Promise<RoundRow> {
  const now = new Date().toISOString();
  return trx
    .insertInto("rounds")
    .values({
      slug: input.slug,
      name: input.name,
      financial_year: input.financialYear,
      question_set_version: input.questionSetVersion,
      status: "draft",
      opens_on: input.opensOn ?? null,
      closes_on: input.closesOn ?? null,
      base_year: input.baseYear ?? null,
      reminder_days_before: input.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE,
      created_at: now,
      updated_at: now,
      published_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stores a round's name, dates and price base year. */
export async function updateRoundDetails(trx: Transaction<Database>, roundId: number, details: RoundDetails): Promise<RoundRow> {
  return trx
    .updateTable("rounds")
    .set({
      name: details.name,
      base_year: details.baseYear ?? null,
      opens_on: details.opensOn ?? null,
      closes_on: details.closesOn ?? null,
      reminder_days_before: details.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE,
      updated_at: new Date().toISOString(),
    })
    .where("id", "=", roundId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Moves the round from the status it was read with to `to`, stamping published_at on publishing and
 * clearing it on withdrawing; undefined when someone else moved the round first.
 */
export async function updateRoundStatus(trx: Transaction<Database>, round: RoundRow, to: RoundStatus): Promise<RoundRow | undefined> {
  const now = new Date().toISOString();
  return (
    trx
      .updateTable("rounds")
      .set({
        status: to,
        updated_at: now,
        ...(to === "published" ? { published_at: now } : round.status === "published" ? { published_at: null } : {}),
      })
      .where("id", "=", round.id)
      // Someone else moved the round first: refuse rather than move it from a status it no longer has.
      .where("status", "=", round.status)
      .returningAll()
      .executeTakeFirst()
  );
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
    .leftJoin("returns", (join) => join.onRef("returns.round_id", "=", "rounds.id").on("returns.authority_id", "=", authorityId))
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
    db
      .selectFrom("authorities")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return rounds.map((round) => {
    const tally: Record<ReturnStatus, number> = { not_started: 0, draft: 0, submitted: 0, queried: 0, approved: 0 };
    for (const row of counts) if (row.round_id === round.id) tally[row.status] += Number(row.count);
    const started = tally.draft + tally.submitted + tally.queried + tally.approved;
    tally.not_started = Number(authorities.count) - started;
    return { ...round, counts: tally };
  });
}
