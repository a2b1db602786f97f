import { formatMetricValue } from "./format";
import type { MetricUnit } from "./metrics";
import type { QuartileBand } from "./statistics";

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th";
  return `${n}${suffix}`;
}

export const QUARTILE_BAND_NAMES: Record<QuartileBand, string> = {
  1: "lowest quartile",
  2: "lower-middle quartile",
  3: "upper-middle quartile",
  4: "upper quartile",
};

const UNIT_SUFFIX: Partial<Record<MetricUnit, string>> = { rate_per_10k: " per 10,000", rate_per_100: " per 100 children" };

/**
 * A ranked value in words, as well as in pictures: "£9,120 a child — 31st lowest of 48; upper quartile".
 * `per` is what the value is per ("a child"), when the unit alone does not say it.
 */
export function describeRankedValue(input: {
  value: number;
  unit: MetricUnit;
  rank: number | null;
  n: number;
  quartileBand: QuartileBand | null;
  per?: string;
}): string {
  const amount = `${formatMetricValue(input.unit, input.value)}${UNIT_SUFFIX[input.unit] ?? ""}${input.per ? ` ${input.per}` : ""}`;
  if (input.rank === null || input.n < 2) return amount;
  const band = input.quartileBand ? `; ${QUARTILE_BAND_NAMES[input.quartileBand]}` : "";
  return `${amount} — ${ordinal(input.rank)} lowest of ${input.n}${band}`;
}
