import { CompiledQuery, type InsertObject, type Transaction } from "kysely";
import type { Database, RoundRow } from "../../db/schema";
import { resolveRealTerms, type Deflator, type RealTerms } from "../domain/deflators";
import { CHANGE_BASE_INPUT_KEYS, METRIC_INPUT_KEYS } from "../domain/metrics";
import { NO_REAL_TERMS, computeChangeBaseMetrics, computeRoundResults } from "../domain/pipeline";
import type { FieldValue } from "../domain/values";
import { appendAudit } from "./audit.server";
import { type ReferenceSource, readDeflatorTable, replaceDeflators } from "./deflator.server";
import { decodeReturnValue } from "./return.server";

/**
 * The materialised results of the normalisation pipeline: `return_metrics` and `round_statistics`
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
  const round = await trx
    .updateTable("rounds")
    .set({ updated_at: new Date().toISOString() })
    .where("id", "=", roundId)
    .returningAll()
    .executeTakeFirst();
  if (!round) throw new Error(`There is no round with id ${roundId}`);
  return round;
}

/** Approved returns' answers to `keys` (one row per answer), before narrowing to the returns wanted. */
function approvedAnswers(trx: Transaction<Database>, keys: readonly string[]) {
  return trx
    .selectFrom("return_values")
    .innerJoin("returns", "returns.id", "return_values.return_id")
    .select([
      "returns.id as returnId",
      "returns.authority_id as authorityId",
      "return_values.field_key",
      "return_values.number_value",
      "return_values.text_value",
      "return_values.boolean_value",
    ])
    .where("returns.status", "=", "approved")
    .where("return_values.field_key", "in", [...keys]);
}

/** Answer rows grouped into one return each, in the order the rows came. */
function groupByReturn(
  rows: ReadonlyArray<{ returnId: number; authorityId: number; field_key: string } & Parameters<typeof decodeReturnValue>[0]>,
): Array<{ authorityId: number; values: Record<string, FieldValue> }> {
  const returns = new Map<number, { authorityId: number; values: Record<string, FieldValue> }>();
  for (const row of rows) {
    let answers = returns.get(row.returnId);
    if (!answers) returns.set(row.returnId, (answers = { authorityId: row.authorityId, values: {} }));
    answers.values[row.field_key] = decodeReturnValue(row);
  }
  return [...returns.values()];
}

/** The round's approved returns: only the answers its metrics read, in one query. */
async function readRoundInputs(trx: Transaction<Database>, round: RoundRow) {
  return groupByReturn(await approvedAnswers(trx, METRIC_INPUT_KEYS).where("returns.round_id", "=", round.id).execute());
}

/**
 * Change base metrics of every earlier approved return (a round with an earlier financial year) of
 * the authorities approved in `round`, oldest first: one query, reading only the answers they need.
 */
async function readHistory(trx: Transaction<Database>, round: RoundRow): Promise<Map<number, Record<string, number>[]>> {
  const rows = await approvedAnswers(trx, CHANGE_BASE_INPUT_KEYS)
    .innerJoin("rounds", "rounds.id", "returns.round_id")
    .where("rounds.financial_year", "<", round.financial_year)
    .where("returns.authority_id", "in", (eb) =>
      eb
        .selectFrom("returns as current")
        .select("current.authority_id")
        .where("current.round_id", "=", round.id)
        .where("current.status", "=", "approved"),
    )
    .orderBy("rounds.financial_year")
    .orderBy("rounds.slug")
    .execute();
  const history = new Map<number, Record<string, number>[]>();
  for (const { authorityId, values } of groupByReturn(rows)) {
    const list = history.get(authorityId) ?? [];
    list.push(computeChangeBaseMetrics(values));
    history.set(authorityId, list);
  }
  return history;
}

/** Insert statements for full batches, by dialect adapter and table: the text depends on nothing else. */
const fullBatchSql = new WeakMap<object, Map<string, string>>();

