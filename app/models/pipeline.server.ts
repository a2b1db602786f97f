import { PostgresAdapter, type Transaction, sql } from "kysely";
import type { Database, RoundRow } from "../../db/schema";
import { resolveRealTerms, type Deflator, type RealTerms } from "../domain/deflators";
import { CHANGE_BASE_INPUT_KEYS, METRIC_INPUT_KEYS } from "../domain/metrics";
import { NO_REAL_TERMS, computeChangeBaseMetrics, computeRoundResults } from "../domain/pipeline";
import type { FieldValue } from "../domain/values";
import { appendAudit } from "./audit.server";
import { type ReferenceSource, readDeflatorTable, replaceDeflators } from "./deflator.server";
import { packMetricResults } from "./metrics.server";
import { decodeReturnValue } from "./return.server";
import { bumpResultsVersion } from "./results-version.server";

/**
 * The materialised results of the normalisation pipeline: `round_metric_results` and `round_statistics`
 * hold, for each round, what domain/pipeline.ts computes from its approved returns. Every function
 * here runs inside the caller's transaction, so readers see a round's old results or its new ones,
 * never half of each; and recomputing is idempotent (the round's rows are replaced, not added to).
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

// Rows per INSERT: 1,000 × 9 columns stays well inside SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const BATCH_ROWS = 1000;

/**
 * Locks the round's row and reads it, so two recomputes of one round — two coordinators approving at
 * once — run one after the other instead of colliding on the primary key, and the second reads what
 * the first committed. The update stamps updated_at, so whatever caches a round's results
 * (round-results.server.ts) sees that they changed.
 */
async function lockRound(trx: Transaction<Database>, roundId: number): Promise<RoundRow> {
  await bumpResultsVersion(trx);
  const round = await trx
    .updateTable("rounds")
    // Recomputed now, so no longer out of date (see flagOutOfDate).
    .set({ updated_at: new Date().toISOString(), results_out_of_date_at: null })
    .where("id", "=", roundId)
    .returningAll()
    .executeTakeFirst();
  if (!round) throw new Error(`There is no round with id ${roundId}`);
  return round;
}

/**
 * Approved returns' answers to `keys`, one row per return with its answers as one JSON object
 * (field key → [number, boolean, text]): a round is about 6,000 answers, and fetching them as one
 * row each costs more than the rest of a recompute (above all through PostgreSQL's client).
 */
function approvedAnswers(trx: Transaction<Database>, keys: readonly string[]) {
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const answers = postgres
    ? sql<AnswersJson>`json_object_agg(return_values.field_key, json_build_array(return_values.number_value, return_values.boolean_value, return_values.text_value))`
    : sql<AnswersJson>`json_group_object(return_values.field_key, json_array(return_values.number_value, return_values.boolean_value, return_values.text_value))`;
  return trx
    .selectFrom("return_values")
    .innerJoin("returns", "returns.id", "return_values.return_id")
    .select(["returns.id as returnId", "returns.authority_id as authorityId", answers.as("answers")])
    .where("returns.status", "=", "approved")
    .where("return_values.field_key", "in", [...keys])
    .groupBy(["returns.id", "returns.authority_id"]);
}

/** [number_value, boolean_value, text_value] by field key; SQLite returns the JSON as text, pg parses it. */
type AnswersJson = string | Record<string, [number | null, number | null, string | null]>;

function decodeAnswers(answers: AnswersJson): Record<string, FieldValue> {
  const columns = typeof answers === "string" ? (JSON.parse(answers) as Exclude<AnswersJson, string>) : answers;
  const values: Record<string, FieldValue> = {};
  for (const [key, [number_value, boolean_value, text_value]] of Object.entries(columns)) {
    values[key] = decodeReturnValue({ number_value, boolean_value, text_value });
  }
  return values;
}

/** The round's approved returns: only the answers its metrics read, in one query. */
async function readRoundInputs(trx: Transaction<Database>, round: RoundRow) {
  const rows = await approvedAnswers(trx, METRIC_INPUT_KEYS).where("returns.round_id", "=", round.id).orderBy("returns.id").execute();
  return rows.map((row) => ({ authorityId: row.authorityId, values: decodeAnswers(row.answers) }));
}

/**
 * Change base metrics of every earlier approved return in a published round (an earlier financial year) of
 * the authorities approved in `round`, oldest first: one query, reading only the answers they need.
 */
async function readHistory(trx: Transaction<Database>, round: RoundRow): Promise<Map<number, Record<string, number>[]>> {
  const rows = await approvedAnswers(trx, CHANGE_BASE_INPUT_KEYS)
    .innerJoin("rounds", "rounds.id", "returns.round_id")
    .where("rounds.financial_year", "<", round.financial_year)
    // Only published rounds: an unpublished or withdrawn round feeds no change or growth (spec §5.3 rule 7).
    .where("rounds.status", "=", "published")
    .where("returns.authority_id", "in", (eb) =>
      eb
        .selectFrom("returns as current")
        .select("current.authority_id")
        .where("current.round_id", "=", round.id)
        .where("current.status", "=", "approved"),
    )
    .groupBy(["rounds.financial_year", "rounds.slug"])
    .orderBy("rounds.financial_year")
    .orderBy("rounds.slug")
    .orderBy("returns.id")
    .execute();
  const history = new Map<number, Record<string, number>[]>();
  for (const row of rows) {
    const list = history.get(row.authorityId) ?? [];
    list.push(computeChangeBaseMetrics(decodeAnswers(row.answers)));
    history.set(row.authorityId, list);
  }
  return history;
}

