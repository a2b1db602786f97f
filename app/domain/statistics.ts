/**
 * Round statistics and ranks over one metric's values (domain spec §4). Quantiles are R type 7
 * (linear interpolation between order statistics: d3.quantile, Excel QUARTILE.INC).
 * Inputs are finite numbers, as computeReturnMetrics produces.
 */
import { fsum, quantileSorted } from "d3-array";

export interface RoundStatistics {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
}

/**
 * Ascending order for finite numbers (see the module note). A local comparator rather than
 * d3.ascending: sorting is the hot loop of a recompute, and d3's re-exported binding costs a lookup
 * on every comparison.
 */
function byValue(a: number, b: number): number {
  return a - b;
}

interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

function quartilesOfSorted(sorted: number[]): Quartiles {
  // quantileSorted only returns undefined for an empty array, which callers never pass.
  return {
    q1: quantileSorted(sorted, 0.25) as number,
    median: quantileSorted(sorted, 0.5) as number,
    q3: quantileSorted(sorted, 0.75) as number,
  };
}

/** n, min, quartiles, max and mean of `values`, or null when there are none. */
export function summarise(values: readonly number[]): RoundStatistics | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(byValue);
  return {
    n: sorted.length,
    min: sorted[0] as number,
    ...quartilesOfSorted(sorted),
    max: sorted[sorted.length - 1] as number,
    mean: fsum(sorted) / sorted.length,
  };
}

export type QuartileBand = 1 | 2 | 3 | 4;

export interface RankedValue {
  /** 1 = lowest value; equal values share the lowest rank of their group (1, 2, 2, 4). */
  rank: number;
  /** How many values were ranked. */
  n: number;
  /**
   * Which quarter of the distribution the value falls in, judged against the R-7 quartiles
   * (q1, median, q3) of the same values: band 1 when value ≤ q1, band 2 when q1 < value ≤ median,
   * band 3 when median < value ≤ q3, band 4 when value > q3. A value exactly on a boundary goes
   * to the lower band, so the bands agree with the quartile lines drawn on charts.
   */
  quartileBand: QuartileBand;
  /**
   * The percentage of the *other* values that are strictly below this one, 0 to 100:
   * (rank − 1) / (n − 1) × 100 — Excel's PERCENTRANK.INC. The lowest value is 0, a value above
   * every other is 100, and a lone value is 0 (no other value is below it).
   */
  percentile: number;
}

function quartileBandOf(value: number, { q1, median, q3 }: Quartiles): QuartileBand {
  if (value <= q1) return 1;
  if (value <= median) return 2;
  if (value <= q3) return 3;
  return 4;
}

/**
 * The rank, quartile band and percentile of every entry, by id (ids must be unique).
 * Sorts once: O(n log n).
 */
export function rankValues<T>(entries: readonly { id: T; value: number }[]): Map<T, RankedValue> {
  const n = entries.length;
  const ranked = new Map<T, RankedValue>();
  if (n === 0) return ranked;

  const sorted = [...entries].sort((a, b) => byValue(a.value, b.value));
  const quartiles = quartilesOfSorted(sorted.map((entry) => entry.value));

  let rank = 1;
  let previous = Number.NaN;
  sorted.forEach((entry, position) => {
    if (entry.value !== previous) {
      rank = position + 1;
      previous = entry.value;
    }
    ranked.set(entry.id, {
      rank,
      n,
      quartileBand: quartileBandOf(entry.value, quartiles),
      percentile: n === 1 ? 0 : ((rank - 1) / (n - 1)) * 100,
    });
  });
  return ranked;
}
