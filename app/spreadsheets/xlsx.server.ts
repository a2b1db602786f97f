/**
 * Excel workbooks in and out, through exceljs: the only module that knows the library. Writing lays out
 * a WorkbookSpec (domain/workbook.ts); reading turns every worksheet into rows of plain cells for the
 * returns-file core. Formulas are never evaluated: a formula cell reads as the result Excel saved.
 */
import ExcelJS from "exceljs";
import { Unzip, UnzipInflate } from "fflate";
import { neutraliseFormula } from "../domain/csv";
import { MAX_UNPACKED_ENTRY_BYTES, MAX_UNPACKED_WORKBOOK_BYTES, formatFileSize } from "../domain/spreadsheet-file";
import type { ReturnsGrid } from "../domain/returns-file";
import { type WorkbookCell, type WorkbookSheet, type WorkbookSpec, isInputCell } from "../domain/workbook";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const WHOLE_NUMBER_FORMAT = "#,##0";
const INPUT_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF7BF" } };
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F2F1" } };

/** A value as a cell holds it; text that a spreadsheet would run as a formula is neutralised as in CSV. */
function cellValue(value: WorkbookCell): ExcelJS.CellValue {
  const plain = isInputCell(value) ? value.value : value;
  return typeof plain === "string" ? neutraliseFormula(plain) : plain;
}

function layOutSheet(workbook: ExcelJS.Workbook, spec: WorkbookSheet): void {
  const sheet = workbook.addWorksheet(
    spec.name,
    spec.freeze ? { views: [{ state: "frozen", xSplit: spec.freeze.columns, ySplit: spec.freeze.rows }] } : {},
  );
  sheet.columns = spec.columns.map((column) => ({
    width: column.width,
    style: column.wrap ? { alignment: { wrapText: true, vertical: "top" } } : {},
  }));
  spec.rows.forEach((rowSpec, rowIndex) => {
    const row = sheet.getRow(rowIndex + 1);
    rowSpec.cells.forEach((value, columnIndex) => {
      const cell = row.getCell(columnIndex + 1);
      cell.value = cellValue(value);
      if (rowSpec.style === "title") cell.font = { bold: true, size: 16 };
      if (rowSpec.style === "header") {
        cell.font = { bold: true };
        cell.fill = HEADER_FILL;
        cell.alignment = { wrapText: true, vertical: "top" };
      }
      if (rowSpec.style === "note") cell.alignment = { wrapText: true, vertical: "top" };
      if (typeof value === "number" && Number.isInteger(value)) cell.numFmt = WHOLE_NUMBER_FORMAT;
      if (isInputCell(value)) {
        cell.fill = INPUT_FILL;
        cell.border = { top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } };
        if (value.accepts === "whole") {
          cell.numFmt = WHOLE_NUMBER_FORMAT;
          cell.alignment = { horizontal: "right" };
        } else {
          cell.dataValidation = {
            type: "list",
            allowBlank: true,
            formulae: [`"${(value.choices ?? []).join(",")}"`],
            showErrorMessage: true,
            errorTitle: "Choose from the list",
            error: `Choose ${(value.choices ?? []).join(" or ")}, or leave the cell blank`,
          };
        }
      }
    });
  });
  // Long notes and titles stay on one line across the table below them instead of stretching column A.
  spec.rows.forEach((rowSpec, rowIndex) => {
    if ((rowSpec.style === "title" || rowSpec.style === "note") && rowSpec.cells.length === 1 && spec.columns.length > 1) {
      sheet.mergeCells(rowIndex + 1, 1, rowIndex + 1, spec.columns.length);
      if (rowSpec.style === "note") sheet.getRow(rowIndex + 1).height = 32;
    }
  });
}

