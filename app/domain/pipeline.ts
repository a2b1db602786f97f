/**
 * The normalisation pipeline for a whole round (domain spec §4): every approved return's metrics,
 * its change and growth against the authority's earlier rounds, then each metric's rank, quartile
 * band and percentile within the round, and the round statistics. Pure, so the database recompute
 * and the benchmarks run exactly the same code.
 */
import { CHANGE_BASE_METRICS, METRIC_DEFINITIONS, computeChangeMetrics, computeReturnMetrics, type RealTermsPrices } from "./metrics";
import { rankValues, summarise, type QuartileBand, type RoundStatistics } from "./statistics";
import type { ReturnValues } from "./values";

export const NO_REAL_TERMS: RealTermsPrices = { roundIndex: null, baseIndex: null };

/** An earlier return's metrics that change and growth compare against (only those, to keep history small). */
export function computeChangeBaseMetrics(values: ReturnValues): Record<string, number> {
  const metrics = computeReturnMetrics(values, NO_REAL_TERMS);
  const base: Record<string, number> = {};
  for (const key of CHANGE_BASE_METRICS) {
    const value = metrics[key];
    if (value !== undefined) base[key] = value;
  }
  return base;
}

export interface RoundInput<Id> {
  /** The round's approved returns, one per authority. */
  returns: ReadonlyArray<{ authorityId: Id; values: ReturnValues }>;
  /** Each authority's earlier approved rounds' change base metrics, oldest first. */
  history: ReadonlyMap<Id, readonly Readonly<Record<string, number>>[]>;
  prices: RealTermsPrices;
}

export interface MetricResult<Id> {
  authorityId: Id;
  metricKey: string;
  value: number;
  rank: number;
  quartileBand: QuartileBand;
  percentile: number;
}

export interface MetricStatistics extends RoundStatistics {
  metricKey: string;
}

export interface RoundResults<Id> {
  /** Every available metric of every return; a metric that is not available has no entry. */
  metrics: MetricResult<Id>[];
  /** One entry per metric that at least one return has, in METRIC_DEFINITIONS order. */
  statistics: MetricStatistics[];
}

/** Metrics, ranks and statistics for one round. Cost: O(n log n) in the number of returns, per metric. */
export function computeRoundResults<Id>(input: RoundInput<Id>): RoundResults<Id> {
  const valuesByMetric = new Map<string, { id: Id; value: number }[]>();
  for (const { authorityId, values } of input.returns) {
    const own = computeReturnMetrics(values, input.prices);
    const change = computeChangeMetrics(own, input.history.get(authorityId) ?? []);
    for (const metrics of [own, change]) {
      for (const [metricKey, value] of Object.entries(metrics)) {
        let entries = valuesByMetric.get(metricKey);
        if (!entries) valuesByMetric.set(metricKey, (entries = []));
        entries.push({ id: authorityId, value });
      }
    }
  }

  const results: RoundResults<Id> = { metrics: [], statistics: [] };
  for (const { key: metricKey } of METRIC_DEFINITIONS) {
    const entries = valuesByMetric.get(metricKey);
    const statistics = entries && summarise(entries.map((entry) => entry.value));
    if (!entries || !statistics) continue;
    const ranks = rankValues(entries);
    for (const { id, value } of entries) {
      // rankValues ranks every entry it is given.
      const { rank, quartileBand, percentile } = ranks.get(id)!;
      results.metrics.push({ authorityId: id, metricKey, value, rank, quartileBand, percentile });
    }
    results.statistics.push({ metricKey, ...statistics });
  }
  return results;
}
