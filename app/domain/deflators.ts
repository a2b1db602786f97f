/**
 * GDP deflators by financial year (HM Treasury), used to express unit costs in a base year's prices.
 * Shipped as `db/reference/gdp-deflators.csv`; a coordinator may upload a replacement in the same form.
 */
import { z } from "zod";
import { parseCsv } from "./csv";
import { parseFinancialYear } from "./financial-year";

export interface Deflator {
  /** "YYYY-YY", e.g. "2024-25". */
  financialYear: string;
  /** The deflator index (any base: only ratios between years are used). */
  index: number;
}

/** Where an uploaded deflator table came from, shown beside every real-terms figure. */
export const deflatorSourceSchema = z.object({
  source: z
    .string({ error: "Enter where the deflators come from" })
    .trim()
    .min(1, "Enter where the deflators come from")
    .max(500, "Source must be 500 characters or fewer"),
  releasedOn: z.iso.date({ error: "Release date must be a real date written like 2026-03-31" }).optional(),
});

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
 * Read by the one CSV reader (parseCsv: quoting, a byte-order mark, CRLF, trailing blank rows), with
 * spaces and one stray pair of quotes around a value tolerated as well. Rows are numbered as a
 * spreadsheet shows them (the header is row 1), and every error names the row, the field, the value
 * given and what was expected. The deflators come back in financial-year order.
 */
export function parseDeflatorCsv(text: string): DeflatorCsvResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;

  const [header, ...rows] = parsed.rows;
  if (header === undefined) return { ok: false, errors: [`The file is empty: expected the header "${HEADER}"`] };
  if (header.map((name) => name.trim()).join(",") !== HEADER) {
    return { ok: false, errors: [`row 1 (header): value "${header.join(",")}": expected exactly "${HEADER}"`] };
  }
  if (rows.length === 0) return { ok: false, errors: ["No deflators: expected at least one row after the header"] };

  const errors: string[] = [];
  const deflators: { startYear: number; deflator: Deflator }[] = [];
  const rowOfYear = new Map<string, number>();

  rows.forEach((fields, index) => {
    const row = index + 2;
    if (fields.length !== 2) {
      errors.push(`row ${row}: value "${fields.join(",")}": expected 2 fields, financial_year and index, found ${fields.length}`);
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

/** Deflators that turn a round's unit costs into its price base year's prices, or why there are none. */
export type RealTerms =
  | { available: true; baseYear: string; prices: { roundIndex: number; baseIndex: number } }
  | { available: false; baseYear: string | null; reason: string };

/**
 * The price base year of a round (its own setting, else the latest year in the table) and the two
 * deflator indices real-terms figures need. When either index is missing the reason says which, in
 * words a page can show beside the missing figures.
 */
export function resolveRealTerms(deflators: readonly Deflator[], financialYear: string, baseYear: string | null): RealTerms {
  const base = baseYear ?? latestFinancialYear(deflators);
  if (base === null) {
    return { available: false, baseYear: null, reason: "No real-terms figures: no GDP deflators are loaded" };
  }
  const roundIndex = deflatorIndex(deflators, financialYear);
  const baseIndex = deflatorIndex(deflators, base);
  if (roundIndex !== null && baseIndex !== null) return { available: true, baseYear: base, prices: { roundIndex, baseIndex } };
  const missing = [
    ...(roundIndex === null ? [`${financialYear}, the round's financial year`] : []),
    ...(baseIndex === null && base !== financialYear ? [`${base}, the price base year`] : []),
  ];
  return {
    available: false,
    baseYear: base,
    reason: `No real-terms figures: the GDP deflator table has no index for ${missing.join(" or for ")}`,
  };
}