/**
 * Replaces the round's stored results: one row per metric (about 100 for a round, however many
 * authorities) and one per metric's statistics. Statements are built with Kysely each time; at this
 * row count building them costs well under a millisecond.
 */
async function storeRoundResults(
  trx: Transaction<Database>,
  roundId: number,
  results: ReturnType<typeof computeRoundResults<number>>,
): Promise<void> {
  await trx.deleteFrom("round_metric_results").where("round_id", "=", roundId).execute();
  await trx.deleteFrom("round_statistics").where("round_id", "=", roundId).execute();
  const packed = [...packMetricResults(results.metrics)].map(([metric_key, json]) => ({ round_id: roundId, metric_key, results: json }));
  for (let i = 0; i < packed.length; i += BATCH_ROWS)
    await trx
      .insertInto("round_metric_results")
      .values(packed.slice(i, i + BATCH_ROWS))
      .execute();
  const statistics = results.statistics.map(({ metricKey, ...values }) => ({ round_id: roundId, metric_key: metricKey, ...values }));
  for (let i = 0; i < statistics.length; i += BATCH_ROWS)
    await trx
      .insertInto("round_statistics")
      .values(statistics.slice(i, i + BATCH_ROWS))
      .execute();
}

async function recomputeLockedRound(
  trx: Transaction<Database>,
  round: RoundRow,
  deflators: readonly Deflator[],
): Promise<RecomputeSummary> {
  const realTerms = resolveRealTerms(deflators, round.financial_year, round.base_year);
  const returns = await readRoundInputs(trx, round);
  const history = await readHistory(trx, round);
  const results = computeRoundResults({
    returns,
    history,
    prices: realTerms.available ? realTerms.prices : NO_REAL_TERMS,
  });

  await storeRoundResults(trx, round.id, results);
  return {
    roundId: round.id,
    slug: round.slug,
    returns: returns.length,
    metrics: results.metrics.length,
    statistics: results.statistics.length,
    realTerms,
  };
}

/** Replaces one round's metrics and statistics with those of its approved returns now. */
export async function recomputeRound(trx: Transaction<Database>, roundId: number): Promise<RecomputeSummary> {
  const round = await lockRound(trx, roundId);
  return recomputeLockedRound(trx, round, await readDeflatorTable(trx));
}

/** The round's status no longer allows the change that was asked for (it moved on since the page was read). */
export class RoundStatusChanged extends Error {}

/**
 * Locks the round's row (without marking its results changed) and reads it, so that a change to its
 * returns checks the round's status inside its own transaction: publishing, which updates the same
 * row, then waits for the change to commit or the change waits for publishing, never both at once.
 */
export async function lockRoundForChange(trx: Transaction<Database>, roundId: number): Promise<RoundRow> {
  const round = await trx
    .updateTable("rounds")
    .set((eb) => ({ status: eb.ref("status") }))
    .where("id", "=", roundId)
    .returningAll()
    .executeTakeFirst();
  if (!round) throw new Error(`There is no round with id ${roundId}`);
  return round;
}

/** What happens to later published rounds when an earlier round changes: flagged out of date, or recomputed. */
type LaterPublishedRounds = "flag" | "recompute";

/**
 * Published figures change only by withdraw and republish (round-lifecycle). When something a
 * published round's figures depend on changes — an earlier round's approved answers —
 * the round is flagged out of date for the coordinator instead of recomputed.
 */
async function flagOutOfDate(trx: Transaction<Database>, roundId: number): Promise<void> {
  await trx
    .updateTable("rounds")
    .set((eb) => ({ results_out_of_date_at: eb.fn.coalesce("results_out_of_date_at", eb.val(new Date().toISOString())) }))
    .where("id", "=", roundId)
    .execute();
}

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
    laterPublished === "recompute"
      ? []
      : (await trx.selectFrom("rounds").select("id").where("status", "=", "published").execute())
          .map((row) => row.id)
          .filter((id) => id !== alwaysRecompute),
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
  const round = await trx.selectFrom("rounds").select(["id", "financial_year"]).where("id", "=", roundId).executeTakeFirst();
  if (!round) throw new Error(`There is no round with id ${roundId}`);
  const later = await trx
    .selectFrom("rounds")
    .select("id")
    .where("financial_year", ">", round.financial_year)
    .orderBy("financial_year")
    .orderBy("slug")
    .execute();
  return recomputeInOrder(trx, [round.id, ...later.map((r) => r.id)], round.id, options.laterPublished);
}

/**
 * Recomputes every round, oldest first, published ones included: after the deflators change, every
 * real-terms figure may. Replacing the deflators is the coordinator's explicit, audited change to the
 * whole network's price base (docs/security.md lists it as the one exception to "published figures
 * change only by withdraw and republish").
 */
export async function recomputeAllRounds(trx: Transaction<Database>): Promise<RecomputeSummary[]> {
  const rounds = await trx.selectFrom("rounds").select("id").orderBy("financial_year").orderBy("slug").execute();
  const deflators = await readDeflatorTable(trx);
  const summaries: RecomputeSummary[] = [];
  for (const round of rounds) summaries.push(await recomputeLockedRound(trx, await lockRound(trx, round.id), deflators));
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
