import { describe, expect, test } from "vitest";
import { SEND_COHORTS } from "~/domain/cohorts";
import { QUESTION_SET_V1 } from "~/domain/question-set";
import {
  type ReturnsFileContext,
  type ReturnsFileResult,
  type ReturnsGrid,
  describeIssue,
  parseReturnsCsv as parseCsvFile,
  parseReturnsGrid as parseGrid,
} from "~/domain/returns-file";

const CONTEXT: ReturnsFileContext = {
  questionSet: QUESTION_SET_V1,
  authorityCodes: new Set(["E09000002", "E09000003", "E10000016"]),
  purpose: "approve",
};

/** A result with its problems and warnings in words, as the command line prints them. */
function inWords(result: ReturnsFileResult) {
  return result.ok
    ? { ...result, warnings: result.warnings.map(describeIssue), notices: result.notices.map(describeIssue) }
    : { ok: false as const, errors: result.errors.map(describeIssue) };
}
const parseReturnsCsv = (text: string, context: ReturnsFileContext) => inWords(parseCsvFile(text, context));
const parseReturnsGrid = (grid: ReturnsGrid, context: ReturnsFileContext) => inWords(parseGrid(grid, context));

/** The fields a return needs before it can be submitted, and so before it can be imported. */
const REQUIRED = ["population_0_25", "ehcp.total", ...SEND_COHORTS.flatMap((c) => [`transport.${c}.children`, `transport.${c}.spend`])];
/** A complete row for REQUIRED, unit costs inside the usual range so there are no warnings. */
const COMPLETE = ["200000", "4000", "500", "3000000", "800", "8000000", "200", "5000000", "400", "2000000", "50", "500000"];

function csv(...lines: string[]): string {
  return `${lines.join("\r\n")}\r\n`;
}

