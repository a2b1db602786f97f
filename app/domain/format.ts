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

export function formatCount(value: number): string {
  return COUNT_FORMAT.format(value);
}

export function formatPounds(value: number): string {
  return POUNDS_FORMAT.format(value);
}

export function formatPercent(value: number): string {
  return `${formatDecimal(value)}%`;
}

/** "1 authority", "12 authorities", "1,204 returns": the count as formatCount writes it. */
export function pluralise(count: number, singular: string, plural: string): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

const DECIMAL_FORMAT = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** One decimal place, with thousands separators: "4.2", "1,204.0". */
export function formatDecimal(value: number): string {
  return DECIMAL_FORMAT.format(value);
}

export const NOT_PROVIDED = "Not provided";

/** A stored answer as a person reads it on a summary page. */
export function displayFieldValue(field: FieldDefinition, value: FieldValue | undefined): string {
  if (value === null || value === undefined) return NOT_PROVIDED;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string") return value;
  return field.kind === "money" ? formatPounds(value) : formatCount(value);
}

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
      return formatDecimal(value);
  }
}

// ---- dates and times, as GOV.UK writes them: "31 July 2025", "1 December 2026 at 8:02pm" ----------

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const ISO_DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** England's calendar and clock; the numbers only, so server and browser (different ICU data) write the same text. */
const LONDON_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

interface LondonMoment {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function londonMoment(at: Date): LondonMoment {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

function toDate(value: string | Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  return date;
}

/**
 * "31 July 2025". A calendar date ("2025-07-31", as rounds store their opening and closing dates) is
 * that day wherever the reader is; a moment (an ISO timestamp) is the day it was in England.
 */
export function formatDate(value: string | Date): string {
  const dateOnly = typeof value === "string" ? ISO_DATE_ONLY.exec(value) : null;
  if (dateOnly) return `${Number(dateOnly[3])} ${MONTH_NAMES[Number(dateOnly[2]) - 1]} ${dateOnly[1]}`;
  const { year, month, day } = londonMoment(toDate(value));
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** "8:02pm", "9am", "midday", "midnight": England's clock, as GOV.UK writes times. */
export function formatTime(value: string | Date): string {
  const { hour, minute } = londonMoment(toDate(value));
  if (minute === 0 && hour === 12) return "midday";
  if (minute === 0 && hour === 0) return "midnight";
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${hour12}${minute === 0 ? "" : `:${String(minute).padStart(2, "0")}`}${hour < 12 ? "am" : "pm"}`;
}

/** "1 December 2026 at 8:02pm", in England's time. */
export function formatDateTime(value: string | Date): string {
  return `${formatDate(toDate(value))} at ${formatTime(value)}`;
}
