import { PostgresAdapter, type Transaction, sql } from "kysely";
import type { Database, RoundRow } from "../../db/schema";
import { CHANGE_BASE_INPUT_KEYS, METRIC_INPUT_KEYS } from "../domain/metrics";
import type { RoundResults } from "../domain/pipeline";
import type { FieldValue } from "../domain/values";
import { packMetricResults } from "./metrics.server";
import { decodeReturnValue } from "./return.server";
import { bumpResultsVersion } from "./results-version.server";

/**
 * The SQL of the materialised pipeline: `round_metric_results` and `round_statistics` hold, for each
 * round, what domain/pipeline.ts computes from its approved returns (services/recompute.server.ts
 * puts the two together). Every function here runs inside the caller's transaction, so readers see a
 * round's old results or its new ones, never half of each.
 */

// Rows per INSERT: 1,000 × 9 columns stays well inside SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const BATCH_ROWS = 1000;

/**
 * Locks the round's row and reads it, so two recomputes of one round — two coordinators approving at
 * once — run one after the other instead of colliding on the primary key, and the second reads what
 * the first committed. The update stamps updated_at, so whatever caches a round's results
 * (services/round-results.server.ts) sees that they changed.
 */
export async function lockRound(trx: Transaction<Database>, roundId: number): Promise<RoundRow> {
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
export async function readRoundInputs(trx: Transaction<Database>, round: RoundRow) {
  const rows = await approvedAnswers(trx, METRIC_INPUT_KEYS).where("returns.round_id", "=", round.id).orderBy("returns.id").execute();
  return rows.map((row) => ({ authorityId: row.authorityId, values: decodeAnswers(row.answers) }));
}

/**
 * The change base inputs of every earlier approved return in a published round (an earlier financial
 * year) of the authorities approved in `round`, oldest first: one query, reading only the answers they need.
 */
export async function readEarlierPublishedAnswers(
  trx: Transaction<Database>,
  round: RoundRow,
): Promise<Array<{ authorityId: number; values: Record<string, FieldValue> }>> {
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
  return rows.map((row) => ({ authorityId: row.authorityId, values: decodeAnswers(row.answers) }));
}

/**
 * Replaces the round's stored results: one row per metric (about 100 for a round, however many
 * authorities) and one per metric's statistics. Rows are upserted and written only where they
 * changed (a republish or an approval that moves nothing writes nothing), and rows of metrics no
 * longer computed are deleted, so the round ends up with exactly these results.
 */
export async function storeRoundResults(
  trx: Transaction<Database>,
  roundId: number,
  results: Pick<RoundResults<number>, "metrics" | "statistics">,
): Promise<void> {
  const packed = [...packMetricResults(results.metrics)].map(([metric_key, json]) => ({ round_id: roundId, metric_key, results: json }));
  const statistics = results.statistics.map(({ metricKey, ...values }) => ({ round_id: roundId, metric_key: metricKey, ...values }));
  await deleteOtherMetrics(trx, "round_metric_results", roundId, packed);
  for (let i = 0; i < packed.length; i += BATCH_ROWS)
    await trx
      .insertInto("round_metric_results")
      .values(packed.slice(i, i + BATCH_ROWS))
      .onConflict((oc) =>
        oc
          .columns(["round_id", "metric_key"])
          .doUpdateSet((eb) => ({ results: eb.ref("excluded.results") }))
          .where((eb) => eb("round_metric_results.results", "<>", eb.ref("excluded.results"))),
      )
      .execute();
  await deleteOtherMetrics(trx, "round_statistics", roundId, statistics);
  for (let i = 0; i < statistics.length; i += BATCH_ROWS)
    await trx
      .insertInto("round_statistics")
      .values(statistics.slice(i, i + BATCH_ROWS))
      .onConflict((oc) =>
        oc
          .columns(["round_id", "metric_key"])
          .doUpdateSet((eb) => Object.fromEntries(STATISTIC_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])))
          .where((eb) => eb.or(STATISTIC_COLUMNS.map((column) => eb(`round_statistics.${column}`, "<>", eb.ref(`excluded.${column}`))))),
      )
      .execute();
}

const STATISTIC_COLUMNS = ["n", "min", "q1", "median", "q3", "max", "mean"] as const;

/** Deletes the round's rows of `table` for metrics other than those in `kept`. */
async function deleteOtherMetrics(
  trx: Transaction<Database>,
  table: "round_metric_results" | "round_statistics",
  roundId: number,
  kept: ReadonlyArray<{ metric_key: string }>,
): Promise<void> {
  let query = trx.deleteFrom(table).where("round_id", "=", roundId);
  if (kept.length > 0)
    query = query.where(
      "metric_key",
      "not in",
      kept.map((row) => row.metric_key),
    );
  await query.execute();
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

/**
 * Published figures change only by withdraw and republish (round-lifecycle). When something a
 * published round's figures depend on changes — an earlier round's approved answers —
 * the round is flagged out of date for the coordinator instead of recomputed.
 */
export async function flagOutOfDate(trx: Transaction<Database>, roundId: number): Promise<void> {
  await trx
    .updateTable("rounds")
    .set((eb) => ({ results_out_of_date_at: eb.fn.coalesce("results_out_of_date_at", eb.val(new Date().toISOString())) }))
    .where("id", "=", roundId)
    .execute();
}

/** The ids of the published rounds. */
export async function listPublishedRoundIds(trx: Transaction<Database>): Promise<number[]> {
  return (await trx.selectFrom("rounds").select("id").where("status", "=", "published").execute()).map((row) => row.id);
}

/** The round's id and those of every round with a later financial year, oldest first. */
export async function listRoundIdsFrom(trx: Transaction<Database>, roundId: number): Promise<number[]> {
  const round = await trx.selectFrom("rounds").select(["id", "financial_year"]).where("id", "=", roundId).executeTakeFirst();
  if (!round) throw new Error(`There is no round with id ${roundId}`);
  const later = await trx
    .selectFrom("rounds")
    .select("id")
    .where("financial_year", ">", round.financial_year)
    .orderBy("financial_year")
    .orderBy("slug")
    .execute();
  return [round.id, ...later.map((r) => r.id)];
}

/** Every round's id, oldest first. */
export async function listRoundIdsOldestFirst(trx: Transaction<Database>): Promise<number[]> {
  return (await trx.selectFrom("rounds").select("id").orderBy("financial_year").orderBy("slug").execute()).map((row) => row.id);
}
