import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../app/domain/csv";
import type { FieldValue } from "../../app/domain/values";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import { upsertAuthority } from "../../app/models/authority.server";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { XLSX_CONTENT_TYPE } from "../../app/spreadsheets/xlsx.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { storedMetric } from "../support/metrics";
import { completeReturn, findReturnByCode, insertReturn, insertRound, readStoredValues } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";
import { handWrittenXlsx, zip } from "../support/workbooks";

const ROOT = path.resolve(__dirname, "..", "..");
const MEMBER_ROUND = "2024-25";
const BULK_ROUND = "2025-26";
const PUBLISHED_ROUND = "2023-24";
/** An authority whose name a spreadsheet would run as a formula, as a hostile or careless entry might be. */
const HOSTILE = { code: "E99000001", name: '=HYPERLINK("http://evil.example","Click")' };
const PUBLISHED_OTHERS = ["E09000004", "E09000005", "E09000006", "E09000007", HOSTILE.code];

let database: TestDatabase;
let server: RunningServer;
let member: TestClient;
let memberB: TestClient;
let coordinator: TestClient;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  await upsertAuthority(database.db, { code: HOSTILE.code, name: HOSTILE.name, regionCode: "E12000007", regionName: "London" });
  const published = await insertRound(database.db, { slug: PUBLISHED_ROUND, financialYear: "2023-24", status: "published" });
  for (const [i, code] of PUBLISHED_OTHERS.entries()) {
    await insertReturn(database.db, {
      roundId: published.id,
      authorityCode: code,
      status: "approved",
      values: completeReturn({}, 9_000 + i * 500),
    });
  }
  await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, published.id));
  await insertRound(database.db, { slug: MEMBER_ROUND, financialYear: "2024-25", status: "open" });
  await insertRound(database.db, { slug: BULK_ROUND, financialYear: "2025-26", status: "open" });
  server = await startServer({ DATABASE_URL: database.url });
  member = new TestClient(server.baseUrl);
  await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
  memberB = new TestClient(server.baseUrl);
  await memberB.signIn(TEST_USERS.memberB.email, TEST_PASSWORD);
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
  dir = mkdtempSync(path.join(tmpdir(), "bn-spreadsheets-"));
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function counts() {
  const count = async (table: "returns" | "return_values" | "audit_log" | "pending_uploads") =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    returns: await count("returns"),
    values: await count("return_values"),
    audit: await count("audit_log"),
    pending: await count("pending_uploads"),
  };
}

const returnOf = (code: string, slug: string) => findReturnByCode(database.db, code, slug);
const storedValues = (code: string, slug: string) => readStoredValues(database.db, code, slug);

const metric = (code: string, slug: string, key: string) => storedMetric(database.db, code, slug, key);

