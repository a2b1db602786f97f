import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import { runCli } from "../support/cli";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { completeReturn, findReturnByCode, insertReturn, insertRound, readStoredValues } from "../support/rounds";
import { decodePng } from "../support/png";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;
let memberA: TestClient;
let memberB: TestClient;
let coordinator: TestClient;
const ROUND = "2024-25";
const LABEL = "From DfE SEN2, January 2025 — check and confirm";

function sectionForm(sectionId: string, answers: Record<string, string>, version: number): Record<string, string> {
  const section = QUESTION_SET_V1.sections.find((s) => s.id === sectionId)!;
  return { version: String(version), ...Object.fromEntries(section.fields.map((f) => [f.key, answers[f.key] ?? ""])) };
}

/** The value attribute of each input of a page, by name. */
function inputValues(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

beforeAll(async () => {
  database = await createTestDatabase({ publicStatistics: true });
  await createTestUsers(database.db);
  await insertRound(database.db, { slug: ROUND, financialYear: "2024-25", status: "open" });
  server = await startServer({ DATABASE_URL: database.url });
  memberA = new TestClient(server.baseUrl);
  await memberA.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
  memberB = new TestClient(server.baseUrl);
  await memberB.signIn(TEST_USERS.memberB.email, TEST_PASSWORD);
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("pre-filling a return's EHCP answers from SEN2", () => {
  it("opens the EHCP section with Barking and Dagenham's January 2025 figures, each labelled", async () => {
    const html = await (await memberA.get(`/rounds/${ROUND}/sections/ehcp-breakdowns`)).text();
    const values = inputValues(html);
    // caseload.csv row for E09000002, 202425: mainstream 876 + 246 + 72; resourced 238 + 166 + 29
    expect(values["ehcp.setting.mainstream"]).toBe("1194");
    expect(values["ehcp.setting.resourced"]).toBe("433");
    // age 3 (9) + age 4 (151); sen_needs_all_plans: OTH 21 + need not recorded 57
    expect(values["ehcp.age.under_5"]).toBe("160");
    expect(values["ehcp.need.OTH"]).toBe("78");
    expect(values["ehcp.need.ASD"]).toBe("1148");
    const notes = [...html.matchAll(/<strong class="app-prefill-note">([^<]*)<\/strong>/g)].map((m) => m[1]);
    expect(notes).toEqual(Array(25).fill(LABEL));
    expect(pageText(html)).toContain("Some answers are filled in from DfE's published SEN2 statistics (SEN2 2025)");

    const context = await (await memberA.get(`/rounds/${ROUND}/sections/context`)).text();
    expect(inputValues(context)["ehcp.total"]).toBe("3063");
    expect(inputValues(context).population_0_25).toBe("");
    expect([...context.matchAll(/class="app-prefill-note"/g)]).toHaveLength(1);
  });

  it("records the answers saved as offered as pre-filled from the named release, and a changed one as the member's own", async () => {
    // Barnet: SEN2 4,320 in January 2025; the member keeps the breakdowns, then types their own total.
    const offered = inputValues(await (await memberB.get(`/rounds/${ROUND}/sections/ehcp-breakdowns`)).text());
    const section = QUESTION_SET_V1.sections.find((s) => s.id === "ehcp-breakdowns")!;
    const answers = Object.fromEntries(section.fields.map((f) => [f.key, offered[f.key] ?? ""]));
    const saved = await memberB.post(`/rounds/${ROUND}/sections/ehcp-breakdowns`, sectionForm("ehcp-breakdowns", answers, 0));
    expect(saved.status).toBe(302);
    const stored = await readStoredValues(database.db, AUTHORITY_B, ROUND);
    expect(Object.keys(stored)).toHaveLength(25);

    const returnRow = (await findReturnByCode(database.db, AUTHORITY_B, ROUND))!;
    const prefills = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("return_id", "=", returnRow.id)
      .where("action", "=", "return.prefill")
      .execute();
    expect(prefills).toHaveLength(25);
    expect(JSON.parse(prefills[0]!.detail!)).toEqual({ source: "DfE SEN2", release: "SEN2 2025", census: "January 2025" });

    // The context section still offers the total (none of its EHCP answers is given yet); a typed one is not SEN2's.
    const context = await (await memberB.get(`/rounds/${ROUND}/sections/context`)).text();
    expect(inputValues(context)["ehcp.total"]).toBe("4320");
    const typed = await memberB.post(
      `/rounds/${ROUND}/sections/context`,
      sectionForm("context", { population_0_25: "120000", "ehcp.total": "4320" }, returnRow.version),
    );
    expect(typed.status).toBe(302);
    const totalRows = await database.db
      .selectFrom("audit_log")
      .select(["action", "new_value"])
      .where("return_id", "=", returnRow.id)
      .where("field_key", "=", "ehcp.total")
      .orderBy("id")
      .execute();
    expect(totalRows).toEqual([
      { action: "return.save", new_value: "4320" },
      { action: "return.prefill", new_value: "4320" },
    ]);
    // Once answered, nothing is pre-filled again.
    const again = await (await memberB.get(`/rounds/${ROUND}/sections/ehcp-breakdowns`)).text();
    expect(again).not.toContain("app-prefill-note");
  });
});

describe("cross-checking ehcp.total against SEN2", () => {
  it("warns when the answer is more than 5% from SEN2, showing both figures, and takes an explanation", async () => {
    const round = await database.db.selectFrom("rounds").select("id").where("slug", "=", ROUND).executeTakeFirstOrThrow();
    // 3,500 against SEN2's 3,063: 437 more, 14.3% of 3,063.
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: AUTHORITY_A,
      status: "draft",
      values: completeReturn({ "ehcp.total": 3_500 }),
    });
    const check = pageText(await (await memberA.get(`/rounds/${ROUND}/check`)).text());
    const warning =
      "Number of EHCPs maintained is 3,500, 14.3% more than the 3,063 DfE SEN2 reports for January 2025 (SEN2 2025) — check, or explain";
    expect(check).toContain(warning);

    const version = (await findReturnByCode(database.db, AUTHORITY_A, ROUND))!.version;
    const refused = await memberA.post(`/rounds/${ROUND}/check`, { version: String(version), declaration: "confirmed" });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain(`Explain this warning: ${warning}`);
    const submitted = await memberA.post(`/rounds/${ROUND}/check`, {
      version: String(version),
      declaration: "confirmed",
      "explanation-public_statistics:ehcp.total": "Our count includes plans transferred in after the January census.",
    });
    if (submitted.status !== 302) throw new Error(pageText(await submitted.text()));
    expect((await findReturnByCode(database.db, AUTHORITY_A, ROUND))!.status).toBe("submitted");

    const review = pageText(await (await coordinator.get(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`)).text());
    expect(review).toContain(warning);
    expect(review).toContain("Our count includes plans transferred in after the January census.");
    // The answer, last round and DfE's figure side by side in one row of the review table.
    expect(review).toContain("Number of EHCPs maintained 3,500 No earlier return 3,063 (DfE SEN2, January 2025, SEN2 2025)");
  });

  it("does not warn within 5%", async () => {
    const round = await database.db.selectFrom("rounds").select("id").where("slug", "=", ROUND).executeTakeFirstOrThrow();
    // Barnet: 4,536 is 216 = exactly 5% above 4,320, so no warning.
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: AUTHORITY_B,
      status: "draft",
      values: completeReturn({ "ehcp.total": 4_536 }),
    });
    const check = pageText(await (await memberB.get(`/rounds/${ROUND}/check`)).text());
    expect(check).not.toContain("DfE SEN2 reports");
  });
});

describe("the demand view", () => {
  it("shows Hampshire's growth since 2015 and since 2012 to January 2023, against England", async () => {
    const since2015 = pageText(await (await memberA.get("/demand?authority=E10000014&from=2015&to=2023")).text());
    // 14,583 / 4,991 and England 517,048 / 240,183
    expect(since2015).toContain("EHCPs +192.2% from 2015 to 2023 (England +115.3%)");
    const since2012 = pageText(await (await memberA.get("/demand?authority=E10000014&from=2012&to=2023")).text());
    // 14,583 / 4,822 = 3.0243 and England 517,048 / 230,156 = 2.24651
    expect(since2012).toContain("EHCPs +202.4% from 2012 to 2023 (England +124.7%)");
    expect(since2012).toContain("Hampshire 4,822 14,583 202.4%");
    expect(since2012).toContain(
      'Source: Department for Education, "Education, health and care plans" (SEN2), releases SEN2 2022 and SEN2 2025',
    );
  });

  it("shows England's growth to the latest census, and each neighbour by name", async () => {
    const page = pageText(await (await memberA.get("/demand?authority=E10000014&from=2015")).text());
    // 17,784 / 4,991 and 638,745 / 240,183
    expect(page).toContain("EHCPs +256.3% since 2015 (England +165.9%)");
    expect(page).toContain("England 240,183 638,745 165.9%");
    expect(page).toContain("Hampshire's DfE statistical neighbours, nearest first");
    expect(page).toContain("West Sussex");
  });

  it("keeps Buckinghamshire's series continuous across its code change", async () => {
    const page = pageText(await (await coordinator.get("/demand?authority=E06000060&from=2010&to=2025")).text());
    // E10000002 in January 2010 (2,840), E06000060 in 2021–2022, E10000002 again in 2025 (7,217)
    expect(page).toContain("Buckinghamshire 2,840 7,217 154.1%");
    expect(page).toContain("2010 2,840 36,902");
    expect(page).not.toContain("No comparable figure");
  });

  it("starts Cumberland's series at its first census and says why", async () => {
    const page = pageText(await (await memberA.get("/demand?authority=E06000063&from=2015")).text());
    expect(page).toContain(
      "Cumberland was formed on 1 April 2023 from part of Cumbria (E10000006): there is no comparable figure before its first January census, 2024.",
    );
    expect(page).toContain("Growth from January 2015 cannot be measured for Cumberland");
    const from2024 = pageText(await (await memberA.get("/demand?authority=E06000063&from=2024")).text());
    // 2,893 / 2,656
    expect(from2024).toContain("EHCPs +8.9% since 2024");
  });

  it("downloads the series as CSV with the release of each figure", async () => {
    const response = await memberA.get("/demand/download?authority=E10000014&from=2015&to=2023");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const csv = await response.text();
    expect(csv.split("\r\n")[0]).toBe("area,area_code,comparison,census_january,ehcps,source");
    expect(csv).toContain("Hampshire,E10000014,authority,2012,4822,DfE SEN2 (SEN2 2022)");
    expect(csv).toContain("Hampshire,E10000014,authority,2023,14583,DfE SEN2 (SEN2 2025)");
    expect(csv).toContain("England,E92000001,england,2025,638745,DfE SEN2 (SEN2 2025)");
  });

  it("offers the chart as the page's own SVG and a PNG twice its size, sent once in the document", async () => {
    const html = await (await memberA.get("/demand?authority=E10000014&from=2015&to=2023")).text();
    const start = html.indexOf("<svg", html.indexOf('id="figure-demand"'));
    const onPage = html.slice(start, html.indexOf("</svg>", start) + "</svg>".length);
    expect(html.split(onPage).length - 1).toBe(1);
    const title = "EHCPs by January census, 2015 = 100";
    expect(html).toContain(`Download chart as SVG<span class="govuk-visually-hidden"> (${title})</span>`);
    const [width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(onPage)!.slice(1).map(Number) as [number, number];
    const svg = await (await memberA.get("/demand/figure?authority=E10000014&from=2015&to=2023&format=svg")).text();
    expect(svg).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n${onPage.replace("<svg ", `<svg width="${width}" height="${height}" font-family="&quot;GDS Transport&quot;, arial, sans-serif" `)}\n`,
    );
    const png = decodePng(
      new Uint8Array(await (await memberA.get("/demand/figure?authority=E10000014&from=2015&to=2023&format=png")).arrayBuffer()),
    );
    expect([png.width, png.height]).toEqual([Math.round(width * 2), Math.round(height * 2)]);
  });

  it("opens on the member's own authority and refuses an unknown one", async () => {
    const page = pageText(await (await memberA.get("/demand")).text());
    expect(page).toContain("EHCP demand: Barking and Dagenham");
    expect((await memberA.get("/demand?authority=E99999999")).status).toBe(404);
  });
});

describe("loading the next release", () => {
  const NEEDS_HEADER =
    "time_period,geographic_level,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,ehc_plans,number_asd,number_hi,number_mld,number_msi,number_oth,number_pd,number_pmld,number_semh,number_slcn,number_sld,number_spld,number_vi,number_need_unknown";
  // 40 + 1 + 9 + 0 + 5 + 5 + 0 + 20 + 15 + 3 + 1 + 1 + 0 = 100
  const HAMPSHIRE_2026 = "202526,Local authority,E10000014,850,Hampshire,All EHC plans,All EHC plans,100,40,1,9,0,5,5,0,20,15,3,1,1,0";
  const ENGLAND_2026 = "202526,National,,,,All EHC plans,All EHC plans,1000,400,10,90,0,50,50,0,200,150,30,10,10,0";

  function releaseDir(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "sen2-release-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }

  async function counts() {
    const [figures, releases, values, audit] = await Promise.all([
      database.db
        .selectFrom("sen2_figures")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      database.db
        .selectFrom("sen2_releases")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      database.db
        .selectFrom("return_values")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
      database.db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ]);
    return { figures: Number(figures.n), releases: Number(releases.n), values: Number(values.n), audit: Number(audit.n) };
  }

  it("refuses a file with a wrong column, naming it, and changes nothing", async () => {
    const before = await counts();
    const dir = releaseDir({
      "sen_needs_all_plans_2026.csv": [NEEDS_HEADER.replace("number_asd", "number_autism"), HAMPSHIRE_2026].join("\n"),
    });
    const result = await runCli(database.url, "reference", "import", "sen2", dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sen_needs_all_plans_2026.csv: row 1 lacks the column "number_asd"');
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown code and a value that is not a count, naming each row, and changes nothing", async () => {
    const before = await counts();
    const text = [
      NEEDS_HEADER,
      ENGLAND_2026,
      HAMPSHIRE_2026.replace("E10000014", "E10000099"),
      HAMPSHIRE_2026.replace(",40,", ",forty,"),
    ].join("\n");
    const result = await runCli(database.url, "reference", "import", "sen2", releaseDir({ "sen_needs_all_plans_2026.csv": text }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'sen_needs_all_plans_2026.csv row 3, column new_la_code: "E10000099" (Hampshire) is not a known local authority code',
    );
    expect(result.stderr).toContain('sen_needs_all_plans_2026.csv row 4, column number_asd: "forty" is not a whole number of plans');
    expect(await counts()).toEqual(before);
  });

  it("loads a release once, names symbols by row, and a second import of it changes nothing", async () => {
    const before = await counts();
    const suppressed = "202526,Local authority,E10000015,919,Hertfordshire,All EHC plans,All EHC plans,c,c,c,c,c,c,c,c,c,c,c,c,c,c";
    const dir = releaseDir({
      "sen_needs_all_plans_2026.csv": [NEEDS_HEADER, ENGLAND_2026, HAMPSHIRE_2026, suppressed].join("\n"),
      "README.md": "not read",
    });
    const first = await runCli(database.url, "reference", "import", "sen2", dir);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("DfE SEN2 2026 loaded: 24 figures");
    expect(first.stdout).toContain(
      'sen_needs_all_plans_2026.csv row 4: Hertfordshire, January 2026, ehc_plans is "c" (suppressed): no figure',
    );
    const loaded = await counts();
    // 12 needs for England and for Hampshire; returns untouched; one audit row for the import
    expect(loaded).toEqual({ ...before, figures: before.figures + 24, releases: before.releases + 1, audit: before.audit + 1 });
    const asd = await database.db
      .selectFrom("sen2_figures")
      .select("value")
      .where("authority_code", "=", "E10000014")
      .where("census_year", "=", 2026)
      .where("breakdown", "=", "ehcp.need.ASD")
      .executeTakeFirstOrThrow();
    expect(Number(asd.value)).toBe(40);

    const second = await runCli(database.url, "reference", "import", "sen2", dir);
    expect(second.stdout).toContain("DfE SEN2 2026 is already loaded with the same 24 figures: nothing changed");
    expect(await counts()).toEqual(loaded);
  });

  it("takes a release from a coordinator's upload, validated the same way", async () => {
    const upload = (files: Record<string, string>) => {
      const form = new FormData();
      for (const [name, text] of Object.entries(files)) form.append("files", new Blob([text], { type: "text/csv" }), name);
      return coordinator.request("/admin/reference/sen2", { method: "POST", headers: { Origin: server.baseUrl }, body: form });
    };
    const before = await counts();
    const refused = await upload({
      "sen_needs_all_plans_2026.csv": [NEEDS_HEADER, HAMPSHIRE_2026.replace("E10000014", "E10000099")].join("\n"),
    });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain(
      'sen_needs_all_plans_2026.csv row 2, column new_la_code: "E10000099" (Hampshire) is not a known local authority code',
    );
    expect(await counts()).toEqual(before);

    // One file of the 2025 release alone would take the caseload figures away: refused.
    const partial = await upload({ "sen_needs_all_plans_2025.csv": [NEEDS_HEADER, ENGLAND_2026.replace("202526", "202425")].join("\n") });
    expect(partial.status).toBe(400);
    expect(pageText(await partial.text())).toContain("SEN2 2025 is loaded from caseload, needs files: give all of them to replace it");
    expect(await counts()).toEqual(before);

    const same = await upload({
      "sen_needs_all_plans_2026.csv": [
        NEEDS_HEADER,
        ENGLAND_2026,
        HAMPSHIRE_2026,
        "202526,Local authority,E10000015,919,Hertfordshire,All EHC plans,All EHC plans,c,c,c,c,c,c,c,c,c,c,c,c,c,c",
      ].join("\n"),
    });
    expect(same.status).toBe(302);
    expect(await counts()).toEqual(before);
    const page = pageText(await (await coordinator.get("/admin/reference/sen2")).text());
    expect(page).toContain("DfE SEN2 2026 is already loaded with the same figures: nothing changed");
    // Loaded today, written as GOV.UK writes dates ("2 December 2026"), not "2026-12-02".
    expect(page).toMatch(
      /SEN2 2026 sen_needs_all_plans_2026\.csv 24 \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/,
    );
    expect(page).toContain("SEN2 2025 caseload_2019-2025.csv, sen_needs_all_plans_2025.csv 12,969");
  });
});
