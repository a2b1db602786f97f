/**
 * From an authority's approved history to the forecast page and the forecast/decompose commands:
 * which figures feed each formula in domain/forecasts, and the JSON shape the command line prints.
 */
import { median } from "d3-array";
import { SEND_COHORTS, type Cohort } from "./cohorts";
import { type Deflator, deflatorIndex } from "./deflators";
import { parseFinancialYear } from "./financial-year";
import { type Decomposition, type ForecastResult, type GrowthPoint, forecastLogLinear } from "./forecasts";
import { computeReturnMetrics } from "./metrics";
import { type ReturnValues, numberAt } from "./values";

export const FORECAST_METRICS = ["ehcps", "children.send", "spend.send", "unit_cost.send", "spend.total"] as const;
export type ForecastMetric = (typeof FORECAST_METRICS)[number];

export interface HistoryEntry {
  financialYear: string;
  values: ReturnValues;
  metrics: Readonly<Record<string, number>>;
}

/**
 * Spend and children for a cohort, or for SEND as a whole (Σ over SEND cohorts that give both, the
 * same rule as unit_cost.send), with the year's deflator. Null when a figure is missing.
 */
export function growthPoint(entry: HistoryEntry, cohort: Cohort | "send", deflators: readonly Deflator[]): GrowthPoint | null {
  const deflator = deflatorIndex(deflators, entry.financialYear);
  const cohorts = cohort === "send" ? SEND_COHORTS : [cohort];
  let spend = 0;
  let children = 0;
  let any = false;
  for (const c of cohorts) {
    const s = numberAt(entry.values, `transport.${c}.spend`);
    const n = numberAt(entry.values, `transport.${c}.children`);
    if (s === null || n === null) continue;
    spend += s;
    children += n;
    any = true;
  }
  return any && deflator !== null ? { spend, children, deflator } : null;
}

/** The history of one metric as (start year, value) pairs, for the rounds that have it. */
export function metricHistory(history: readonly HistoryEntry[], metric: string): Array<{ year: number; value: number }> {
  return history.flatMap((entry) => {
    const value = entry.metrics[metric];
    const year = parseFinancialYear(entry.financialYear);
    return value === undefined || year === null ? [] : [{ year, value }];
  });
}

export function forecastMetric(history: readonly HistoryEntry[], metric: string): { history: Array<{ year: number; value: number }>; result: ForecastResult } {
  const points = metricHistory(history, metric);
  return { history: points, result: forecastLogLinear(points) };
}

/** The network's median of each factor, over authorities that have both rounds' figures. */
export function medianDecomposition(decompositions: readonly Decomposition[]): { volume: number; inflation: number; realUnitCost: number; spendChange: number; n: number } | null {
  if (decompositions.length === 0) return null;
  return {
    volume: median(decompositions, (d) => d.volume)!,
    inflation: median(decompositions, (d) => d.inflation)!,
    realUnitCost: median(decompositions, (d) => d.realUnitCost)!,
    spendChange: median(decompositions, (d) => d.spendChange)!,
    n: decompositions.length,
  };
}

/** The `forecast` command's JSON: full precision, keys as documented. */
export function forecastJson(metric: string, forecast: ReturnType<typeof forecastMetric>) {
  return {
    metric,
    history: forecast.history,
    ...(forecast.result.ok
      ? {
          forecast: forecast.result.forecast.forecast.map((p) => ({ year: p.year, central: p.central, low: p.low, high: p.high })),
          annual_growth: forecast.result.forecast.annualGrowth,
        }
      : { forecast: [], annual_growth: null, reason: forecast.result.reason }),
  };
}

/** The `decompose` command's JSON. */
export function decompositionJson(from: GrowthPoint, to: GrowthPoint, decomposition: Decomposition) {
  return {
    from,
    to,
    volume: decomposition.volume,
    inflation: decomposition.inflation,
    real_unit_cost: decomposition.realUnitCost,
    spend_change: decomposition.spendChange,
    shares: decomposition.shares && { volume: decomposition.shares.volume, inflation: decomposition.shares.inflation, real_unit_cost: decomposition.shares.realUnitCost },
  };
}

/**
 * A group's history as if it were one authority: for the authorities that have an approved return in
 * every one of the group's years, each year's answers summed (a figure counts only when every one of
 * them gives it) and its metrics computed from the sums. Null — suppressed — when fewer than
 * `minGroupSize` authorities qualify, so no aggregate can stand for a handful of known councils.
 */
export function aggregateHistory(histories: ReadonlyArray<readonly HistoryEntry[]>, minGroupSize: number): { history: HistoryEntry[]; n: number } | null {
  const years = [...new Set(histories.flatMap((history) => history.map((entry) => entry.financialYear)))].sort();
  const complete = histories.filter((history) => years.every((year) => history.some((entry) => entry.financialYear === year)));
  if (complete.length < minGroupSize || years.length === 0) return null;
  const history = years.map((financialYear) => {
    const entries = complete.map((history) => history.find((entry) => entry.financialYear === financialYear)!);
    const keys = new Set(entries.flatMap((entry) => Object.keys(entry.values)));
    const values: Record<string, number> = {};
    for (const key of keys) {
      const numbers = entries.map((entry) => numberAt(entry.values, key));
      if (numbers.every((n): n is number => n !== null)) values[key] = numbers.reduce((a, b) => a + b, 0);
    }
    return { financialYear, values, metrics: computeReturnMetrics(values, { roundIndex: null, baseIndex: null }) };
  });
  return { history, n: complete.length };
}
