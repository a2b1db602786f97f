/**
 * Returns files (domain spec §6): a header `authority_code,<field key>,…` and one row per authority,
 * where a blank cell is *not provided*. The core reads a grid of cells, so a CSV reader and a
 * spreadsheet reader feed the same checks and give the same messages. Every value is parsed by
 * `checkFieldValue` and every return checked by `validateReturn`, exactly as the forms are.
 *
 * The whole file is checked and every problem reported: `row N, field KEY: value "X": expected …`,
 * where row N is the row number a spreadsheet shows (the header is row 1).
 */
import { columnName, parseCsv } from "./csv";
import { checkFieldValue } from "./field-values";
import { findField, type FieldDefinition, type QuestionSet } from "./question-set";
import { validateReturn } from "./validation";
import type { FieldValue } from "./values";

export const AUTHORITY_CODE_COLUMN = "authority_code";

export interface ReturnsGrid {
  /** Rows of cells as read: text from CSV; text, numbers, booleans or blanks from a spreadsheet. */
  rows: readonly (readonly unknown[])[];
  /** The worksheet's name, put before each message when the file has several sheets. */
  sheetName?: string;
}

export interface ReturnsFileContext {
  questionSet: QuestionSet;
  /** ONS codes of the network's authorities, upper case. */
  authorityCodes: ReadonlySet<string>;
}

export interface ImportedReturn {
  /** The spreadsheet row the return came from. */
  row: number;
  authorityCode: string;
  /** Every column of the file; a blank cell is null (not provided). */
  values: Record<string, FieldValue>;
}

export type ReturnsFileResult =
  | { ok: true; returns: ImportedReturn[]; warnings: string[] }
  | { ok: false; errors: string[] };

/** Long values are cut in messages so one bad cell cannot flood the list. */
const MAX_QUOTED_LENGTH = 60;

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "string" ? cell : String(cell);
}

function isBlank(cell: unknown): boolean {
  return cellText(cell).trim() === "";
}

function quoted(cell: unknown): string {
  const text = cellText(cell);
  return `value "${text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text}"`;
}

interface Column {
  index: number;
  field: FieldDefinition;
}

interface Header {
  authorityIndex: number | null;
  columns: Column[];
  /** Columns without a heading: any value in them is a mistake. */
  unnamed: Set<number>;
  width: number;
  errors: string[];
}

function readHeader(cells: readonly unknown[], questionSet: QuestionSet, at: (row: number) => string): Header {
  const header: Header = { authorityIndex: null, columns: [], unnamed: new Set(), width: cells.length, errors: [] };
  const seen = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = cellText(cell).trim();
    const column = `column ${columnName(index)}`;
    if (name === "") {
      header.unnamed.add(index);
      return;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      header.errors.push(`${at(1)}, ${column}: column "${name}" appears twice (also column ${columnName(earlier)}): expected each column once`);
      return;
    }
    seen.set(name, index);
    if (name === AUTHORITY_CODE_COLUMN) {
      header.authorityIndex = index;
      return;
    }
    const field = findField(questionSet, name);
    if (field) header.columns.push({ index, field });
    else {
      header.errors.push(
        `${at(1)}, ${column}: unknown column "${name}": expected ${AUTHORITY_CODE_COLUMN} or a field key of question set version ${questionSet.version}`,
      );
    }
  });
  if (header.authorityIndex === null) {
    header.errors.push(`${at(1)}: no ${AUTHORITY_CODE_COLUMN} column: expected a column headed ${AUTHORITY_CODE_COLUMN} naming each row's authority`);
  }
  return header;
}

/** Checks a grid of cells (row 1 the header) and returns every return in it, or every problem. */
export function parseReturnsGrid(grid: ReturnsGrid, context: ReturnsFileContext): ReturnsFileResult {
  const at = (row: number) => (grid.sheetName ? `sheet "${grid.sheetName}", row ${row}` : `row ${row}`);
  const [headerCells, ...dataRows] = grid.rows;
  if (headerCells === undefined || headerCells.every(isBlank)) {
    return { ok: false, errors: [`${at(1)}: the file is empty: expected a header row starting ${AUTHORITY_CODE_COLUMN}`] };
  }
  const header = readHeader(headerCells, context.questionSet, at);
  const errors = [...header.errors];
  const warnings: string[] = [];
  const returns: ImportedReturn[] = [];
  const rowOfAuthority = new Map<string, number>();

  dataRows.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every(isBlank)) return;
    const problems: string[] = [];

    cells.forEach((cell, column) => {
      if ((header.unnamed.has(column) || column >= header.width) && !isBlank(cell)) {
        problems.push(`${at(row)}, column ${columnName(column)}: ${quoted(cell)}: expected nothing in a column without a heading`);
      }
    });

    let authorityCode: string | null = null;
    if (header.authorityIndex !== null) {
      const cell = cells[header.authorityIndex];
      const code = cellText(cell).trim().toUpperCase();
      const earlierRow = rowOfAuthority.get(code);
      if (!context.authorityCodes.has(code)) {
        problems.push(`${at(row)}, field ${AUTHORITY_CODE_COLUMN}: ${quoted(cell)}: expected the ONS code of an authority in the network, like E09000002`);
      } else if (earlierRow !== undefined) {
        problems.push(`${at(row)}, field ${AUTHORITY_CODE_COLUMN}: ${quoted(cell)}: expected each authority once, but row ${earlierRow} already gives it`);
      } else {
        rowOfAuthority.set(code, row);
        authorityCode = code;
      }
    }

    const values: Record<string, FieldValue> = {};
    const keysWithCellErrors = new Set<string>();
    for (const { index: column, field } of header.columns) {
      const cell = cells[column];
      const checked = checkFieldValue(field, cell);
      if (checked.ok) values[field.key] = checked.value;
      else {
        keysWithCellErrors.add(field.key);
        problems.push(`${at(row)}, field ${field.key}: ${quoted(cell)}: expected ${checked.expected}`);
      }
    }

    // Imported returns become approved, so they must pass the checks a submission passes.
    const validation = validateReturn(context.questionSet, values, { forSubmission: true });
    for (const issue of validation.errors) {
      // A value already reported as unreadable is not also "missing".
      if (!keysWithCellErrors.has(issue.key)) problems.push(`${at(row)}, field ${issue.key}: ${issue.message}`);
    }
    for (const warning of validation.warnings) warnings.push(`${at(row)}, field ${warning.key}: ${warning.message}`);

    if (problems.length > 0) errors.push(...problems);
    else if (authorityCode !== null) returns.push({ row, authorityCode, values });
  });

  if (errors.length === 0 && returns.length === 0) {
    errors.push(`${at(2)}: the file has no returns: expected one row per authority after the header`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, returns, warnings };
}

/** Checks a CSV returns file; see parseReturnsGrid. */
export function parseReturnsCsv(text: string, context: ReturnsFileContext): ReturnsFileResult {
  const csv = parseCsv(text);
  return csv.ok ? parseReturnsGrid({ rows: csv.rows }, context) : csv;
}