async function workbookOf(response: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

async function xlsxBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function csvBytes(lines: readonly string[]): Uint8Array {
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

/** The version a page's form carries, as a browser would send it back. */
function hiddenVersion(html: string): string {
  return /name="version" value="(\d+)"/.exec(html)![1]!;
}

/** Known answers for the round trip: every required answer, some optional ones, yes/no, a surplus and money typed with £. */
const KNOWN: Record<string, FieldValue> = {
  ...completeReturn(),
  "transport.special.routes": 40,
  "transport.special.passenger_assistants": 35,
  "mode.taxi": 120,
  "mode.minibus": 200,
  "mode.in_house_fleet": 30,
  "mode.public_transport": 60,
  "mode.ptb": 40,
  "mode.single_occupancy": 55,
  "income.parental_contributions": 12_000,
  "dsg.cumulative_deficit": -250_000,
  "policy.pickup_points": true,
  "policy.route_bundling": false,
};

const REQUIRED_KEYS = Object.keys(completeReturn());
function wideCsv(rows: ReadonlyArray<readonly (string | number)[]>, extraKeys: readonly string[] = []): Uint8Array {
  return csvBytes([["authority_code", ...REQUIRED_KEYS, ...extraKeys].join(","), ...rows.map((row) => row.join(","))]);
}
const completeRow = (code: string, specialUnitCost = 10_000) => [code, ...Object.values(completeReturn({}, specialUnitCost)).map(String)];

describe("a member's return through their spreadsheet", () => {
  it("round trip: the downloaded template, filled in, uploads, previews, saves and — once approved — gives the metrics of the answers put in", async () => {
    const download = await member.get(`/rounds/${MEMBER_ROUND}/template?format=xlsx`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe(XLSX_CONTENT_TYPE);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${MEMBER_ROUND}-return-${AUTHORITY_A}.xlsx"`);
    const workbook = await workbookOf(download);

    // Fill every answer cell programmatically, as an officer would type them (one amount with £ and commas).
    for (const section of QUESTION_SET_V1.sections) {
      const sheet = workbook.getWorksheet(section.shortTitle ?? section.title)!;
      expect(sheet.getCell("B3").value).toBe(AUTHORITY_A);
      sheet.eachRow((row) => {
        const key = row.getCell(2).value;
        if (typeof key !== "string" || !(key in KNOWN)) return;
        const value = KNOWN[key];
        row.getCell(5).value =
          typeof value === "boolean" ? (value ? "yes" : "no") : key === "income.parental_contributions" ? "£12,000" : (value ?? null);
      });
    }
    const upload = await member.postFile(`/rounds/${MEMBER_ROUND}/upload`, {
      name: "our return.xlsx",
      bytes: await xlsxBytes(workbook),
      type: XLSX_CONTENT_TYPE,
    });
    expect(upload.status).toBe(302);
    const previewPath = upload.headers.get("location")!;
    expect(previewPath).toMatch(new RegExp(`^/rounds/${MEMBER_ROUND}/upload/[A-Za-z0-9_-]{32}$`));
    expect(await returnOf(AUTHORITY_A, MEMBER_ROUND)).toBeUndefined();

    const preview = await member.get(previewPath);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    const text = pageText(html);
    expect(text).toContain("Check the changes from your file");
    expect(text).toContain(`${Object.keys(KNOWN).length} answers change`);
    expect(text).toContain(
      'Population aged 0 to 25 Population and EHCPs · population_0_25 Not provided 200,000 sheet "Population and EHCPs", cell E8',
    );
    expect(text).toContain("Cumulative DSG deficit High needs funding · dsg.cumulative_deficit Not provided -£250,000");
    expect(text).toContain("Pick-up points Transport policies · policy.pickup_points Not provided Yes");

    const confirm = await member.post(previewPath, { version: hiddenVersion(html) });
    expect(confirm.status).toBe(302);
    expect(confirm.headers.get("location")).toBe(`/rounds/${MEMBER_ROUND}`);
    expect(pageText(await (await member.get(`/rounds/${MEMBER_ROUND}`)).text())).toContain(
      `Answers from our return.xlsx saved: ${Object.keys(KNOWN).length} answers changed`,
    );
    expect(await storedValues(AUTHORITY_A, MEMBER_ROUND)).toEqual(KNOWN);
    expect((await returnOf(AUTHORITY_A, MEMBER_ROUND))?.status).toBe("draft");
    const audit = await database.db
      .selectFrom("audit_log")
      .select(["field_key", "new_value"])
      .where("action", "=", "return.upload")
      .execute();
    expect(audit).toHaveLength(Object.keys(KNOWN).length);
    expect(audit).toContainEqual({ field_key: "income.parental_contributions", new_value: "12000" });
    // The upload was used up when it was saved.
    expect(pageText(await (await member.get(previewPath)).text())).toContain("This upload has expired or has been saved");

    // Submit, approve, and the metrics are the hand-worked figures of the answers put in.
    const submit = await member.post(`/rounds/${MEMBER_ROUND}/check`, {
      version: String((await returnOf(AUTHORITY_A, MEMBER_ROUND))!.version),
      declaration: "confirmed",
    });
    expect(submit.status).toBe(302);
    const approve = await coordinator.post(`/admin/rounds/${MEMBER_ROUND}/returns/${AUTHORITY_A}`, {
      intent: "approve",
      comment: "",
      version: String((await returnOf(AUTHORITY_A, MEMBER_ROUND))!.version),
    });
    expect(approve.status).toBe(302);
    expect(await metric(AUTHORITY_A, MEMBER_ROUND, "unit_cost.special")).toBe(2_000_000 / 200);
    expect(await metric(AUTHORITY_A, MEMBER_ROUND, "cost_per_route.special")).toBe(2_000_000 / 40);
    // 700,000 + 2,000,000 + 1,250,000 + 400,000 + 180,000 on SEND cohorts
    expect(await metric(AUTHORITY_A, MEMBER_ROUND, "spend.send")).toBe(4_530_000);
    expect(await metric(AUTHORITY_A, MEMBER_ROUND, "net_spend.send")).toBe(4_530_000 - 12_000);
    // 55 alone out of 120 + 200 + 30 + 60 + 40 = 450 children
    expect(await metric(AUTHORITY_A, MEMBER_ROUND, "single_occupancy_share")).toBe((55 / 450) * 100);
    expect(await metric(AUTHORITY_A, MEMBER_ROUND, "ehcp_rate_per_10k")).toBe((6_000 / 200_000) * 10_000);
  });

  it("round trip in CSV: the wide template with the member's answers reads back to the same return", async () => {
    const download = await member.get(`/rounds/${MEMBER_ROUND}/template?format=csv`);
    const rows = parseCsv(await download.text());
    if (!rows.ok) throw new Error(rows.errors.join("\n"));
    expect(rows.rows[1]![0]).toBe("authority_code");
    expect(rows.rows[2]![0]).toBe(AUTHORITY_A);
    expect(rows.rows[2]![rows.rows[1]!.indexOf("dsg.cumulative_deficit")]).toBe("-250000");
  });

  it("refuses to save a preview whose return someone changed since, and nothing is lost", async () => {
    const other = memberB;
    const upload = await other.postFile(`/rounds/${MEMBER_ROUND}/upload`, { name: "b.csv", bytes: wideCsv([completeRow(AUTHORITY_B)]) });
    expect(upload.status).toBe(302);
    const previewPath = upload.headers.get("location")!;
    const version = hiddenVersion(await (await other.get(previewPath)).text());

    // Meanwhile a colleague saves the first section.
    const saved = await other.post(`/rounds/${MEMBER_ROUND}/sections/context`, {
      version: "0",
      population_0_25: "150000",
      "ehcp.total": "5000",
    });
    expect(saved.status).toBe(302);
    const before = await counts();
    const stale = await other.post(previewPath, { version });
    expect(stale.status).toBe(409);
    const text = pageText(await stale.text());
    expect(text).toContain("Someone else changed this return since you checked the changes");
    // The preview is shown again against the saved answers, ready to confirm at the new version.
    expect(text).toContain("Population aged 0 to 25 Population and EHCPs · population_0_25 150,000 200,000");
    expect(await counts()).toEqual(before);
    expect(await storedValues(AUTHORITY_B, MEMBER_ROUND)).toEqual({ population_0_25: 150_000, "ehcp.total": 5_000 });
  });

  it("shows every problem in a refused file by sheet, cell and field, and keeps nothing", async () => {
    const before = await counts();
    const bad = wideCsv([[AUTHORITY_B, "lots", ...Object.values(completeReturn()).slice(1, -1).map(String), "-5"]]);
    const response = await memberB.postFile(`/rounds/${MEMBER_ROUND}/upload`, { name: "bad.csv", bytes: bad });
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toContain("There is a problem The file has 2 problems, so nothing was saved: correct them and upload the file again");
    expect(text).toContain(
      'Problems in bad.csv Where Field Problem Cell B2 population_0_25 value "lots": expected a whole number, like 120',
    );
    expect(text).toContain('Cell M2 transport.post19.spend value "-5": expected 0 or more');
    expect(await counts()).toEqual(before);
  });
});

/** The refusals every upload makes before it reads a cell, or because of what the cells say. */
function refusals(
  ownCode: string,
): Array<{ name: string; file: { name: string; bytes: Uint8Array; type: string }; message: string | RegExp }> {
  const workbookParts = { "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>" };
  const validXlsx = handWrittenXlsx({ sheetName: "Returns", rows: { 1: [{ shared: "authority_code" }], 2: [{ shared: ownCode }] } });
  const padding = "x".repeat(5.5 * 1024 * 1024);
  return [
    {
      name: "a file over 5 MB",
      file: { name: "returns.csv", bytes: csvBytes([`authority_code,population_0_25`, `${ownCode},1`, padding]), type: "text/csv" },
      message:
        "The selected file is 5.5 MB: it must be no larger than 5 MB. A return for every authority is well under 1 MB: remove pictures, pivot tables or other sheets",
    },
    {
      name: "a picture named and typed as a workbook",
      file: { name: "returns.xlsx", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), type: XLSX_CONTENT_TYPE },
      message: "The selected file is a PNG image, not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file",
    },
    {
      name: "an encrypted workbook",
      file: {
        name: "returns.xlsx",
        bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]),
        type: XLSX_CONTENT_TYPE,
      },
      message: /^The selected file is a password-protected workbook or an Excel 97-2003 workbook \(\.xls\)/,
    },
    {
      name: "a damaged workbook",
      file: { name: "returns.xlsx", bytes: validXlsx.subarray(0, validXlsx.length - 40), type: XLSX_CONTENT_TYPE },
      message: /^The selected file could not be read: it looks like a damaged Excel workbook/,
    },
    {
      name: "a macro-enabled workbook named .xlsx",
      file: { name: "returns.xlsx", bytes: zip({ ...workbookParts, "xl/vbaProject.bin": "Attribute VB_Name" }), type: XLSX_CONTENT_TYPE },
      message: /^The selected file is a macro-enabled workbook \(\.xlsm\), which is not accepted because macros can run code/,
    },
    {
      name: "duplicate authority rows",
      file: { name: "returns.csv", bytes: wideCsv([completeRow(ownCode), completeRow(ownCode)]), type: "text/csv" },
      message: `Cell A3 authority_code value "${ownCode}": expected each authority once, but row 2 already gives it`,
    },
    {
      name: "an unknown key",
      file: { name: "returns.csv", bytes: wideCsv([[...completeRow(ownCode), "7"]], ["transport.special.taxis"]), type: "text/csv" },
      message: 'Cell N1 unknown column "transport.special.taxis": expected authority_code or a field key of question set version 1',
    },
  ];
}

