import type { Transaction } from "kysely";
import type { Database, Executor, ReturnStatus, RoundRow, RoundStatus } from "../../db/schema";
import { DEFAULT_REMINDER_DAYS_BEFORE } from "../domain/notifications";
import { roundTransitionRefusal } from "../domain/round-lifecycle";
import type { NewRound, RoundDetails } from "../domain/round-settings";
import { appendAudit } from "./audit.server";
import { queueRoundOpened } from "./notifications.server";
import { type RecomputeSummary, recomputeRound, recomputeRoundsFrom } from "./pipeline.server";
import { bumpResultsVersion } from "./results-version.server";
import { fixContributorSets } from "./round-results.server";

export async function listRounds(db: Executor): Promise<RoundRow[]> {
  return db.selectFrom("rounds").selectAll().orderBy("financial_year", "desc").orderBy("slug", "desc").execute();
}

export async function findRoundBySlug(db: Executor, slug: string): Promise<RoundRow | undefined> {
  return db.selectFrom("rounds").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findRoundById(db: Executor, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom("rounds").selectAll().where("id", "=", id).executeTakeFirst();
}

export type CreateRoundResult = { ok: true; round: RoundRow } | { ok: false; field: "slug"; message: string };

/** Creates a draft round (settings parsed by newRoundSchema), audited; the slug must be new. */
export async function createRound(trx: Transaction<Database>, input: NewRound, actorId: number | null): Promise<CreateRoundResult> {
  if (await findRoundBySlug(trx, input.slug)) {
    return { ok: false, field: "slug", message: `A round with the slug ${input.slug} already exists` };
  }
  const now = new Date().toISOString();
  const round = await trx
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
  await appendAudit(trx, {
    userId: actorId,
    action: "round.created",
    roundId: round.id,
    detail: { slug: round.slug, financialYear: round.financial_year, questionSetVersion: round.question_set_version },
  });
  return { ok: true, round };
}

/**
 * Changes a round's name, dates and price base year, audited. A new base year changes the round's
 * real-terms figures, so the round is recomputed in the same transaction.
 */
export async function updateRound(
  trx: Transaction<Database>,
  roundId: number,
  details: RoundDetails,
  actorId: number | null,
): Promise<RoundRow | undefined> {
  const before = await findRoundById(trx, roundId);
  if (!before) return undefined;
  const round = await trx
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
  const changed = (["name", "base_year", "opens_on", "closes_on", "reminder_days_before"] as const).filter(
    (column) => before[column] !== round[column],
  );
  if (changed.length === 0) return round;
  await bumpResultsVersion(trx);
  await appendAudit(trx, {
    userId: actorId,
    action: "round.updated",
    roundId,
    detail: Object.fromEntries(changed.map((column) => [column, { from: before[column], to: round[column] }])),
  });
  if (changed.includes("base_year")) await recomputeRound(trx, roundId);
  return round;
}

export type TransitionRoundResult = { ok: true; round: RoundRow; recomputed: RecomputeSummary[] } | { ok: false; message: string };

/**
 * Moves a round to `to` if domain/round-lifecycle allows it from where it is, audited as
 * "round.status". Publishing stamps published_at and recomputes the round (and the later rounds
 * that compare against it) in the same transaction, so what is published is current; withdrawing
 * clears published_at. Opening (or re-opening) queues an announcement to every authority's members,
 * with links to `origin`.
 */
export async function transitionRound(
  trx: Transaction<Database>,
  roundId: number,
  to: RoundStatus,
  actorId: number | null,
  origin: string,
): Promise<TransitionRoundResult> {
  const round = await findRoundById(trx, roundId);
  if (!round) return { ok: false, message: `There is no round with id ${roundId}` };
  const refusal = roundTransitionRefusal(round.status, to);
  if (refusal) return { ok: false, message: refusal };
  const now = new Date().toISOString();
  const updated = await trx
    .updateTable("rounds")
    .set({
      status: to,
      updated_at: now,
      ...(to === "published" ? { published_at: now } : round.status === "published" ? { published_at: null } : {}),
    })
    .where("id", "=", roundId)
    // Someone else moved the round first: refuse rather than move it from a status it no longer has.
    .where("status", "=", round.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) return { ok: false, message: "The round's status changed while you were working: reload the page and try again" };
  await bumpResultsVersion(trx);
  await appendAudit(trx, { userId: actorId, action: "round.status", roundId, oldValue: round.status, newValue: to });
  if (to === "open") await queueRoundOpened(trx, { round: updated, origin });
  // Publishing flags later published rounds out of date; withdrawing recomputes them, since a
  // withdrawn round feeds no change or growth (spec §5.3 rule 7; docs/security.md lists the exception).
  const recomputed =
    to === "published"
      ? await recomputeRoundsFrom(trx, roundId)
      : round.status === "published"
        ? await recomputeRoundsFrom(trx, roundId, { laterPublished: "recompute" })
        : [];
  if (to === "published") await fixContributorSets(trx, roundId);
  return { ok: true, round: updated, recomputed };
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
