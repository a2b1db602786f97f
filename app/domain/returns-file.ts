/**
 * Returns files (domain spec §6), in one core for CSV and Excel, the command line and the web app.
 *
 * A file is read as sheets of cells (a CSV file is one sheet without a name) in one of two layouts:
 * - wide: a header row `authority_code,<field key>,…` and one row per authority (imports, exports and
 *   the coordinator's template); rows above the header row are notes, such as the template's labels;
 * - template: the member's workbook, a sheet per section with a `Key` and a `Your answer` column and
 *   the authority's code in the cell to the right of an `authority_code` cell above them.
 * Both become the same raw returns, and every value is parsed by `checkFieldValue` and every return
 * checked by `validateReturn`, exactly as the forms are.
 *
 * The whole file is checked and every problem reported, located as a spreadsheet shows it:
 * `sheet "S", row N, field KEY: value "X": expected …` (the header of a CSV file is row 1).
 */
import { columnName, parseCsv } from "./csv";
import { checkFieldValue } from "./field-values";
import { COHORTS } from "./cohorts";
import { TRANSPORT_NAMES, findField, type FieldDefinition, type QuestionSet } from "./question-set";
import { type NetworkUnitCosts, type ReturnValidation, type ValidationIssue, midSentence, validateReturn } from "./validation";
import type { FieldValue, ReturnValues } from "./values";

export const AUTHORITY_CODE_COLUMN = "authority_code";
/** The member template's column headings that the reader looks for (case is ignored). */
export const TEMPLATE_KEY_HEADING = "Key";
export const TEMPLATE_ANSWER_HEADING = "Your answer";
/** A template names its round in the cell to the right of this one; an upload must be for the same round. */
export const ROUND_CELL_LABEL = "round";
/** How far down a sheet its header row may be: a template's title lines come first. */
const HEADER_SEARCH_ROWS = 10;

export interface ReturnsGrid {
  /** Rows of cells as read: text from CSV; text, numbers, booleans or blanks from a spreadsheet. */
  rows: readonly (readonly unknown[])[];
  /** The worksheet's name, put before each message; a CSV file has none. */
  sheetName?: string;
}

/** Where in a file something is: as much of sheet, row and column or field as is known. */
export interface FileIssue {
  sheet?: string;
  row?: number;
  /** Column letters, as a spreadsheet shows them. */
  column?: string;
  field?: string;
  message: string;
}

export interface CellLocation {
  sheet?: string;
  row: number;
  column: string;
}

export type ReturnsFilePurpose = "approve" | "draft";

export interface CurrentReturn {
  values: ReturnValues;
  previous?: ReturnValues;
  network?: NetworkUnitCosts;
}

export interface ReturnsFileContext {
  questionSet: QuestionSet;
  /** ONS codes of the network's authorities, upper case. */
  authorityCodes: ReadonlySet<string>;
  /**
   * "approve" (imports and bulk uploads): each return replaces the stored one and becomes approved, so
   * it must pass the checks a submission passes. "draft" (a member's upload): the answers in the file
   * are saved over the stored ones, checked as the forms check a save.
   */
  purpose: ReturnsFilePurpose;
  /** A member's upload: the one authority the file may be for. */
  ownAuthorityCode?: string;
  /** The round the file is imported into: a template made for another round is refused. */
  roundSlug?: string;
  /** What is stored for an authority and what its warnings compare against (the previous round, the network). */
  current?: (authorityCode: string) => CurrentReturn | undefined;
}

export interface ImportedReturn {
  sheet?: string;
  /** The spreadsheet row the return came from (a template's header row). */
  row: number;
  authorityCode: string;
  /** Every answer the file gives; a blank cell is null (not provided). */
  values: Record<string, FieldValue>;
  /** Where each answer is in the file. */
  cells: Record<string, CellLocation>;
}

export type ReturnsFileResult =
  /**
   * `notices`: for "approve", one per return imported with required answers blank (data collected
   * elsewhere, often in years some questions were not asked): it is imported, approved and incomplete.
   */
  | { ok: true; returns: ImportedReturn[]; warnings: FileIssue[]; notices: FileIssue[]; skippedRows: number }
  | { ok: false; errors: FileIssue[] };

