/**
 * GDP deflators by financial year (HM Treasury), used to express unit costs in a base year's prices.
 * Shipped as `db/reference/gdp-deflators.csv`; a coordinator may upload a replacement in the same form.
 */
import { parseFinancialYear } from "./financial-year";

export interface Deflator {
  /** "YYYY-YY", e.g. "2024-25". */
  financialYear: string;
  /** The deflator index (any base: only ratios between years are used). */
  index: number;
}

export type DeflatorCsvResult = { ok: true; deflators: Deflator[] } | { ok: false; errors: string[] };

const HEADER = "financial_year,index";
const POSITIVE_DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/** A field as typed, less surrounding spaces and one pair of the double quotes spreadsheets add. */
function unquoted(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

/**
 * Reads a deflator CSV: the header `financial_year,index`, then one row per financial year.
 * Tolerates a byte-order mark, CRLF line endings and trailing blank lines. Rows are numbered as a
 * spreadsheet shows them (the header is row 1), and every error names the row, the field, the value
 * given and what was expected. The deflators come back in financial-year order.
 */
export function parseDeflatorCsv(text: string): DeflatorCsvResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && (lines.at(-1) as string).trim() === "") lines.pop();

  const [header, ...rows] = lines;
  if (header === undefined) return { ok: false, errors: [`The file is empty: expected the header "${HEADER}"`] };
  if (header.trim() !== HEADER) {
    return { ok: false, errors: [`row 1 (header): value "${header}": expected exactly "${HEADER}"`] };
  }
  if (rows.length === 0) return { ok: false, errors: ["No deflators: expected at least one row after the header"] };

  const errors: string[] = [];
  const deflators: { startYear: number; deflator: Deflator }[] = [];
  const rowOfYear = new Map<string, number>();

  rows.forEach((line, index) => {
    const row = index + 2;
    const fields = line.split(",");
    if (fields.length !== 2) {
      errors.push(`row ${row}: value "${line}": expected 2 fields, financial_year and index, found ${fields.length}`);
      return;
    }
    const financialYear = unquoted(fields[0] as string);
    const indexText = unquoted(fields[1] as string);

    const startYear = parseFinancialYear(financialYear);
    if (startYear === null) {
      errors.push(`row ${row}, field financial_year: value "${financialYear}": expected a financial year like 2024-25`);
    } else {
      const earlierRow = rowOfYear.get(financialYear);
      if (earlierRow !== undefined) {
        errors.push(
          `row ${row}, field financial_year: value "${financialYear}": expected each financial year once, but row ${earlierRow} already gives it`,
        );
      } else {
        rowOfYear.set(financialYear, row);
      }
    }

    const deflatorIndex = POSITIVE_DECIMAL.test(indexText) ? Number(indexText) : Number.NaN;
    if (!(Number.isFinite(deflatorIndex) && deflatorIndex > 0)) {
      errors.push(`row ${row}, field index: value "${indexText}": expected a positive number`);
      return;
    }
    if (startYear !== null) deflators.push({ startYear, deflator: { financialYear, index: deflatorIndex } });
  });

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    deflators: deflators.sort((a, b) => a.startYear - b.startYear).map(({ deflator }) => deflator),
  };
}

/** The deflator index of `financialYear`, or null when the table has none for it. */
export function deflatorIndex(deflators: readonly Deflator[], financialYear: string): number | null {
  return deflators.find((deflator) => deflator.financialYear === financialYear)?.index ?? null;
}

/** The latest financial year in the table (the default price base year), or null for an empty table. */
export function latestFinancialYear(deflators: readonly Deflator[]): string | null {
  let latest: { startYear: number; financialYear: string } | null = null;
  for (const { financialYear } of deflators) {
    const startYear = parseFinancialYear(financialYear);
    if (startYear !== null && (latest === null || startYear > latest.startYear)) latest = { startYear, financialYear };
  }
  return latest?.financialYear ?? null;
}
