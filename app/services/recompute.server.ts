import type { Transaction } from "kysely";
import type { Database, Executor, RoundRow } from "../../db/schema";
import { resolveRealTerms, type Deflator, type RealTerms } from "../domain/deflators";
import { NO_REAL_TERMS, computeChangeBaseMetrics, computeRoundResults } from "../domain/pipeline";
import type { FieldValue } from "../domain/values";
import { appendAudit } from "../models/audit.server";
import { type ReferenceSource, readDeflatorTable, replaceDeflators } from "../models/deflator.server";
import { listRounds } from "../models/round.server";
import {
  flagOutOfDate,
  listPublishedRoundIds,
  listRoundIdsFrom,
  listRoundIdsOldestFirst,
  lockRound,
  readEarlierPublishedAnswers,
  readRoundInputs,
  storeRoundResults,
} from "../models/pipeline.server";

/**
 * Recomputing the materialised pipeline: a round's approved answers (models/pipeline.server.ts) through
 * domain/pipeline.ts into its stored metrics and statistics, inside the caller's transaction, so
 * readers see a round's old results or its new ones, never half of each; recomputing is idempotent
 * (the round's rows are replaced, not added to).
 */

export interface RecomputeSummary {
  roundId: number;
  slug: string;
  /** Approved returns that went in (those answering anything a metric reads). */
  returns: number;
  metrics: number;
  statistics: number;
  /** Whether real-terms figures could be made, and if not, why. */
  realTerms: RealTerms;
}

/** Each authority's change base metrics in its earlier published returns, oldest first. */
function changeBaseHistory(
  rows: ReadonlyArray<{ authorityId: number; values: Record<string, FieldValue> }>,
): Map<number, Record<string, number>[]> {
  const history = new Map<number, Record<string, number>[]>();
  for (const row of rows) {
    const list = history.get(row.authorityId) ?? [];
    list.push(computeChangeBaseMetrics(row.values));
    history.set(row.authorityId, list);
  }
  return history;
}

/** The steps of one round's recompute, in order, as `recomputeRound` reports them when asked (the benchmark times them). */
export type RecomputePhase = "lock" | "read round" | "read earlier rounds" | "compute" | "store";

async function recomputeLockedRound(
  trx: Transaction<Database>,
  round: RoundRow,
  deflators: readonly Deflator[],
  done: (phase: RecomputePhase) => void = () => {},
): Promise<RecomputeSummary> {
  const realTerms = resolveRealTerms(deflators, round.financial_year, round.base_year);
  const returns = await readRoundInputs(trx, round);
  done("read round");
  const history = changeBaseHistory(await readEarlierPublishedAnswers(trx, round));
  done("read earlier rounds");
  const results = computeRoundResults({
    returns,
    history,
    prices: realTerms.available ? realTerms.prices : NO_REAL_TERMS,
  });
  done("compute");

  await storeRoundResults(trx, round.id, results);
  done("store");
  return {
    roundId: round.id,
    slug: round.slug,
    returns: returns.length,
    metrics: results.metrics.length,
    statistics: results.statistics.length,
    realTerms,
  };
}

/**
 * Replaces one round's metrics and statistics with those of its approved returns now. `done` is
 * called as each phase ends (for timing them).
 */
export async function recomputeRound(
  trx: Transaction<Database>,
  roundId: number,
  done?: (phase: RecomputePhase) => void,
): Promise<RecomputeSummary> {
  const round = await lockRound(trx, roundId);
  const deflators = await readDeflatorTable(trx);
  done?.("lock");
  return recomputeLockedRound(trx, round, deflators, done);
}

/** What happens to later published rounds when an earlier round changes: flagged out of date, or recomputed. */
type LaterPublishedRounds = "flag" | "recompute";

/**
 * Recomputes the rounds in order, except published ones (but `alwaysRecompute`), which are flagged
 * out of date — unless `laterPublished` is "recompute".
 */
async function recomputeInOrder(
  trx: Transaction<Database>,
  roundIds: readonly number[],
  alwaysRecompute: number,
  laterPublished: LaterPublishedRounds,
): Promise<RecomputeSummary[]> {
  const deflators = await readDeflatorTable(trx);
  const published = new Set(
    laterPublished === "recompute" ? [] : (await listPublishedRoundIds(trx)).filter((id) => id !== alwaysRecompute),
  );
  const summaries: RecomputeSummary[] = [];
  for (const roundId of roundIds) {
    if (published.has(roundId)) await flagOutOfDate(trx, roundId);
    else summaries.push(await recomputeLockedRound(trx, await lockRound(trx, roundId), deflators));
  }
  return summaries;
}

/**
 * Recomputes the round and every round with a later financial year, oldest first: a later round's
 * change and growth compare against this one, so they move with it — except later rounds already
 * published, which are flagged out of date instead (their figures change only by withdraw and
 * republish). Call after anything that changes which returns are approved, or their answers, and on
 * publishing (the round itself is always recomputed). Withdrawing a round passes
 * `{ laterPublished: "recompute" }`: what a withdrawn round fed must go at once (spec §5.3 rule 7).
 */
export async function recomputeRoundsFrom(
  trx: Transaction<Database>,
  roundId: number,
  options: { laterPublished: LaterPublishedRounds } = { laterPublished: "flag" },
): Promise<RecomputeSummary[]> {
  return recomputeInOrder(trx, await listRoundIdsFrom(trx, roundId), roundId, options.laterPublished);
}

/**
 * Recomputes every round, oldest first, published ones included: after the deflators change, every
 * real-terms figure may. Replacing the deflators is the coordinator's explicit, audited change to the
 * whole network's price base (docs/security.md lists it as the one exception to "published figures
 * change only by withdraw and republish").
 */
export async function recomputeAllRounds(trx: Transaction<Database>): Promise<RecomputeSummary[]> {
  const roundIds = await listRoundIdsOldestFirst(trx);
  const deflators = await readDeflatorTable(trx);
  const summaries: RecomputeSummary[] = [];
  for (const roundId of roundIds) summaries.push(await recomputeLockedRound(trx, await lockRound(trx, roundId), deflators));
  return summaries;
}

/** Replaces the deflator table (web upload or command line), audited, and recomputes every round with it. */
export async function replaceDeflatorsAndRecompute(
  trx: Transaction<Database>,
  input: { deflators: readonly Deflator[]; source: ReferenceSource; actorId: number | null },
): Promise<RecomputeSummary[]> {
  await replaceDeflators(trx, input.deflators, input.source);
  await appendAudit(trx, {
    userId: input.actorId,
    action: "deflators.replaced",
    detail: {
      years: input.deflators.length,
      from: input.deflators[0]?.financialYear ?? null,
      to: input.deflators.at(-1)?.financialYear ?? null,
      source: input.source.source,
      releasedOn: input.source.releasedOn,
    },
  });
  return recomputeAllRounds(trx);
}

export interface RoundRealTerms {
  slug: string;
  name: string;
  financialYear: string;
  realTerms: RealTerms;
}

/** Every round, newest first, with whether it has real-terms figures, in which year's prices, and if not, why. */
export async function listRoundsRealTerms(db: Executor): Promise<RoundRealTerms[]> {
  const [deflators, rounds] = await Promise.all([readDeflatorTable(db), listRounds(db)]);
  return rounds.map((round) => ({
    slug: round.slug,
    name: round.name,
    financialYear: round.financial_year,
    realTerms: resolveRealTerms(deflators, round.financial_year, round.base_year),
  }));
}
