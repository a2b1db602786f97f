import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { QUESTION_SET_V1, sectionSheetName } from "~/domain/question-set";
import { coordinatorTemplateWorkbook, memberTemplateWorkbook } from "~/domain/return-templates";
import { type ReturnsFileContext, describeIssue } from "~/domain/returns-file";
import { tableSheet } from "~/domain/workbook";
import { readReturnsFile } from "~/spreadsheets/returns-upload.server";
import { readXlsx, writeXlsx } from "~/spreadsheets/xlsx.server";
import { type HandCell, handWrittenXlsx } from "../support/workbooks";

const ROUND = { slug: "2024-25", name: "Round 2024-25" };
const AUTHORITY = { code: "E09000002", name: "Barking and Dagenham" };
const CONTEXT: ReturnsFileContext = {
  questionSet: QUESTION_SET_V1,
  authorityCodes: new Set(["E09000002", "E09000003"]),
  purpose: "approve",
  roundSlug: ROUND.slug,
};

/** A complete return with no warnings: unit costs between £5,000 and £25,000. */
const COMPLETE = {
  population_0_25: 200_000,
  "ehcp.total": 4_000,
  "transport.send_mainstream.children": 500,
  "transport.send_mainstream.spend": 3_000_000,
  "transport.special.children": 800,
  "transport.special.spend": 8_000_000,
  "transport.independent_special.children": 200,
  "transport.independent_special.spend": 5_000_000,
  "transport.post16.children": 400,
  "transport.post16.spend": 2_000_000,
  "transport.post19.children": 50,
  "transport.post19.spend": 500_000,
};

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(buffer).buffer);
  return workbook;
}

async function errorsOf(file: Uint8Array, context = CONTEXT): Promise<string[]> {
  const result = await readReturnsFile(file, context);
  return result.ok ? [] : result.errors.map(describeIssue);
}

describe("the member's template workbook", () => {
  const values = { ...COMPLETE, "dsg.cumulative_deficit": -250_000, "policy.pickup_points": true, "policy.route_bundling": false };

  test("has guidance, a sheet per section with the authority and round on it, and a data dictionary", async () => {
    const workbook = await load(
      await writeXlsx(memberTemplateWorkbook({ questionSet: QUESTION_SET_V1, round: ROUND, authority: AUTHORITY, values })),
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Guidance",
      ...QUESTION_SET_V1.sections.map(sectionSheetName),
      "Data dictionary",
    ]);
    const context = workbook.getWorksheet("Population and EHCPs")!;
    expect([context.getCell("A3").value, context.getCell("B3").value, context.getCell("A4").value, context.getCell("B4").value]).toEqual([
      "authority_code",
      "E09000002",
      "round",
      "2024-25",
    ]);
    expect(context.getRow(7).values).toEqual([undefined, "Question", "Key", "Unit", "Hint and what counts", "Your answer"]);
    expect([context.getCell("B8").value, context.getCell("E8").value, context.getCell("E8").numFmt]).toEqual([
      "population_0_25",
      200_000,
      "#,##0",
    ]);
    const policies = workbook.getWorksheet("Transport policies")!;
    const pickupRow = policies.getColumn(2).values.indexOf("policy.pickup_points");
    const pickup = policies.getCell(pickupRow, 5);
    expect(pickup.value).toBe("yes");
    expect(pickup.dataValidation).toMatchObject({ type: "list", formulae: ['"yes,no"'] });
    // What counts, field by field, as on the form: spend as section 251's SEN transport lines count it.
    const send = workbook.getWorksheet("SEND transport")!;
    const specialSpend = send.getRow(send.getColumn(2).values.indexOf("transport.special.spend"));
    expect(specialSpend.getCell(4).value).toMatch(
      /^Gross outturn .*\nInclude contracted transport .*passenger assistants, as section 251's SEN transport lines do\. Leave out the transport team's own staffing, and capital/,
    );
    const dictionary = workbook.getWorksheet("Data dictionary")!;
    expect(dictionary.getRow(1).values).toEqual([undefined, "Key", "Question", "Section", "Unit", "Rules", "Hint and what counts"]);
    expect(dictionary.rowCount).toBe(QUESTION_SET_V1.fields.length + 1);
  });

  test("reads back to the answers it was filled with", async () => {
    const file = await writeXlsx(memberTemplateWorkbook({ questionSet: QUESTION_SET_V1, round: ROUND, authority: AUTHORITY, values }));
    const result = await readReturnsFile(file, CONTEXT);
    if (!result.ok) throw new Error(result.errors.map(describeIssue).join("\n"));
    expect(result.returns).toHaveLength(1);
    expect(result.returns[0]!.authorityCode).toBe("E09000002");
    const provided = Object.fromEntries(Object.entries(result.returns[0]!.values).filter(([, value]) => value !== null));
    expect(provided).toEqual(values);
    expect(result.returns[0]!.cells["policy.pickup_points"]).toMatchObject({ sheet: "Transport policies", column: "E" });
  });

  test("refuses a template made for another round, or another authority's template in a member's upload", async () => {
    const file = await writeXlsx(
      memberTemplateWorkbook({
        questionSet: QUESTION_SET_V1,
        round: { slug: "2023-24", name: "Round 2023-24" },
        authority: AUTHORITY,
        values,
      }),
    );
    expect(await errorsOf(file)).toEqual([
      'sheet "Population and EHCPs", row 4, field round: value "2023-24": this workbook is for another round: expected 2024-25 (download this round\'s template)',
    ]);
    const other = await writeXlsx(
      memberTemplateWorkbook({ questionSet: QUESTION_SET_V1, round: ROUND, authority: { code: "E09000003", name: "Barnet" }, values }),
    );
    expect(await errorsOf(other, { ...CONTEXT, purpose: "draft", ownAuthorityCode: "E09000002" })).toEqual([
      'sheet "Population and EHCPs", row 3, field authority_code: value "E09000003": this file is for another authority: expected your own authority\'s code, E09000002',
    ]);
  });
});

