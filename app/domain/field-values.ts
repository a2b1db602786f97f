/**
 * Reading one answer from a form field or a spreadsheet cell, and writing it back into a form.
 * Forms, zod schemas and imports all parse through here, so they give the same messages (spec §3.5, §6).
 */
import type { FieldDefinition } from "./question-set";
import type { FieldValue } from "./values";

export type ParsedFieldValue = { ok: true; value: FieldValue } | { ok: false; message: string };

/**
 * A parse that also says what was expected, in words that follow "expected" ("0 or more"), for
 * messages that quote the value given (imports: `row 3, field KEY: value "-5": expected 0 or more`).
 */
export type CheckedFieldValue = { ok: true; value: FieldValue } | { ok: false; message: string; expected: string };

/** Values beyond this are typing slips, not real council figures (spec §3.5: absurd size > 10^10). */
export const MAX_ABSOLUTE_VALUE = 10_000_000_000;
export const MAX_TEXT_LENGTH = 2000;

const TRUE_WORDS = new Set(["yes", "true", "y", "1"]);
const FALSE_WORDS = new Set(["no", "false", "n", "0"]);
// Digits, optionally grouped in thousands by commas, with an optional decimal part ("12.00" is whole).
const NUMBER_PATTERN = /^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;

export function parseFieldValue(field: FieldDefinition, raw: unknown): ParsedFieldValue {
  const checked = checkFieldValue(field, raw);
  return checked.ok ? checked : { ok: false, message: checked.message };
}

export function checkFieldValue(field: FieldDefinition, raw: unknown): CheckedFieldValue {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
    return { ok: true, value: null };
  }
  switch (field.kind) {
    case "count":
    case "money":
      return parseWholeNumber(field, raw);
    case "boolean":
      return parseYesNo(field, raw);
    case "text":
      return parseText(field, raw);
  }
}

function mustBe(field: FieldDefinition, expected: string): CheckedFieldValue {
  return { ok: false, message: `${field.label} must be ${expected}`, expected };
}

function parseWholeNumber(field: FieldDefinition, raw: unknown): CheckedFieldValue {
  const number = typeof raw === "number" ? raw : typeof raw === "string" ? numberFromText(raw, field.kind === "money") : NaN;
  if (!Number.isInteger(number)) {
    return mustBe(field, field.kind === "money" ? "a whole number of pounds, like 1250000" : "a whole number, like 120");
  }
  if (number < 0 && !field.allowNegative) return mustBe(field, "0 or more");
  if (Math.abs(number) > MAX_ABSOLUTE_VALUE) {
    const expected = field.allowNegative ? "a value between -10,000,000,000 and 10,000,000,000" : "10,000,000,000 or less";
    return { ok: false, message: `${field.label} is too large: enter ${expected}`, expected };
  }
  // "-0" would otherwise be stored as negative zero.
  return { ok: true, value: number === 0 ? 0 : number };
}

function numberFromText(text: string, isMoney: boolean): number {
  let cleaned = text.trim();
  if (isMoney) cleaned = cleaned.replace(/^([-+]?)\s*£\s*/, "$1");
  return NUMBER_PATTERN.test(cleaned) ? Number(cleaned.replaceAll(",", "")) : NaN;
}

function parseYesNo(field: FieldDefinition, raw: unknown): CheckedFieldValue {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  const word = typeof raw === "string" || typeof raw === "number" ? String(raw).trim().toLowerCase() : "";
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  // A form offers only yes and no; a file may use any of the words, so its message lists them.
  return { ok: false, message: `${field.label} must be yes or no`, expected: "yes or no (or y/n, true/false, 1/0)" };
}

function parseText(field: FieldDefinition, raw: unknown): CheckedFieldValue {
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return mustBe(field, "text");
  const text = String(raw).trim();
  if (text.length > MAX_TEXT_LENGTH) return mustBe(field, "2,000 characters or fewer");
  return { ok: true, value: text };
}

/** The text to put back into a form input: plain digits, "yes"/"no", or "" when not provided. */
export function formatFieldValue(field: FieldDefinition, value: FieldValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (field.kind === "boolean" && typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}
