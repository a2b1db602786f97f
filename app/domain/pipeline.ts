/**
 * The normalisation pipeline for a whole round (domain spec §4): every approved return's metrics,
 * its change and growth against the authority's earlier rounds, then each metric's rank, quartile
 * band and percentile within the round, and the round statistics. Pure, so the database recompute
 * and the benchmarks run exactly the same code.
 */
import { COHORTS } from "./cohorts";
import { CHANGE_BASE_METRICS, METRIC_DEFINITIONS, computeChangeMetrics, computeReturnMetrics, type RealTermsPrices } from "./metrics";
import { rankValues, summarise, type QuartileBand, type RankedValue, type RoundStatistics } from "./statistics";
import type { ReturnValues } from "./values";

export const NO_REAL_TERMS: RealTermsPrices = { roundIndex: null, baseIndex: null };

/** The answers the change and growth base metrics are made of: all an earlier round needs to supply. */
export const CHANGE_BASE_INPUT_KEYS: readonly string[] = [
  "ehcp.total",
  ...COHORTS.flatMap((cohort) => [`transport.${cohort}.children`, `transport.${cohort}.spend`]),
];

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

/**
 * Metrics, ranks and statistics for one round. Cost: O(n log n) in the number of returns, per metric.
 * Metrics come out grouped by authority, in input order, which is the order of the stored rows' key.
 */
export function computeRoundResults<Id>(input: RoundInput<Id>): RoundResults<Id> {
  const valuesByMetric = new Map<string, { id: Id; value: number }[]>();
  const perReturn = input.returns.map(({ authorityId, values }) => {
    const own = computeReturnMetrics(values, input.prices);
    const metrics = { ...own, ...computeChangeMetrics(own, input.history.get(authorityId) ?? []) };
    for (const metricKey in metrics) {
      let entries = valuesByMetric.get(metricKey);
      if (!entries) valuesByMetric.set(metricKey, (entries = []));
      entries.push({ id: authorityId, value: metrics[metricKey]! });
    }
    return { authorityId, metrics };
  });

  const statistics: MetricStatistics[] = [];
  const ranksByMetric = new Map<string, Map<Id, RankedValue>>();
  for (const { key: metricKey } of METRIC_DEFINITIONS) {
    const entries = valuesByMetric.get(metricKey);
    const summary = entries && summarise(entries.map((entry) => entry.value));
    if (!entries || !summary) continue;
    ranksByMetric.set(metricKey, rankValues(entries));
    statistics.push({ metricKey, ...summary });
  }

  const metrics: MetricResult<Id>[] = [];
  for (const { authorityId, metrics: values } of perReturn) {
    for (const metricKey in values) {
      // Every metric a return has was ranked above, together with the same metric of the other returns.
      const { rank, quartileBand, percentile } = ranksByMetric.get(metricKey)!.get(authorityId)!;
      metrics.push({ authorityId, metricKey, value: values[metricKey]!, rank, quartileBand, percentile });
    }
  }
  return { metrics, statistics };
}
