import type { Transaction } from "kysely";
import type { Database, RoundRow, RoundStatus } from "../../db/schema";
import { roundTransitionRefusal } from "../domain/round-lifecycle";
import type { NewRound, RoundDetails } from "../domain/round-settings";
import { appendAudit } from "../models/audit.server";
import { bumpResultsVersion } from "../models/results-version.server";
import { fixContributorSets } from "./round-results.server";
import { findRoundById, findRoundBySlug, insertRound, updateRoundDetails, updateRoundStatus } from "../models/round.server";
import { queueRoundOpened } from "./notifications.server";
import { type RecomputeSummary, recomputeRound, recomputeRoundsFrom } from "./recompute.server";

/** A round's changes: created, its settings edited, moved through its lifecycle — each audited, with what follows from it. */

export type CreateRoundResult = { ok: true; round: RoundRow } | { ok: false; field: "slug"; message: string };

/** Creates a draft round (settings parsed by newRoundSchema), audited; the slug must be new. */
export async function createRound(trx: Transaction<Database>, input: NewRound, actorId: number | null): Promise<CreateRoundResult> {
  if (await findRoundBySlug(trx, input.slug)) {
    return { ok: false, field: "slug", message: `A round with the slug ${input.slug} already exists` };
  }
  const round = await insertRound(trx, input);
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
  const round = await updateRoundDetails(trx, roundId, details);
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
  const updated = await updateRoundStatus(trx, round, to);
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