/** `sheet "S", row 3, field KEY: message` — the one way a file's problem is written in words. */
export function describeIssue(issue: FileIssue): string {
  const place = [
    issue.sheet === undefined ? null : `sheet "${issue.sheet}"`,
    issue.row === undefined ? null : `row ${issue.row}`,
    issue.field === undefined && issue.column !== undefined ? `column ${issue.column}` : null,
    issue.field === undefined ? null : `field ${issue.field}`,
  ].filter((part) => part !== null);
  return place.length > 0 ? `${place.join(", ")}: ${issue.message}` : issue.message;
}

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

interface RawAnswer {
  field: FieldDefinition;
  cell: unknown;
  at: CellLocation;
}

/** One authority's return as found in a file, before any of it is checked. */
interface RawReturn {
  sheet?: string;
  row: number;
  authority: { cell: unknown; at: CellLocation } | null;
  answers: RawAnswer[];
  /** Problems with the layout of this return's row (values in columns without a heading). */
  problems: FileIssue[];
}

interface SheetReading {
  returns: RawReturn[];
  errors: FileIssue[];
}

interface WideReading extends SheetReading {
  grid: ReturnsGrid;
  headerRow: number;
}

function located(grid: ReturnsGrid, row: number, column: number): CellLocation {
  return { ...(grid.sheetName === undefined ? {} : { sheet: grid.sheetName }), row, column: columnName(column) };
}

function issueAt(at: { sheet?: string; row?: number; column?: string }, message: string, field?: string): FileIssue {
  return { ...at, ...(field === undefined ? {} : { field }), message };
}

function sheetOnly(grid: ReturnsGrid): { sheet?: string } {
  return grid.sheetName === undefined ? {} : { sheet: grid.sheetName };
}

// ——— The wide layout ———

function findWideHeader(grid: ReturnsGrid): number | null {
  const index = grid.rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((cells) => cells.some((cell) => cellText(cell).trim() === AUTHORITY_CODE_COLUMN));
  return index === -1 ? null : index;
}

function readWideSheet(grid: ReturnsGrid, headerIndex: number, questionSet: QuestionSet): WideReading {
  const headerRow = headerIndex + 1;
  const headerCells = grid.rows[headerIndex] ?? [];
  const errors: FileIssue[] = [];
  const columns: Array<{ index: number; field: FieldDefinition }> = [];
  const unnamed = new Set<number>();
  const seen = new Map<string, number>();
  let authorityIndex = -1;
  headerCells.forEach((cell, index) => {
    const name = cellText(cell).trim();
    const at = located(grid, headerRow, index);
    if (name === "") {
      unnamed.add(index);
      return;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      errors.push(issueAt(at, `column "${name}" appears twice (also column ${columnName(earlier)}): expected each column once`));
      return;
    }
    seen.set(name, index);
    if (name === AUTHORITY_CODE_COLUMN) {
      authorityIndex = index;
      return;
    }
    const field = findField(questionSet, name);
    if (field) columns.push({ index, field });
    else
      errors.push(
        issueAt(
          at,
          `unknown column "${name}": expected ${AUTHORITY_CODE_COLUMN} or a field key of question set version ${questionSet.version}`,
        ),
      );
  });

  const returns: RawReturn[] = [];
  grid.rows.forEach((cells, index) => {
    if (index <= headerIndex || cells.every(isBlank)) return;
    const row = index + 1;
    const problems: FileIssue[] = [];
    cells.forEach((cell, column) => {
      if ((unnamed.has(column) || column >= headerCells.length) && !isBlank(cell)) {
        problems.push(issueAt(located(grid, row, column), `${quoted(cell)}: expected nothing in a column without a heading`));
      }
    });
    returns.push({
      ...sheetOnly(grid),
      row,
      authority: { cell: cells[authorityIndex], at: located(grid, row, authorityIndex) },
      answers: columns.map(({ index: column, field }) => ({ field, cell: cells[column], at: located(grid, row, column) })),
      problems,
    });
  });
  return { grid, headerRow, returns, errors };
}

// ——— The template layout ———

interface TemplateHeader {
  index: number;
  keyColumn: number;
  answerColumn: number;
}