describe("refusals, each with its message and nothing changed", () => {
  for (const refusal of refusals(AUTHORITY_B)) {
    it(`a member's upload of ${refusal.name}`, async () => {
      const before = await counts();
      const response = await memberB.postFile(`/rounds/${MEMBER_ROUND}/upload`, refusal.file);
      expect(response.status).toBe(400);
      const text = pageText(await response.text());
      if (typeof refusal.message === "string") expect(text).toContain(refusal.message);
      else expect(text.replace(/^.*?There is a problem /, "")).toMatch(refusal.message);
      expect(await counts()).toEqual(before);
    });
  }

  for (const refusal of refusals("E09000020")) {
    it(`a coordinator's bulk upload of ${refusal.name}, with and without JavaScript`, async () => {
      const before = await counts();
      const page = await coordinator.postFile(`/admin/rounds/${BULK_ROUND}/upload`, refusal.file);
      expect(page.status).toBe(400);
      const text = pageText(await page.text());
      if (typeof refusal.message === "string") expect(text).toContain(refusal.message);
      else expect(text.replace(/^.*?There is a problem /, "")).toMatch(refusal.message);

      const json = await coordinator.postFile(`/admin/rounds/${BULK_ROUND}/upload/json`, refusal.file);
      expect(json.status).toBe(400);
      const body = (await json.json()) as { ok: boolean; errors: Array<{ message: string }> };
      expect(body.ok).toBe(false);
      expect(body.errors.length).toBeGreaterThan(0);
      expect(await counts()).toEqual(before);
    });
  }

  it("a member's upload of another authority's file, or with no file", async () => {
    const before = await counts();
    const other = await memberB.postFile(`/rounds/${MEMBER_ROUND}/upload`, {
      name: "barking.csv",
      bytes: wideCsv([completeRow(AUTHORITY_A)]),
    });
    expect(other.status).toBe(400);
    expect(pageText(await other.text())).toContain(
      `Cell A2 authority_code value "${AUTHORITY_A}": this file is for another authority: expected your own authority's code, ${AUTHORITY_B}`,
    );
    const none = await memberB.postFile(`/rounds/${MEMBER_ROUND}/upload`, { name: "", bytes: new Uint8Array(0) });
    expect(none.status).toBe(400);
    expect(pageText(await none.text())).toContain("There is a problem Select a CSV or Excel file");
    expect(await counts()).toEqual(before);
  });

  it("a member's upload once their return is submitted, and a bulk upload into a published round", async () => {
    // A's return was submitted and approved in the round trip.
    expect((await member.get(`/rounds/${MEMBER_ROUND}/upload`)).status).toBe(302);
    const before = await counts();
    expect(
      (await member.postFile(`/rounds/${MEMBER_ROUND}/upload`, { name: "a.csv", bytes: wideCsv([completeRow(AUTHORITY_A)]) })).status,
    ).toBe(403);
    const published = await coordinator.postFile(`/admin/rounds/${PUBLISHED_ROUND}/upload`, {
      name: "b.csv",
      bytes: wideCsv([completeRow(AUTHORITY_B)]),
    });
    expect(published.status).toBe(400);
    expect(pageText(await published.text())).toContain("This round's results are published: withdraw them before you upload returns");
    expect(await counts()).toEqual(before);
  });
});

