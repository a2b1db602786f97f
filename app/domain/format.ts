/**
 * How numbers are shown to people (domain spec §4): pounds to the pound, percentages to one
 * decimal place, counts whole, all with thousands separators. Exports keep full precision instead.
 */
import type { MetricUnit } from "./metrics";
import type { FieldDefinition } from "./question-set";
import type { FieldValue } from "./values";

const COUNT_FORMAT = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const POUNDS_FORMAT = new Intl.NumberFormat("en-GB", {
  style: "currency",
  currency: "GBP",
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const PERCENT_FORMAT = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}

export function formatPounds(value: number): string {
  return POUNDS_FORMAT.format(value);
}

export function formatPercent(value: number): string {
  return `${PERCENT_FORMAT.format(value)}%`;
}

export const NOT_PROVIDED = "Not provided";

/** A stored answer as a person reads it on a summary page. */
export function displayFieldValue(field: FieldDefinition, value: FieldValue | undefined): string {
  if (value === null || value === undefined) return NOT_PROVIDED;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string") return value;
  return field.kind === "money" ? formatPounds(value) : formatCount(value);
}

const DECIMAL_FORMAT = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * A metric's value for people, by its unit: "£9,120", "31.4%", "1,204", "4.2" (ratios and rates to
 * one decimal place). Change and growth are percentages and carry their sign: "+317.9%".
 */
export function formatMetricValue(unit: MetricUnit, value: number, options: { signed?: boolean } = {}): string {
  switch (unit) {
    case "gbp":
      return formatPounds(value);
    case "percent":
      return `${options.signed && value > 0 ? "+" : ""}${formatPercent(value)}`;
    case "count":
      return formatCount(value);
    case "ratio":
    case "rate_per_100":
    case "rate_per_10k":
      return DECIMAL_FORMAT.format(value);
  }
}
