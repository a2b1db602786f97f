/**
 * Return templates (domain spec §6), built from the question set: the member's workbook (a sheet per
 * section, the authority and round on every sheet, a data dictionary), and the wide layout
 * (`authority_code,<field key>,…`, with a row of labels above the keys) for CSV and for coordinators.
 * Every template reads back through domain/returns-file.
 */
import type { CsvCell } from "./csv";
import { formatFieldValue } from "./field-values";
import { type FieldDefinition, type QuestionSet, sectionSheetName } from "./question-set";
import { AUTHORITY_CODE_COLUMN, ROUND_CELL_LABEL, TEMPLATE_ANSWER_HEADING, TEMPLATE_KEY_HEADING } from "./returns-file";
import type { FieldValue, ReturnValues } from "./values";
import type { InputCell, SheetValue, WorkbookRow, WorkbookSheet, WorkbookSpec } from "./workbook";

const KIND_RULES = {
  count: "Whole number, 0 or more",
  money: "Whole pounds (gross outturn for the financial year); £ and commas allowed",
  boolean: "Yes or no",
  text: "Free text, up to 2,000 characters",
} as const;

/** What an answer must be, in words: the data dictionary's rules column, on the page and in the templates. */
export function fieldRules(field: FieldDefinition): string {
  const rule = field.allowNegative ? "Whole pounds; may be negative (a surplus)" : KIND_RULES[field.kind];
  const follows = field.revealedBy ? `. Only when ${field.revealedBy} is yes; blank otherwise` : "";
  return `${rule}${field.required ? ". Required before submission" : ". Optional"}${follows}`;
}

export interface TemplateRound {
  slug: string;
  name: string;
}

export interface TemplateAuthority {
  code: string;
  name: string;
}

const YES_NO = ["yes", "no"] as const;

/** An answer as a template holds it: numbers stay numbers (so a negative is not text), yes/no as words. */
function templateValue(field: FieldDefinition, value: FieldValue | undefined): SheetValue {
  if (value === null || value === undefined) return null;
  return typeof value === "boolean" ? formatFieldValue(field, value) : value;
}

function answerCell(field: FieldDefinition, values: ReturnValues): InputCell {
  const value = templateValue(field, values[field.key]);
  return field.kind === "boolean" ? { input: true, value, accepts: "choice", choices: YES_NO } : { input: true, value, accepts: "whole" };
}

function sectionSheet(
  questionSet: QuestionSet,
  section: QuestionSet["sections"][number],
  input: { round: TemplateRound; authority: TemplateAuthority; values: ReturnValues },
): WorkbookSheet {
  return {
    name: sectionSheetName(section),
    columns: [{ width: 55, wrap: true }, { width: 34 }, { width: 12 }, { width: 55, wrap: true }, { width: 18 }],
    rows: [
      { cells: [section.title], style: "title" },
      { cells: [`${input.authority.name}: ${input.round.name}`], style: "note" },
      { cells: [AUTHORITY_CODE_COLUMN, input.authority.code] },
      { cells: [ROUND_CELL_LABEL, input.round.slug] },
      {
        cells: [
          `${section.description ? `${section.description} ` : ""}Type your answers in the ${TEMPLATE_ANSWER_HEADING} column. Leave a blank if you do not have the figure: blank means not provided, not zero.`,
        ],
        style: "note",
      },
      { cells: [] },
      { cells: ["Question", TEMPLATE_KEY_HEADING, "Unit", "Hint and what counts", TEMPLATE_ANSWER_HEADING], style: "header" },
      ...section.fields.map((field): WorkbookRow => ({
        cells: [field.label, field.key, field.unit, fieldHelp(field), answerCell(field, input.values)],
      })),
    ],
    freeze: { rows: 7, columns: 0 },
  };
}

/** A field's hint and its guidance on what counts, for one spreadsheet cell; null when it has neither. */
export function fieldHelp(field: Pick<FieldDefinition, "hint" | "guidance">): string | null {
  const parts = [field.hint, field.guidance].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join("\n") : null;
}

/** Every field with its key, question, section, unit and rules: the data dictionary page as a sheet. */
export function dataDictionarySheet(questionSet: QuestionSet): WorkbookSheet {
  return {
    name: "Data dictionary",
    columns: [
      { width: 34 },
      { width: 55, wrap: true },
      { width: 30, wrap: true },
      { width: 12 },
      { width: 40, wrap: true },
      { width: 55, wrap: true },
    ],
    rows: [
      { cells: ["Key", "Question", "Section", "Unit", "Rules", "Hint and what counts"], style: "header" },
      ...questionSet.sections.flatMap((section) =>
        section.fields.map((field): WorkbookRow => ({
          cells: [field.key, field.label, section.title, field.unit, fieldRules(field), fieldHelp(field)],
        })),
      ),
    ],
    freeze: { rows: 1, columns: 1 },
  };
}

