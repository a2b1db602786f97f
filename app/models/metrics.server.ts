import type { Executor } from "../../db/schema";
import { METRIC_DEFINITIONS } from "../domain/metrics";
import type { MetricStatistics } from "../domain/pipeline";
import type { QuartileBand } from "../domain/statistics";

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

/**
 * One metric's results in one round as stored in `round_metric_results.results`: equal-length
 * columns, one entry per authority that has the metric (docs/decisions/006-packed-metric-results.md).
 */
export interface PackedMetricResults {
  authorityIds: number[];
  values: number[];
  ranks: Array<number | null>;
  quartileBands: Array<number | null>;
  percentiles: Array<number | null>;
}

/** Packs one round's results, metric by metric, for `round_metric_results` (metricKey → JSON text). */
export function packMetricResults(
  metrics: ReadonlyArray<{
    authorityId: number;
    metricKey: string;
    value: number;
    rank: number | null;
    quartileBand: number | null;
    percentile: number | null;
  }>,
): Map<string, string> {
  const columns = new Map<string, PackedMetricResults>();
  for (const m of metrics) {
    let packed = columns.get(m.metricKey);
    if (!packed) columns.set(m.metricKey, (packed = { authorityIds: [], values: [], ranks: [], quartileBands: [], percentiles: [] }));
    packed.authorityIds.push(m.authorityId);
    packed.values.push(m.value);
    packed.ranks.push(m.rank);
    packed.quartileBands.push(m.quartileBand);
    packed.percentiles.push(m.percentile);
  }
  return new Map([...columns].map(([key, packed]) => [key, JSON.stringify(packed)]));
}

/** The stored results of one metric in one round, unpacked into one entry per authority. */
export function unpackMetricResults(metricKey: string, results: string): Array<Omit<RoundMetric, "authorityCode">> {
  const packed = JSON.parse(results) as PackedMetricResults;
  return packed.authorityIds.map((authorityId, i) => ({
    authorityId,
    metricKey,
    value: packed.values[i]!,
    rank: packed.ranks[i] ?? null,
    quartileBand: (packed.quartileBands[i] ?? null) as QuartileBand | null,
    percentile: packed.percentiles[i] ?? null,
  }));
}

/** A round's metrics, by authority code and then in metric-definition order; optionally one metric only. */
export async function listRoundMetrics(db: Executor, roundId: number, options: { metricKey?: string } = {}): Promise<RoundMetric[]> {
  let query = db.selectFrom("round_metric_results").select(["metric_key", "results"]).where("round_id", "=", roundId);
  if (options.metricKey !== undefined) query = query.where("metric_key", "=", options.metricKey);
  const [rows, authorities] = await Promise.all([query.execute(), db.selectFrom("authorities").select(["id", "code"]).execute()]);
  const codes = new Map(authorities.map((a) => [a.id, a.code]));
  // Sorted by code, then metric order, as one stable sort of every entry would order them, with far
  // fewer comparisons (a round is ~11,800 entries): the rows (one per metric) are sorted by metric
  // order first, so each code's entries, gathered row by row, are in metric order already.
  const byCode = new Map<string, RoundMetric[]>();
  for (const row of rows.sort((a, b) => byMetricOrder({ metricKey: a.metric_key }, { metricKey: b.metric_key })))
    for (const metric of unpackMetricResults(row.metric_key, row.results) as RoundMetric[]) {
      // Set on the entry itself (after its other fields, as a copy would have it): copying ~11,800 entries cost more than the rest.
      metric.authorityCode = codes.get(metric.authorityId) ?? "";
      let group = byCode.get(metric.authorityCode);
      if (!group) byCode.set(metric.authorityCode, (group = []));
      group.push(metric);
    }
  return [...byCode.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).flatMap((code) => byCode.get(code)!);
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