export async function writeXlsx(spec: WorkbookSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Benchmark Network";
  workbook.title = spec.title;
  // A fixed date keeps the same data byte-for-byte the same file.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  for (const sheet of spec.sheets) layOutSheet(workbook, sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A formula that was saved without its result: it cannot be read without evaluating it, which we never do. */
export class UncalculatedFormula {
  constructor(readonly formula: string) {}
  toString(): string {
    return `=${this.formula} (a formula with no saved result)`;
  }
}

type PlainCell = string | number | boolean | null | UncalculatedFormula;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * One cell's value as the returns-file core reads it: text, a number, a boolean or blank. A formula's
 * saved result is `savedResult` (the cell's own `result`): exceljs leaves a falsy result (0, false,
 * "") out of the formula's `value`, and `=SUM()` of blanks saves 0.
 */
export function plainCellValue(value: ExcelJS.CellValue, savedResult?: ExcelJS.CellValue): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return isoDate(value);
  if ("error" in value) return value.error;
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("hyperlink" in value) return value.text;
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result ?? savedResult;
    if (result === undefined || result === null)
      return new UncalculatedFormula(value.formula ?? ("sharedFormula" in value ? value.sharedFormula : ""));
    if (result instanceof Date) return isoDate(result);
    if (typeof result === "object") return "error" in result ? result.error : null;
    return result;
  }
  return null;
}

/** A workbook refused before exceljs reads it, with the message for the person who uploaded it. */
export class WorkbookRefused extends Error {}

// Compressed bytes fed to the inflater at a time: deflate expands at most ~1,032×, so one push yields at most ~4 MB.
const INFLATE_STEP_BYTES = 4 * 1024;

/**
 * Inflates every entry of the workbook and counts the bytes that really come out — never trusting
 * the sizes the archive declares, which a "zip bomb" sets to anything — and refuses it once one
 * entry passes MAX_UNPACKED_ENTRY_BYTES or all together pass MAX_UNPACKED_WORKBOOK_BYTES. Nothing
 * inflated is kept, so memory stays at a few megabytes however large the entries would grow.
 */
export function checkUnpackedSize(bytes: Uint8Array): void {
  const tooLarge = `The selected workbook unpacks to more than ${formatFileSize(MAX_UNPACKED_WORKBOOK_BYTES)} (or one part of it to more than ${formatFileSize(MAX_UNPACKED_ENTRY_BYTES)}), too large to read: remove pictures and other sheets, or save it as CSV`;
  let refusal: string | null = null;
  let total = 0;
  const unzip = new Unzip((entry) => {
    let entryBytes = 0;
    entry.ondata = (error, chunk) => {
      if (refusal) return;
      if (error) {
        refusal =
          "The selected file could not be read: it looks like a damaged Excel workbook. Open it in Excel, then save it as an Excel workbook (.xlsx) or as CSV, then upload that";
        return;
      }
      entryBytes += chunk.length;
      total += chunk.length;
      if (entryBytes > MAX_UNPACKED_ENTRY_BYTES || total > MAX_UNPACKED_WORKBOOK_BYTES) {
        refusal = tooLarge;
        entry.terminate();
      }
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length && refusal === null; at += INFLATE_STEP_BYTES) {
    unzip.push(bytes.subarray(at, at + INFLATE_STEP_BYTES), at + INFLATE_STEP_BYTES >= bytes.length);
  }
  if (refusal !== null) throw new WorkbookRefused(refusal);
}

/**
 * Every worksheet as rows of plain cells, in workbook order. Only the top-left cell of a merged range
 * holds its value (as CSV from Excel would); styles, widths and blank rows mean nothing here.
 */
export async function readXlsx(bytes: Uint8Array): Promise<ReturnsGrid[]> {
  // exceljs inflates whole entries into memory, so the real unpacked size is checked first.
  checkUnpackedSize(bytes);
  const workbook = new ExcelJS.Workbook();
  // A copy in an ArrayBuffer of its own: exceljs reads the whole buffer, not a view into a larger one.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook.worksheets.map((worksheet) => {
    const rows: PlainCell[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: PlainCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        cells[columnNumber - 1] = cell.isMerged && cell.master !== cell ? null : plainCellValue(cell.value, cell.result);
      });
      rows[rowNumber - 1] = Array.from(cells, (cell) => cell ?? null);
    });
    return { sheetName: worksheet.name, rows: Array.from(rows, (cells) => cells ?? []) };
  });
}