describe("the coordinator's template workbook", () => {
  test("lists every authority under the keys, with their names on a sheet of their own; rows left blank are left out", async () => {
    const authorities = [
      { code: "E09000002", name: "Barking and Dagenham", regionName: "London" },
      { code: "E09000003", name: "Barnet", regionName: "London" },
    ];
    const file = await writeXlsx(coordinatorTemplateWorkbook({ questionSet: QUESTION_SET_V1, round: ROUND, authorities }));
    const workbook = await load(file);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Returns", "Authorities", "Data dictionary"]);
    const returns = workbook.getWorksheet("Returns")!;
    expect([returns.getCell("A1").value, returns.getCell("B1").value]).toEqual([
      "Authority code (ONS)",
      "Population aged 0 to 25 (people)",
    ]);
    expect([returns.getCell("A2").value, returns.getCell("B2").value, returns.getCell("A3").value, returns.getCell("A4").value]).toEqual([
      "authority_code",
      "population_0_25",
      "E09000002",
      "E09000003",
    ]);

    // Fill in Barnet's row only, as a coordinator would in Excel.
    const keys = returns.getRow(2).values as unknown[];
    for (const [key, value] of Object.entries(COMPLETE)) returns.getCell(4, keys.indexOf(key)).value = value;
    const result = await readReturnsFile(Buffer.from(await workbook.xlsx.writeBuffer()), CONTEXT);
    expect(result).toMatchObject({
      ok: true,
      skippedRows: 1,
      returns: [{ sheet: "Returns", row: 4, authorityCode: "E09000003", values: COMPLETE }],
    });
  });
});