function findTemplateHeader(grid: ReturnsGrid): TemplateHeader | null {
  for (const [index, cells] of grid.rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const headings = cells.map((cell) => cellText(cell).trim().toLowerCase());
    const keyColumn = headings.indexOf(TEMPLATE_KEY_HEADING.toLowerCase());
    const answerColumn = headings.indexOf(TEMPLATE_ANSWER_HEADING.toLowerCase());
    if (keyColumn !== -1 && answerColumn !== -1) return { index, keyColumn, answerColumn };
  }
  return null;
}

/** The cell to the right of the cell holding `label`, above the header row. */
function findLabelledCell(grid: ReturnsGrid, header: TemplateHeader, label: string): { cell: unknown; at: CellLocation } | null {
  for (const [index, cells] of grid.rows.slice(0, header.index).entries()) {
    const column = cells.findIndex((cell) => cellText(cell).trim() === label);
    if (column !== -1) return { cell: cells[column + 1], at: located(grid, index + 1, column + 1) };
  }
  return null;
}

/** A member's workbook: every section sheet's answers make one return. */
function readTemplateSheets(
  sheets: ReadonlyArray<{ grid: ReturnsGrid; header: TemplateHeader }>,
  context: ReturnsFileContext,
): SheetReading {
  const { questionSet, roundSlug } = context;
  const errors: FileIssue[] = [];
  const answers: RawAnswer[] = [];
  const seen = new Map<string, CellLocation>();
  let authority: RawReturn["authority"] = null;
  let roundChecked = false;
  for (const { grid, header } of sheets) {
    const round = findLabelledCell(grid, header, ROUND_CELL_LABEL);
    if (round && roundSlug !== undefined && !roundChecked) {
      roundChecked = true;
      const given = cellText(round.cell).trim();
      if (given !== roundSlug) {
        errors.push(
          issueAt(
            round.at,
            `${quoted(round.cell)}: this workbook is for another round: expected ${roundSlug} (download this round's template)`,
            ROUND_CELL_LABEL,
          ),
        );
      }
    }
    const found = findLabelledCell(grid, header, AUTHORITY_CODE_COLUMN);
    if (found && !isBlank(found.cell)) {
      if (authority === null) authority = found;
      else if (cellText(found.cell).trim().toUpperCase() !== cellText(authority.cell).trim().toUpperCase()) {
        errors.push(
          issueAt(
            found.at,
            `${quoted(found.cell)}: expected the same authority code on every sheet, but ${describePlace(authority.at, found.at)} gives "${cellText(authority.cell).trim()}"`,
            AUTHORITY_CODE_COLUMN,
          ),
        );
      }
    }
    grid.rows.forEach((cells, index) => {
      if (index <= header.index) return;
      const row = index + 1;
      const keyCell = cells[header.keyColumn];
      const answerCell = cells[header.answerColumn];
      const key = cellText(keyCell).trim();
      if (key === "") {
        if (!isBlank(answerCell)) {
          errors.push(
            issueAt(
              located(grid, row, header.answerColumn),
              `${quoted(answerCell)}: expected an answer only in a row with a key, in column ${columnName(header.keyColumn)}`,
            ),
          );
        }
        return;
      }
      const field = findField(questionSet, key);
      const keyAt = located(grid, row, header.keyColumn);
      if (!field) {
        errors.push(issueAt(keyAt, `unknown key "${key}": expected a field key of question set version ${questionSet.version}`));
        return;
      }
      const earlier = seen.get(key);
      if (earlier) {
        errors.push(issueAt(keyAt, `key "${key}" appears twice (also ${describePlace(earlier, keyAt)}): expected each question once`));
        return;
      }
      const at = located(grid, row, header.answerColumn);
      seen.set(key, at);
      answers.push({ field, cell: answerCell, at });
    });
  }
  const first = sheets[0]!;
  if (authority === null) {
    errors.push(
      issueAt(
        { ...sheetOnly(first.grid), row: 1 },
        `no authority code: expected the cell to the right of "${AUTHORITY_CODE_COLUMN}", above the questions, to hold your authority's ONS code`,
      ),
    );
  }
  return { returns: [{ ...sheetOnly(first.grid), row: first.header.index + 1, authority, answers, problems: [] }], errors };
}

/** "row 7" on the same sheet, `sheet "S", row 7` on another. */
function describePlace(place: CellLocation, from: { sheet?: string }): string {
  return place.sheet !== undefined && place.sheet !== from.sheet ? `sheet "${place.sheet}", row ${place.row}` : `row ${place.row}`;
}

// ——— The checks every return passes, whatever its layout ———

