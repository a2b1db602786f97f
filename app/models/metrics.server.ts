import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { resolveRealTerms, type RealTerms } from "../domain/deflators";
import { METRIC_DEFINITIONS } from "../domain/metrics";
import type { MetricStatistics } from "../domain/pipeline";
import type { QuartileBand } from "../domain/statistics";
import { readDeflatorTable } from "./deflator.server";
import { listRounds } from "./round.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Readers of the materialised pipeline results (written by pipeline.server.ts). */

const METRIC_POSITION = new Map(METRIC_DEFINITIONS.map((definition, index) => [definition.key, index]));

function byMetricOrder(a: { metricKey: string }, b: { metricKey: string }): number {
  return (METRIC_POSITION.get(a.metricKey) ?? Infinity) - (METRIC_POSITION.get(b.metricKey) ?? Infinity);
}

export interface RoundMetric {
  authorityId: number;
  /** Identifies the authority: anonymise before anything reaches a member or regional viewer. */
  authorityCode: string;
  metricKey: string;
  value: number;
  rank: number | null;
  quartileBand: QuartileBand | null;
  percentile: number | null;
}

/** A round's metrics, by authority code and then in metric-definition order; optionally one metric only. */
export async function listRoundMetrics(db: Executor, roundId: number, options: { metricKey?: string } = {}): Promise<RoundMetric[]> {
  let query = db
    .selectFrom("return_metrics")
    .innerJoin("authorities", "authorities.id", "return_metrics.authority_id")
    .select([
      "return_metrics.authority_id as authorityId",
      "authorities.code as authorityCode",
      "return_metrics.metric_key as metricKey",
      "return_metrics.value",
      "return_metrics.rank",
      "return_metrics.quartile_band as quartileBand",
      "return_metrics.percentile",
    ])
    .where("return_metrics.round_id", "=", roundId);
  if (options.metricKey !== undefined) query = query.where("return_metrics.metric_key", "=", options.metricKey);
  const rows = await query.execute();
  return rows
    .map((row) => ({
      ...row,
      value: Number(row.value),
      percentile: row.percentile === null ? null : Number(row.percentile),
      quartileBand: row.quartileBand as QuartileBand | null,
    }))
    .sort((a, b) => (a.authorityCode < b.authorityCode ? -1 : a.authorityCode > b.authorityCode ? 1 : byMetricOrder(a, b)));
}

/** A round's statistics, one per metric that any approved return has, in metric-definition order. */
export async function listRoundStatistics(db: Executor, roundId: number): Promise<MetricStatistics[]> {
  const rows = await db
    .selectFrom("round_statistics")
    .select(["metric_key as metricKey", "n", "min", "q1", "median", "q3", "max", "mean"])
    .where("round_id", "=", roundId)
    .execute();
  return rows
    .map((row) => ({
      metricKey: row.metricKey,
      n: Number(row.n),
      min: Number(row.min),
      q1: Number(row.q1),
      median: Number(row.median),
      q3: Number(row.q3),
      max: Number(row.max),
      mean: Number(row.mean),
    }))
    .sort(byMetricOrder);
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