describe("a workbook written by another program", () => {
  const header: HandCell[] = [
    "authority_code",
    "population_0_25",
    "ehcp.total",
    ...Object.keys(COMPLETE).slice(2),
    "policy.pickup_points",
    "income.health_contributions",
  ].map((text) => ({
    shared: text,
  }));
  /** Every answer after SEND mainstream children and spend. */
  const rest = Object.values(COMPLETE).slice(4);

  test("reads shared and inline strings, number formats, numbers stored as text, formulas' saved results, booleans, merges and blank rows", async () => {
    const file = handWrittenXlsx({
      sheetName: "LA returns 2024",
      rows: {
        // A merged, styled title above the header, and an empty row 2 that does not exist at all.
        1: [{ inline: "Returns collected by the coordinator" }, null, null],
        3: header,
        4: [
          { shared: "E09000002" },
          // population as text with thousands commas, EHCPs in a #,##0 styled cell, SEND mainstream children by formula
          { shared: "200,000" },
          { number: 4000, style: 1 },
          { formula: "250*2", cached: 500 },
          { number: 3_000_000, style: 2 },
          ...rest.map((value): HandCell => ({ number: value, style: 1 })),
          { boolean: true },
          { shared: "£12,500" },
        ],
        6: [{ inline: "e09000003" }, ...Object.values(COMPLETE).map((value): HandCell => ({ number: value })), { inline: "n" }, null],
      },
      merges: ["A1:C1"],
    });
    const result = await readReturnsFile(file, CONTEXT);
    if (!result.ok) throw new Error(result.errors.map(describeIssue).join("\n"));
    expect(result.returns.map((r) => [r.sheet, r.row, r.authorityCode])).toEqual([
      ["LA returns 2024", 4, "E09000002"],
      ["LA returns 2024", 6, "E09000003"],
    ]);
    expect(result.returns[0]!.values).toEqual({ ...COMPLETE, "policy.pickup_points": true, "income.health_contributions": 12_500 });
    expect(result.returns[1]!.values).toEqual({ ...COMPLETE, "policy.pickup_points": false, "income.health_contributions": null });
  });

  test("names the sheet, row and field of every problem, and reads a merged answer only once", async () => {
    const file = handWrittenXlsx({
      sheetName: "Returns",
      rows: {
        1: header,
        2: [
          { shared: "E09000002" },
          { number: 200_000.5 },
          { number: 4000 },
          { number: 500 },
          { number: 3_000_000 },
          ...rest.map((value): HandCell => ({ number: value })),
          { shared: "maybe" },
          null,
        ],
        // Children and spend on SEND mainstream transport merged into one cell: the spend reads as blank
        // (an import takes that as not provided, with a notice; row 2's problems refuse the file).
        3: [
          { shared: "E09000003" },
          { number: 200_000 },
          { number: 4000 },
          { number: 500 },
          { number: 500 },
          ...rest.map((value): HandCell => ({ number: value })),
          null,
          null,
        ],
      },
      merges: ["D3:E3"],
    });
    expect(await errorsOf(file)).toEqual([
      'sheet "Returns", row 2, field population_0_25: value "200000.5": expected a whole number, like 120',
      'sheet "Returns", row 2, field policy.pickup_points: value "maybe": expected yes or no (or y/n, true/false, 1/0)',
    ]);
  });

  test("reads a formula whose saved result is 0 (=SUM of blank cells) as 0, not as a formula without a result", async () => {
    const file = handWrittenXlsx({
      sheetName: "Returns",
      rows: {
        1: [...header, { shared: "income.parental_contributions" }],
        // Health contributions are =SUM() of blank cells: Excel saved 0 as the result.
        2: [
          { shared: "E09000002" },
          ...Object.values(COMPLETE).map((value): HandCell => ({ number: value })),
          { boolean: false },
          { formula: "SUM(Z10:Z12)", cached: 0 },
          null,
        ],
      },
    });
    const result = await readReturnsFile(file, CONTEXT);
    if (!result.ok) throw new Error(result.errors.map(describeIssue).join("\n"));
    expect(result.returns[0]!.values["income.health_contributions"]).toBe(0);
  });

  test("refuses a formula saved without its result rather than working it out", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Returns");
    sheet.addRow(["authority_code", ...Object.keys(COMPLETE)]);
    sheet.addRow(["E09000002", { formula: "100000*2" }, ...Object.values(COMPLETE).slice(1)]);
    expect(await errorsOf(Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual([
      'sheet "Returns", row 2, field population_0_25: value "=100000*2 (a formula with no saved result)": expected a whole number, like 120',
    ]);
  });
});

describe("formula injection", () => {
  test("every text cell that a spreadsheet would run is written as text with a leading apostrophe; numbers stay numbers", async () => {
    const dangerous = ['=HYPERLINK("http://example.com")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn", "Authority 07"];
    const file = await writeXlsx({
      title: "t",
      sheets: [tableSheet("Metrics", { columns: ["authority", "value"], rows: dangerous.map((text, i) => [text, -(i + 1)]) })],
    });
    const [sheet] = await readXlsx(file);
    // XML keeps a carriage return as a line feed; what matters is the apostrophe in front.
    expect(sheet!.rows.slice(1)).toEqual([
      ['\'=HYPERLINK("http://example.com")', -1],
      ["'+1+1", -2],
      ["'-2+3", -3],
      ["'@SUM(A1)", -4],
      ["'\tTab", -5],
      ["'\nReturn", -6],
      ["Authority 07", -7],
    ]);
    // Nothing in the file is a formula.
    const workbook = await load(file);
    workbook.getWorksheet("Metrics")!.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
