/**
 * Exported tables (domain spec §6): the identified metrics, statistics and returns of a round, as CSV
 * or JSON. Numbers carry full precision (String(n) / JSON numbers), never display rounding.
 */
import { type CsvCell, formatCsv } from "./csv";
import type { MetricStatistics } from "./pipeline";
import type { QuestionSet } from "./question-set";
import { AUTHORITY_CODE_COLUMN } from "./returns-file";
import type { ReturnValues } from "./values";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportTable {
  columns: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

/** CSV with a header row, or a JSON array of objects keyed by column (blanks as null). */
export function formatExport(table: ExportTable, format: ExportFormat): string {
  if (format === "csv") return formatCsv([table.columns, ...table.rows]);
  const objects = table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column, row[i] ?? null])));
  return `${JSON.stringify(objects, null, 2)}\n`;
}

/** Long form, one row per available metric: `round,authority_code,metric,value`. */
export function metricsExportTable(
  roundSlug: string,
  metrics: readonly { authorityCode: string; metricKey: string; value: number }[],
): ExportTable {
  return {
    columns: ["round", AUTHORITY_CODE_COLUMN, "metric", "value"],
    rows: metrics.map((m) => [roundSlug, m.authorityCode, m.metricKey, m.value]),
  };
}

/** One row per metric: `round,metric,n,min,q1,median,q3,max,mean`. */
export function statisticsExportTable(roundSlug: string, statistics: readonly MetricStatistics[]): ExportTable {
  return {
    columns: ["round", "metric", "n", "min", "q1", "median", "q3", "max", "mean"],
    rows: statistics.map((s) => [roundSlug, s.metricKey, s.n, s.min, s.q1, s.median, s.q3, s.max, s.mean]),
  };
}

/**
 * Wide form in the import layout — `authority_code,<field key>,…` in question-set order, blanks empty —
 * so an exported file can be corrected and imported again.
 */
export function returnsExportTable(
  questionSet: QuestionSet,
  returns: readonly { authorityCode: string; values: ReturnValues }[],
): ExportTable {
  const keys = questionSet.fields.map((field) => field.key);
  return {
    columns: [AUTHORITY_CODE_COLUMN, ...keys],
    rows: returns.map(({ authorityCode, values }) => [authorityCode, ...keys.map((key) => values[key] ?? null)]),
  };
}