describe("parseReturnsCsv", () => {
  test("reads one return per row: blanks not provided, money with £ and commas, yes/no words", () => {
    const result = parseReturnsCsv(
      csv(
        [
          "authority_code",
          ...REQUIRED,
          "transport.special.routes",
          "income.health_contributions",
          "policy.route_bundling",
          "policy.pickup_points",
        ].join(","),
        ["E09000002", ...COMPLETE, "160", '"£1,250,000"', "Y", "0"].join(","),
        ["e09000003 ", ...COMPLETE, "", "", "", "TRUE"].join(","),
      ),
      CONTEXT,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.returns.map((r) => [r.row, r.authorityCode])).toEqual([
      [2, "E09000002"],
      [3, "E09000003"],
    ]);
    expect(result.returns[0]!.values).toMatchObject({
      population_0_25: 200000,
      "transport.special.spend": 8000000,
      "transport.special.routes": 160,
      "income.health_contributions": 1250000,
      "policy.route_bundling": true,
      "policy.pickup_points": false,
    });
    expect(result.returns[1]!.values).toMatchObject({
      "transport.special.routes": null,
      "income.health_contributions": null,
      "policy.route_bundling": null,
      "policy.pickup_points": true,
    });
  });

  test("skips blank rows but keeps counting them, so rows are numbered as a spreadsheet shows them", () => {
    const result = parseReturnsCsv(
      csv(["authority_code", ...REQUIRED].join(","), ",,,", ["E09000002", ...COMPLETE].join(","), ""),
      CONTEXT,
    );
    expect(result.ok && result.returns.map((r) => r.row)).toEqual([3]);
  });

  test("reports every problem in the file, naming row, field, value and what was expected", () => {
    const header = [
      "authority_code",
      ...REQUIRED,
      "ehcp.age.under_5",
      "ehcp.age.5_10",
      "ehcp.age.11_15",
      "ehcp.age.16_19",
      "ehcp.age.20_25",
      "transport.special.spnd",
      "population_0_25",
      "policy.pickup_points",
    ];
    const row = (code: string, changes: Record<number, string>, extra: string[]) => {
      const cells = [code, ...COMPLETE];
      for (const [index, value] of Object.entries(changes)) cells[Number(index)] = value;
      return [...cells, ...extra].join(",");
    };
    const result = parseReturnsCsv(
      csv(
        header.join(","),
        // spend on special school transport (column 7) negative; children (column 5) text
        row("E09000002", { 5: "lots", 6: "-£5" }, ["", "", "", "", "", "", "", ""]),
        // a fraction of a child; an age breakdown that adds up to 3,900 against 4,000 EHCPs
        row("E09000003", { 3: "499.5" }, ["200", "1400", "1300", "800", "200", "", "", "maybe"]),
        row("E09999999", {}, ["", "", "", "", "", "", "", ""]),
        row("E09000002", {}, ["", "", "", "", "", "", "", ""]),
        // population (column 1) blank: an import takes that as not provided (with a notice), but the stray cell refuses it
        row("E10000016", { 1: "" }, ["", "", "", "", "", "", "", "", "stray"]),
      ),
      CONTEXT,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'row 1, column S: unknown column "transport.special.spnd": expected authority_code or a field key of question set version 1',
        'row 1, column T: column "population_0_25" appears twice (also column B): expected each column once',
        'row 2, field transport.special.children: value "lots": expected a whole number, like 120',
        'row 2, field transport.special.spend: value "-£5": expected 0 or more',
        'row 3, field transport.send_mainstream.children: value "499.5": expected a whole number, like 120',
        'row 3, field policy.pickup_points: value "maybe": expected yes or no (or y/n, true/false, 1/0)',
        "row 3, field ehcp.age.under_5: EHCPs by age band add up to 3,900, but the number of EHCPs maintained is 4,000 — correct the breakdown or the total",
        'row 4, field authority_code: value "E09999999": expected the ONS code of an authority in the network, like E09000002',
        'row 5, field authority_code: value "E09000002": expected each authority once, but row 2 already gives it',
        'row 6, column V: value "stray": expected nothing in a column without a heading',
      ],
    });
  });

  test("imports a row with required answers blank as an incomplete return, with a notice naming what it leaves out", () => {
    const cells = [...COMPLETE];
    // Row 3 (E09000003): post-19 transport not asked that year, so children and spend (the last two columns) blank.
    const noPost19 = [...cells.slice(0, -2), "", ""];
    // Row 4 (E10000016): population blank and only the spend on post-16 transport (column 10) missing.
    const partly = [...cells];
    partly[0] = "";
    partly[9] = "";
    const result = parseReturnsCsv(
      csv(
        ["authority_code", ...REQUIRED].join(","),
        ["E09000002", ...cells].join(","),
        ["E09000003", ...noPost19].join(","),
        ["E10000016", ...partly].join(","),
      ),
      CONTEXT,
    );
    expect(result).toMatchObject({
      ok: true,
      notices: ["row 3: post-19 transport not provided", "row 4: population aged 0 to 25 and spend on post-16 transport not provided"],
    });
    expect(result.ok && result.returns.map((r) => r.authorityCode)).toEqual(["E09000002", "E09000003", "E10000016"]);
    expect(result.ok && result.returns[1]!.values["transport.post19.spend"]).toBeNull();
  });

  test("treats a member's upload as a draft save: blank required answers are neither refused nor noticed (submission asks for them)", () => {
    // A member's upload saves a draft (checked as a save), so it never reports required answers as notices.
    const result = parseReturnsCsv(
      csv(["authority_code", ...REQUIRED].join(","), ["E09000002", ...COMPLETE.slice(0, -2), "", ""].join(",")),
      { ...CONTEXT, purpose: "draft", ownAuthorityCode: "E09000002" },
    );
    expect(result).toMatchObject({ ok: true, notices: [] });
  });

  test("passes on warnings, which do not stop an import", () => {
    const cells = [...COMPLETE];
    cells[5] = "0"; // special school transport: 800 children for £0
    const result = parseReturnsCsv(csv(["authority_code", ...REQUIRED].join(","), ["E09000002", ...cells].join(",")), CONTEXT);
    expect(result).toMatchObject({
      ok: true,
      warnings: [
        "row 2, field transport.special.spend: Children given transport to special schools is 800 but spend on special school transport is £0 — check both, or explain",
      ],
    });
  });

  test("needs an authority_code column, a header and at least one return", () => {
    expect(parseReturnsCsv(csv(REQUIRED.join(","), COMPLETE.join(",")), CONTEXT)).toEqual({
      ok: false,
      errors: ["row 1: no authority_code column: expected a column headed authority_code naming each row's authority"],
    });
    expect(parseReturnsCsv("", CONTEXT)).toEqual({
      ok: false,
      errors: ["row 1: the file is empty: expected a header row starting authority_code"],
    });
    expect(parseReturnsCsv(csv(["authority_code", ...REQUIRED].join(",")), CONTEXT)).toEqual({
      ok: false,
      errors: ["row 2: the file has no returns: expected one row per authority after the header"],
    });
  });

  test("passes on the CSV reader's own errors", () => {
    expect(parseReturnsCsv('authority_code,population_0_25\nE09000002,"12\n', CONTEXT)).toEqual({
      ok: false,
      errors: ['row 2, column B: a quoted value is not closed: expected a closing quote (")'],
    });
  });

  test("cuts a long value short in its message", () => {
    const result = parseReturnsCsv(
      csv(["authority_code", ...REQUIRED].join(","), ["E09000002", "x".repeat(100), ...COMPLETE.slice(1)].join(",")),
      CONTEXT,
    );
    expect(result).toEqual({
      ok: false,
      errors: [`row 2, field population_0_25: value "${"x".repeat(60)}…": expected a whole number, like 120`],
    });
  });
});

describe("parseReturnsGrid", () => {
  test("reads a spreadsheet's typed cells (numbers, booleans, blanks) and names the sheet in messages", () => {
    const numbers = COMPLETE.map(Number);
    const ok = parseReturnsGrid(
      {
        sheetName: "Returns",
        rows: [
          ["authority_code", ...REQUIRED, "policy.pickup_points"],
          ["E09000002", ...numbers, true],
          [null, null],
        ],
      },
      CONTEXT,
    );
    expect(ok).toMatchObject({ ok: true, returns: [{ row: 2, values: { "ehcp.total": 4000, "policy.pickup_points": true } }] });

    const bad = parseReturnsGrid(
      {
        sheetName: "Returns",
        rows: [
          ["authority_code", ...REQUIRED],
          ["E09000002", 200000.5, ...numbers.slice(1)],
        ],
      },
      CONTEXT,
    );
    expect(bad).toEqual({
      ok: false,
      errors: ['sheet "Returns", row 2, field population_0_25: value "200000.5": expected a whole number, like 120'],
    });
  });
});