/** A member's workbook: guidance, a sheet per section pre-filled with `values`, and the data dictionary. */
export function memberTemplateWorkbook(input: {
  questionSet: QuestionSet;
  round: TemplateRound;
  authority: TemplateAuthority;
  values: ReturnValues;
}): WorkbookSpec {
  const { questionSet, round, authority } = input;
  const guidance: WorkbookSheet = {
    name: "Guidance",
    columns: [{ width: 100, wrap: true }],
    rows: [
      { cells: [`${round.name}: benchmarking return`], style: "title" },
      { cells: [`${authority.name} (${authority.code}), question set version ${questionSet.version}`] },
      { cells: [] },
      ...[
        "There is a sheet for each section of the return, holding the answers saved when you downloaded this workbook.",
        `Type your answers in the ${TEMPLATE_ANSWER_HEADING} column of each sheet. Do not change the ${TEMPLATE_KEY_HEADING} column, the authority code or the round.`,
        "Money is whole pounds: gross outturn for the financial year. Counts are whole numbers. Policies are yes or no.",
        "Leave an answer blank if you do not have the figure: blank means not provided, and is never read as zero.",
        "When you have finished, upload the workbook from your return's page in Benchmark Network. You will see every change before anything is saved.",
        "The Data dictionary sheet explains every question.",
      ].map((text): WorkbookRow => ({ cells: [text] })),
    ],
  };
  return {
    title: `${round.name}: ${authority.name}`,
    sheets: [
      guidance,
      ...questionSet.sections.map((section) => sectionSheet(questionSet, section, input)),
      dataDictionarySheet(questionSet),
    ],
  };
}

/**
 * The wide layout with its labels: a row of questions, the header row of keys, then one row per
 * authority (answers as the importers read them back: numbers, "yes"/"no", blank when not provided).
 */
export function wideTemplateRows(
  questionSet: QuestionSet,
  returns: ReadonlyArray<{ authorityCode: string; values: ReturnValues }>,
): CsvCell[][] {
  return [
    ["Authority code (ONS)", ...questionSet.fields.map((field) => `${field.label} (${field.unit})`)],
    [AUTHORITY_CODE_COLUMN, ...questionSet.fields.map((field) => field.key)],
    ...returns.map(({ authorityCode, values }) => [
      authorityCode,
      ...questionSet.fields.map((field) => templateValue(field, values[field.key])),
    ]),
  ];
}

/** The wide layout as a sheet: labels wrap above the keys, answers are input cells. */
function wideSheet(questionSet: QuestionSet, returns: ReadonlyArray<{ authorityCode: string; values: ReturnValues }>): WorkbookSheet {
  const [labels, keys] = wideTemplateRows(questionSet, []);
  return {
    name: "Returns",
    columns: [{ width: 14 }, ...questionSet.fields.map(() => ({ width: 22, wrap: true }))],
    rows: [
      { cells: labels!.map((cell) => cell ?? null), style: "note" },
      { cells: keys!.map((cell) => cell ?? null), style: "header" },
      ...returns.map(({ authorityCode, values }): WorkbookRow => ({
        cells: [authorityCode, ...questionSet.fields.map((field) => answerCell(field, values))],
      })),
    ],
    freeze: { rows: 2, columns: 1 },
  };
}

/** The coordinator's workbook: a row for every authority, the authorities' names, and the data dictionary. */
export function coordinatorTemplateWorkbook(input: {
  questionSet: QuestionSet;
  round: TemplateRound;
  authorities: ReadonlyArray<TemplateAuthority & { regionName: string }>;
}): WorkbookSpec {
  const { questionSet, round, authorities } = input;
  return {
    title: `${round.name}: returns`,
    sheets: [
      wideSheet(
        questionSet,
        authorities.map((authority) => ({ authorityCode: authority.code, values: {} })),
      ),
      {
        name: "Authorities",
        columns: [{ width: 14 }, { width: 40 }, { width: 30 }],
        rows: [
          { cells: ["ONS code", "Authority", "Region"], style: "header" },
          ...authorities.map((authority): WorkbookRow => ({ cells: [authority.code, authority.name, authority.regionName] })),
        ],
        freeze: { rows: 1, columns: 0 },
      },
      dataDictionarySheet(questionSet),
    ],
  };
}