/**
 * The rules across fields for a file's answers, as the forms apply them. For "approve" the answers are
 * the whole return, checked as a submission; for "draft" they are saved over the stored answers and,
 * like a form's save, refused only for errors in the answers the file gives.
 */
export function validateFileAnswers(
  questionSet: QuestionSet,
  values: ReturnValues,
  purpose: ReturnsFilePurpose,
  current: CurrentReturn | undefined,
): ReturnValidation {
  const whole = purpose === "draft" ? { ...current?.values, ...values } : values;
  const validation = validateReturn(questionSet, whole, {
    forSubmission: purpose === "approve",
    ...(current?.previous ? { previous: current.previous } : {}),
    ...(current?.network ? { network: current.network } : {}),
  });
  return purpose === "draft" ? { ...validation, errors: validation.errors.filter((issue) => issue.key in values) } : validation;
}

function checkReturns(raws: readonly RawReturn[], context: ReturnsFileContext, layoutErrors: FileIssue[]): ReturnsFileResult {
  const errors = [...layoutErrors];
  const warnings: FileIssue[] = [];
  const notices: FileIssue[] = [];
  const returns: ImportedReturn[] = [];
  const placeOfAuthority = new Map<string, CellLocation>();
  let skippedRows = 0;

  for (const raw of raws) {
    // A row that names an authority but answers nothing (a template row left as it was) is left out.
    if (raw.problems.length === 0 && raw.answers.every((answer) => isBlank(answer.cell))) {
      skippedRows++;
      continue;
    }
    const problems = [...raw.problems];
    let authorityCode: string | null = null;
    if (raw.authority) {
      const { cell, at } = raw.authority;
      const code = cellText(cell).trim().toUpperCase();
      const earlier = placeOfAuthority.get(code);
      if (!context.authorityCodes.has(code)) {
        problems.push(
          issueAt(at, `${quoted(cell)}: expected the ONS code of an authority in the network, like E09000002`, AUTHORITY_CODE_COLUMN),
        );
      } else if (context.ownAuthorityCode !== undefined && code !== context.ownAuthorityCode) {
        problems.push(
          issueAt(
            at,
            `${quoted(cell)}: this file is for another authority: expected your own authority's code, ${context.ownAuthorityCode}`,
            AUTHORITY_CODE_COLUMN,
          ),
        );
      } else if (earlier !== undefined) {
        problems.push(
          issueAt(
            at,
            `${quoted(cell)}: expected each authority once, but ${describePlace(earlier, at)} already gives it`,
            AUTHORITY_CODE_COLUMN,
          ),
        );
      } else {
        placeOfAuthority.set(code, at);
        authorityCode = code;
      }
    }

    const values: Record<string, FieldValue> = {};
    const cells: Record<string, CellLocation> = {};
    const keysWithCellErrors = new Set<string>();
    for (const { field, cell, at } of raw.answers) {
      cells[field.key] = at;
      const checked = checkFieldValue(field, cell);
      if (checked.ok) values[field.key] = checked.value;
      else {
        keysWithCellErrors.add(field.key);
        problems.push(issueAt(at, `${quoted(cell)}: expected ${checked.expected}`, field.key));
      }
    }

    const current = authorityCode === null ? undefined : context.current?.(authorityCode);
    const validation = validateFileAnswers(context.questionSet, values, context.purpose, current);
    const fieldPlace = (key: string) => cells[key] ?? { ...(raw.sheet === undefined ? {} : { sheet: raw.sheet }), row: raw.row };
    // A coordinator's import loads returns as they were collected: required answers left blank make
    // an incomplete return with a notice, not a refusal (spec §3.5). A member's submission still needs them.
    const missing = context.purpose === "approve" ? validation.errors.filter((issue) => issue.code === "required") : [];
    for (const issue of validation.errors) {
      // A value already reported as unreadable is not also "missing".
      if (!keysWithCellErrors.has(issue.key) && !missing.includes(issue))
        problems.push(issueAt(fieldPlace(issue.key), issue.message, issue.key));
    }
    const notProvided = missing.filter((issue) => !keysWithCellErrors.has(issue.key));
    for (const warning of validation.warnings) warnings.push(issueAt(fieldPlace(warning.key), warning.message, warning.key));

    if (problems.length > 0) errors.push(...problems);
    else if (authorityCode !== null) {
      const place = { ...(raw.sheet === undefined ? {} : { sheet: raw.sheet }), row: raw.row };
      returns.push({ ...place, authorityCode, values, cells });
      if (notProvided.length > 0)
        notices.push({ ...place, message: `${notProvidedPhrase(context.questionSet, notProvided)} not provided` });
    }
  }

  if (errors.length === 0 && returns.length === 0) {
    const first = raws[0]!;
    errors.push(
      issueAt(
        { ...(first.sheet === undefined ? {} : { sheet: first.sheet }), row: first.row },
        "the file has no answers: every answer is blank",
      ),
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, returns, warnings, notices, skippedRows };
}

/**
 * What a return leaves out, in words: a cohort with neither children nor spend is "post-19
 * transport"; otherwise each question ("spend on post-16 transport"), in question set order.
 */
export function notProvidedPhrase(questionSet: QuestionSet, missing: readonly Pick<ValidationIssue, "key">[]): string {
  const keys = new Set(missing.map((issue) => issue.key));
  const wholeCohorts = new Map<string, string>();
  for (const cohort of COHORTS) {
    const pair = [`transport.${cohort}.children`, `transport.${cohort}.spend`];
    if (pair.every((key) => keys.has(key))) for (const key of pair) wholeCohorts.set(key, TRANSPORT_NAMES[cohort]);
  }
  const phrases: string[] = [];
  for (const field of questionSet.fields) {
    if (!keys.has(field.key)) continue;
    const phrase = wholeCohorts.get(field.key) ?? midSentence(field.label);
    if (!phrases.includes(phrase)) phrases.push(phrase);
  }
  return joinWithAnd(phrases);
}

function joinWithAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Checks the sheets of a returns file (a CSV file is one sheet) and returns every return in it, or every problem. */
export function parseReturnsSheets(sheets: readonly ReturnsGrid[], context: ReturnsFileContext): ReturnsFileResult {
  const first = sheets[0];
  if (first === undefined || sheets.every((grid) => grid.rows.every((cells) => cells.every(isBlank)))) {
    return {
      ok: false,
      errors: [
        {
          ...(first ? sheetOnly(first) : {}),
          row: 1,
          message: `the file is empty: expected a header row starting ${AUTHORITY_CODE_COLUMN}`,
        },
      ],
    };
  }
  const templates = sheets.flatMap((grid) => {
    const header = findTemplateHeader(grid);
    return header ? [{ grid, header }] : [];
  });
  if (templates.length > 0) {
    const reading = readTemplateSheets(templates, context);
    return checkReturns(reading.returns, context, reading.errors);
  }
  const wide = sheets.flatMap((grid) => {
    const headerIndex = findWideHeader(grid);
    return headerIndex === null ? [] : [readWideSheet(grid, headerIndex, context.questionSet)];
  });
  if (wide.length === 0) {
    return {
      ok: false,
      errors: [
        {
          ...(sheets.length === 1 ? { ...sheetOnly(first), row: 1 } : {}),
          message: `no ${AUTHORITY_CODE_COLUMN} column: expected a column headed ${AUTHORITY_CODE_COLUMN} naming each row's authority`,
        },
      ],
    };
  }
  if (wide.every((reading) => reading.returns.length === 0)) {
    const { grid, headerRow } = wide[0]!;
    const empty = {
      ...sheetOnly(grid),
      row: headerRow + 1,
      message: "the file has no returns: expected one row per authority after the header",
    };
    return { ok: false, errors: [...wide.flatMap((reading) => reading.errors), empty] };
  }
  return checkReturns(
    wide.flatMap((reading) => reading.returns),
    context,
    wide.flatMap((reading) => reading.errors),
  );
}

/** Checks one sheet of cells; see parseReturnsSheets. */
export function parseReturnsGrid(grid: ReturnsGrid, context: ReturnsFileContext): ReturnsFileResult {
  return parseReturnsSheets([grid], context);
}

/** Checks a CSV returns file; see parseReturnsSheets. */
export function parseReturnsCsv(text: string, context: ReturnsFileContext): ReturnsFileResult {
  const csv = parseCsv(text);
  return csv.ok ? parseReturnsGrid({ rows: csv.rows }, context) : { ok: false, errors: csv.errors.map((message) => ({ message })) };
}
