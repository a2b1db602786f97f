import { z } from "zod";

/** UK financial years run 1 April to 31 March and are written "2024-25". */
const FINANCIAL_YEAR_PATTERN = /^(\d{4})-(\d{2})$/;

/** The start year of a financial year written "YYYY-YY" (e.g. 2024 for "2024-25"), or null if it is not one. */
export function parseFinancialYear(text: string): number | null {
  const match = FINANCIAL_YEAR_PATTERN.exec(text);
  if (!match) return null;
  const startYear = Number(match[1]);
  const endYearTwoDigits = Number(match[2]);
  return endYearTwoDigits === (startYear + 1) % 100 ? startYear : null;
}

/** The financial year that starts in `startYear`, written "YYYY-YY" (2024 → "2024-25", 1999 → "1999-00"). */
export function formatFinancialYear(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`;
}

export const FINANCIAL_YEAR_MESSAGE = "Financial year must look like 2024-25";

/** A financial year as typed by a person: surrounding spaces are dropped, the value stays a "YYYY-YY" string. */
export const financialYearSchema = z
  .string({ error: FINANCIAL_YEAR_MESSAGE })
  .trim()
  .refine((text) => parseFinancialYear(text) !== null, { error: FINANCIAL_YEAR_MESSAGE });
