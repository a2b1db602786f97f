/**
 * CSV in and out (RFC 4180): one reader for every uploaded or imported file, one writer for every
 * download and export.
 */

/** A cell as written: numbers keep full precision, null and undefined are blank. */
export type CsvCell = string | number | boolean | null | undefined;

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (CSV injection). */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * Text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "-2+3", "@SUM(…)") with a leading
 * apostrophe, which spreadsheets show as text. Every text cell of every CSV and Excel file we write
 * passes through here (CSV injection); numbers are written as numbers and never need it.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/**
 * The text of one cell. Formula neutralisation applies to strings only (see neutraliseFormula). A
 * number is written as a number (String(n): full precision, never rounded), so a negative figure such
 * as -250000 stays -250000 and sums as one; numbers must be finite. Booleans are "yes"/"no", the
 * words the importers read back.
 */
export function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new Error(`Cannot write ${cell} to a CSV file: only finite numbers are figures`);
    return String(cell);
  }
  if (typeof cell === "boolean") return cell ? "yes" : "no";
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as RFC 4180 CSV: comma-separated, CRLF after every row, quoted only where needed. */
export function formatCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(formatCsvCell).join(",")}\r\n`).join("");
}

export type CsvParseResult = { ok: true; rows: string[][] } | { ok: false; errors: string[] };

/**
 * Reads CSV text into rows of cells (row 1 is the first line). Accepts RFC 4180 quoting (commas,
 * doubled quotes and line breaks inside quotes), a byte-order mark, CRLF or LF line endings, and a
 * missing final line break; trailing blank rows are dropped. A quote inside an unquoted cell is
 * kept as typed. A cell whose quotes are not closed, or text after a closing quote, is an error.
 */
export function parseCsv(text: string): CsvParseResult {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  const errors: string[] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;

  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };

  while (i < input.length) {
    const char = input[i] as string;
    if (quoted) {
      if (char !== '"') {
        cell += char;
        i++;
      } else if (input[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else {
        quoted = false;
        i++;
        const next = input[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          errors.push(
            `row ${rows.length + 1}, column ${columnName(row.length)}: expected a comma or the end of the row after the closing quote`,
          );
          // Skip to the end of the cell so one slip gives one message.
          while (i < input.length && input[i] !== "," && input[i] !== "\n" && input[i] !== "\r") i++;
        }
      }
    } else if (char === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (char === ",") {
      endCell();
      i++;
    } else if (char === "\n" || char === "\r") {
      endRow();
      i += char === "\r" && input[i + 1] === "\n" ? 2 : 1;
    } else {
      cell += char;
      i++;
    }
  }
  if (quoted) {
    errors.push(`row ${rows.length + 1}, column ${columnName(row.length)}: a quoted value is not closed: expected a closing quote (")`);
  }
  // Text after the last line break is a last row without its line break.
  if (cell !== "" || row.length > 0 || quoted) endRow();
  while (rows.length > 0 && (rows.at(-1) as string[]).every((value) => value.trim() === "")) rows.pop();
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/** A spreadsheet's column letters for a zero-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}