/**
 * Inserts rows in batches. Every full batch after the first reuses the SQL text Kysely built for
 * the first, with new parameters: building a 1,000-row insert (7,000 values) costs about as much as
 * SQLite's own work to store it, and a recompute of a large network writes a million rows. Rows must
 * list their columns in the same order.
 */
async function insertInBatches<T extends "return_metrics" | "round_statistics">(
  trx: Transaction<Database>,
  table: T,
  rows: ReadonlyArray<InsertObject<Database, T>>,
): Promise<void> {
  const adapter = trx.getExecutor().adapter;
  let texts = fullBatchSql.get(adapter);
  if (!texts) fullBatchSql.set(adapter, (texts = new Map()));
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const batch = rows.slice(i, i + BATCH_ROWS);
    const text = texts.get(table);
    if (batch.length < BATCH_ROWS || text === undefined) {
      const query = trx.insertInto(table).values(batch);
      if (batch.length === BATCH_ROWS) texts.set(table, query.compile().sql);
      await query.execute();
    } else {
      await trx.executeQuery(CompiledQuery.raw(text, batch.flatMap((row) => Object.values(row))));
    }
  }
}

async function recomputeLockedRound(trx: Transaction<Database>, round: RoundRow, deflators: readonly Deflator[]): Promise<RecomputeSummary> {
  const realTerms = resolveRealTerms(deflators, round.financial_year, round.base_year);
  const returns = await readRoundInputs(trx, round);
  const history = await readHistory(trx, round);
  const results = computeRoundResults({
    returns,
    history,
    prices: realTerms.available ? realTerms.prices : NO_REAL_TERMS,
  });

  await trx.deleteFrom("return_metrics").where("round_id", "=", round.id).execute();
  await trx.deleteFrom("round_statistics").where("round_id", "=", round.id).execute();
  await insertInBatches(
    trx,
    "return_metrics",
    results.metrics.map((m) => ({
      round_id: round.id,
      authority_id: m.authorityId,
      metric_key: m.metricKey,
      value: m.value,
      rank: m.rank,
      quartile_band: m.quartileBand,
      percentile: m.percentile,
    })),
  );
  await insertInBatches(
    trx,
    "round_statistics",
    results.statistics.map(({ metricKey, ...statistics }) => ({ round_id: round.id, metric_key: metricKey, ...statistics })),
  );
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

async function recomputeInOrder(trx: Transaction<Database>, roundIds: readonly number[]): Promise<RecomputeSummary[]> {
  const deflators = await readDeflatorTable(trx);
  const summaries: RecomputeSummary[] = [];
  for (const roundId of roundIds) summaries.push(await recomputeLockedRound(trx, await lockRound(trx, roundId), deflators));
  return summaries;
}

/**
 * Recomputes the round and every round with a later financial year, oldest first: a later round's
 * change and growth compare against this one, so they move with it. Call after anything that
 * changes which returns are approved, or their answers.
 */
export async function recomputeRoundsFrom(trx: Transaction<Database>, roundId: number): Promise<RecomputeSummary[]> {
  const round = await trx.selectFrom("rounds").select(["id", "financial_year"]).where("id", "=", roundId).executeTakeFirst();
  if (!round) throw new Error(`There is no round with id ${roundId}`);
  const later = await trx
    .selectFrom("rounds")
    .select("id")
    .where("financial_year", ">", round.financial_year)
    .orderBy("financial_year")
    .orderBy("slug")
    .execute();
  return recomputeInOrder(trx, [round.id, ...later.map((r) => r.id)]);
}

/** Recomputes every round, oldest first (after the deflators change, every real-terms figure may). */
export async function recomputeAllRounds(trx: Transaction<Database>): Promise<RecomputeSummary[]> {
  const rounds = await trx.selectFrom("rounds").select("id").orderBy("financial_year").orderBy("slug").execute();
  return recomputeInOrder(trx, rounds.map((r) => r.id));
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