describe("a coordinator's bulk upload", () => {
  it("without JavaScript: imports every row as approved, leaves out rows without answers, and recomputes the metrics", async () => {
    const file = csvBytes([
      "Returns collected in June,,",
      ["authority_code", ...REQUIRED_KEYS, "income.health_contributions"].join(","),
      [...completeRow("E09000010", 12_000), '"£1,250"'].join(","),
      "",
      [...completeRow("E09000011", 15_000), ""].join(","),
      ["E09000012", ...REQUIRED_KEYS.map(() => ""), ""].join(","),
    ]);
    const response = await coordinator.postFile(`/admin/rounds/${BULK_ROUND}/upload`, { name: "june.csv", bytes: file, type: "text/csv" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/admin/rounds/${BULK_ROUND}`);
    expect(pageText(await (await coordinator.get(`/admin/rounds/${BULK_ROUND}`)).text())).toContain(
      "2 returns imported from june.csv and approved; metrics recomputed; 1 row without answers left out",
    );
    expect((await returnOf("E09000010", BULK_ROUND))?.status).toBe("approved");
    expect(await returnOf("E09000012", BULK_ROUND)).toBeUndefined();
    expect(await storedValues("E09000010", BULK_ROUND)).toEqual({ ...completeReturn({}, 12_000), "income.health_contributions": 1_250 });
    expect(await metric("E09000011", BULK_ROUND, "unit_cost.special")).toBe(15_000);
    const imports = await database.db.selectFrom("audit_log").select(["user_id", "detail"]).where("action", "=", "round.import").execute();
    expect(imports.map((entry) => JSON.parse(entry.detail!))).toContainEqual({ file: "june.csv", returns: 2 });
  });

  it("with JavaScript (the page's script posts to upload/json): imports a workbook written by another program", async () => {
    const header = ["authority_code", ...REQUIRED_KEYS].map((key) => ({ shared: key }));
    const row = (code: string) => [
      { shared: code },
      ...Object.values(completeReturn({}, 11_000)).map((value) => ({ number: value as number, style: 1 })),
    ];
    const file = handWrittenXlsx({
      sheetName: "Sheet1",
      rows: { 1: [{ inline: "From the finance system" }, null], 3: header, 4: row("E09000013"), 7: row("E09000014") },
      merges: ["A1:B1"],
    });
    const response = await coordinator.postFile(`/admin/rounds/${BULK_ROUND}/upload/json`, {
      name: "finance.xlsx",
      bytes: file,
      type: XLSX_CONTENT_TYPE,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, redirectTo: `/admin/rounds/${BULK_ROUND}` });
    expect(pageText(await (await coordinator.get(`/admin/rounds/${BULK_ROUND}`)).text())).toContain(
      "2 returns imported from finance.xlsx and approved",
    );
    expect(await storedValues("E09000014", BULK_ROUND)).toEqual(completeReturn({}, 11_000));
    expect(await metric("E09000013", BULK_ROUND, "unit_cost.special")).toBe(11_000);
  });

  it("refuses a file with any bad row, listing every problem by row and field, and imports nothing", async () => {
    const before = await counts();
    const cells = completeRow("E09000015");
    cells[3] = "12.5";
    const file = wideCsv([completeRow("E09000016"), cells, completeRow("E99999998")]);
    const response = await coordinator.postFile(`/admin/rounds/${BULK_ROUND}/upload`, { name: "mixed.csv", bytes: file });
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toContain("The file has 2 problems, so nothing was saved");
    expect(text).toContain(
      'Problems in mixed.csv Where Field Problem Cell D3 transport.send_mainstream.children value "12.5": expected a whole number, like 120',
    );
    expect(text).toContain(
      'Cell A4 authority_code value "E99999998": expected the ONS code of an authority in the network, like E09000002',
    );
    expect(await counts()).toEqual(before);
  });

  it("the command line imports the coordinator's Excel template through the same core", async () => {
    const workbook = await workbookOf(await coordinator.get(`/admin/rounds/${BULK_ROUND}/download?what=template&format=xlsx`));
    const sheet = workbook.getWorksheet("Returns")!;
    const keys = sheet.getRow(2).values as unknown[];
    let target = 0;
    sheet.eachRow((row, number) => {
      if (row.getCell(1).value === "E09000017") target = number;
    });
    for (const [key, value] of Object.entries(completeReturn({}, 13_000))) sheet.getCell(target, keys.indexOf(key)).value = value;
    const file = path.join(dir, "template.xlsx");
    writeFileSync(file, await xlsxBytes(workbook));
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        path.join(ROOT, "node_modules", ".bin", "tsx"),
        ["scripts/cli.ts", "import", "--round", BULK_ROUND, file],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Imported 1 return(s) into round ${BULK_ROUND}, each approved and replacing what was there`);
    expect(result.stdout).toContain("153 row(s) naming an authority but giving no answers were left out");
    expect(await metric("E09000017", BULK_ROUND, "unit_cost.special")).toBe(13_000);
  });
});

describe("downloads", () => {
  it("gives coordinators the round's template, approved returns, metrics and statistics, identified, as CSV and Excel", async () => {
    const template = await coordinator.get(`/admin/rounds/${BULK_ROUND}/download?what=template&format=csv`);
    const templateRows = parseCsv(await template.text());
    if (!templateRows.ok) throw new Error(templateRows.errors.join("\n"));
    expect(templateRows.rows[1]!.slice(0, 2)).toEqual(["authority_code", "population_0_25"]);
    expect(templateRows.rows).toHaveLength(2 + 154);

    const returns = parseCsv(await (await coordinator.get(`/admin/rounds/${BULK_ROUND}/download?what=returns&format=csv`)).text());
    if (!returns.ok) throw new Error(returns.errors.join("\n"));
    expect(returns.rows.map((row) => row[0])).toEqual(["authority_code", "E09000010", "E09000011", "E09000013", "E09000014", "E09000017"]);

    const metrics = await workbookOf(await coordinator.get(`/admin/rounds/${BULK_ROUND}/download?what=metrics&format=xlsx`));
    const sheet = metrics.getWorksheet("Metrics")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "round", "authority_code", "metric", "value"]);
    const rows = (sheet.getSheetValues() as unknown[][]).slice(2).map((row) => row.slice(1));
    expect(rows).toContainEqual([BULK_ROUND, "E09000011", "unit_cost.special", 15_000]);

    const statistics = await coordinator.get(`/admin/rounds/${BULK_ROUND}/download?what=statistics&format=csv`);
    expect((await statistics.text()).split("\r\n")[0]).toBe("round,metric,n,min,q1,median,q3,max,mean");
    expect((await coordinator.get(`/admin/rounds/${BULK_ROUND}/download?what=secrets`)).status).toBe(404);
  });

  it("gives members the metrics anonymised exactly as the views, in CSV and Excel, with no other authority named", async () => {
    const csv = await (await member.get(`/results/${PUBLISHED_ROUND}/download?view=metrics`)).text();
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const workbook = await workbookOf(await member.get(`/results/${PUBLISHED_ROUND}/download?view=metrics&format=xlsx`));
    const values = (workbook.getWorksheet("Metrics")!.getSheetValues() as unknown[][]).slice(1).map((row) => row.slice(1).map(String));
    expect(values).toEqual(parsed.rows);
    // Others one by one under per-metric labels, and distributions over "All authorities" (spec §5.3).
    expect(new Set(values.slice(1).map((row) => row[1]))).toEqual(
      new Set(["All authorities", "Authority 01", "Authority 02", "Authority 03", "Authority 04", "Authority 05"]),
    );
    expect(csv).not.toContain("HYPERLINK");
    expect(csv).not.toMatch(/E0\d{7}/);
  });

  it("neutralises text a spreadsheet would run as a formula, in CSV and in Excel alike", async () => {
    const csv = await (await coordinator.get(`/results/${PUBLISHED_ROUND}/download?view=ranking&metric=unit_cost.special`)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const workbook = await workbookOf(
      await coordinator.get(`/results/${PUBLISHED_ROUND}/download?view=ranking&metric=unit_cost.special&format=xlsx`),
    );
    const names: unknown[] = [];
    workbook.getWorksheet("Data")!.eachRow((row) => {
      names.push(row.getCell(1).value);
      expect(row.getCell(1).type).not.toBe(ExcelJS.ValueType.Formula);
    });
    expect(names).toContain(`'${HOSTILE.name}`);
    expect(names).not.toContain(HOSTILE.name);
  });
});
