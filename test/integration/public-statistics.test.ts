import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { completeReturn, findReturnByCode, insertReturn, insertRound, readStoredValues } from "../support/rounds";
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
    const prefills = await database.db.selectFrom("audit_log").selectAll().where("return_id", "=", returnRow.id).where("action", "=", "return.prefill").execute();
    expect(prefills).toHaveLength(25);
    expect(JSON.parse(prefills[0]!.detail!)).toEqual({ source: "DfE SEN2", release: "SEN2 2025", census: "January 2025" });

    // The context section still offers the total (none of its EHCP answers is given yet); a typed one is not SEN2's.
    const context = await (await memberB.get(`/rounds/${ROUND}/sections/context`)).text();
    expect(inputValues(context)["ehcp.total"]).toBe("4320");
    const typed = await memberB.post(`/rounds/${ROUND}/sections/context`, sectionForm("context", { population_0_25: "120000", "ehcp.total": "4320" }, returnRow.version));
    expect(typed.status).toBe(302);
    const totalRows = await database.db.selectFrom("audit_log").select(["action", "new_value"]).where("return_id", "=", returnRow.id).where("field_key", "=", "ehcp.total").orderBy("id").execute();
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
    await insertReturn(database.db, { roundId: round.id, authorityCode: AUTHORITY_A, status: "draft", values: completeReturn({ "ehcp.total": 3_500 }) });
    const check = pageText(await (await memberA.get(`/rounds/${ROUND}/check`)).text());
    const warning = "Number of EHCPs maintained is 3,500, 14.3% more than the 3,063 DfE SEN2 reports for January 2025 (SEN2 2025) — check, or explain";
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
    expect(review).toContain("Number of EHCPs maintained, this return 3,500 DfE SEN2, January 2025 (SEN2 2025) 3,063");
  });

  it("does not warn within 5%", async () => {
    const round = await database.db.selectFrom("rounds").select("id").where("slug", "=", ROUND).executeTakeFirstOrThrow();
    // Barnet: 4,536 is 216 = exactly 5% above 4,320, so no warning.
    await insertReturn(database.db, { roundId: round.id, authorityCode: AUTHORITY_B, status: "draft", values: completeReturn({ "ehcp.total": 4_536 }) });
    const check = pageText(await (await memberB.get(`/rounds/${ROUND}/check`)).text());
    expect(check).not.toContain("DfE SEN2 reports");
  });
});
