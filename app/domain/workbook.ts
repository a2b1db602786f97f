/**
 * A workbook as plain data: what the spreadsheet writer (app/spreadsheets/xlsx.server.ts) lays out.
 * Templates and downloads are built as these by pure functions, so what a file holds is tested without
 * opening a file.
 */
import type { CsvCell } from "./csv";

export type SheetValue = string | number | boolean | null;

/** A cell someone is meant to type into: shaded, unlocked, and limited to whole numbers or a list of words. */
export interface InputCell {
  input: true;
  value: SheetValue;
  /** "whole": shown as 1,250,000; "choice": a drop-down of `choices`. */
  accepts: "whole" | "choice";
  choices?: readonly string[];
}

export type WorkbookCell = SheetValue | InputCell;

export interface WorkbookRow {
  cells: readonly WorkbookCell[];
  /** title: the sheet's heading; header: a table's column headings; note: guidance. */
  style?: "title" | "header" | "note";
}

export interface WorkbookSheet {
  name: string;
  /** Column widths in characters; text in a column marked wrap runs onto more lines. */
  columns: ReadonlyArray<{ width: number; wrap?: boolean }>;
  rows: readonly WorkbookRow[];
  /** Rows and columns kept in view when scrolling (the headings). */
  freeze?: { rows: number; columns: number };
}

export interface WorkbookSpec {
  title: string;
  sheets: readonly WorkbookSheet[];
}

export function isInputCell(cell: WorkbookCell): cell is InputCell {
  return typeof cell === "object" && cell !== null;
}

/** A table (header and rows, as CSV downloads have them) as one sheet with its headings kept in view. */
export function tableSheet(
  name: string,
  table: { columns: readonly string[]; rows: ReadonlyArray<ReadonlyArray<CsvCell>> },
): WorkbookSheet {
  return {
    name,
    columns: table.columns.map((column) => ({ width: Math.min(60, Math.max(12, column.length + 2)) })),
    rows: [{ cells: table.columns, style: "header" }, ...table.rows.map((row) => ({ cells: row.map((cell) => cell ?? null) }))],
    freeze: { rows: 1, columns: 1 },
  };
}
