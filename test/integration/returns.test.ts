import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { storedMetric } from "../support/metrics";
import { completeReturn, findReturnByCode, insertReturn, insertRound, readStoredValues } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;
let member: TestClient;
let coordinator: TestClient;
const ROUND = "2024-25";
const NETWORK = [
  "E06000001",
  "E06000002",
  "E06000003",
  "E06000004",
  "E06000005",
  "E06000006",
  "E06000007",
  "E06000008",
  "E06000009",
  "E06000010",
];

/** Every field of a section as a form: the given answers, blank for the rest. */
function sectionForm(sectionId: string, answers: Record<string, string>, version: number): Record<string, string> {
  const section = QUESTION_SET_V1.sections.find((s) => s.id === sectionId)!;
  return { version: String(version), ...Object.fromEntries(section.fields.map((f) => [f.key, answers[f.key] ?? ""])) };
}

const returnOf = (code: string) => findReturnByCode(database.db, code, ROUND);
const storedValues = (code: string) => readStoredValues(database.db, code, ROUND);

async function currentVersion(code: string): Promise<number> {
  return (await returnOf(code))?.version ?? 0;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const previous = await insertRound(database.db, { slug: "2023-24", financialYear: "2023-24", status: "published" });
  await insertReturn(database.db, {
    roundId: previous.id,
    authorityCode: AUTHORITY_A,
    status: "approved",
    values: completeReturn({ population_0_25: 100_000 }),
  });
  // The outlier fence comes from the latest published round only.
  for (const [i, code] of NETWORK.entries()) {
    if (code !== AUTHORITY_A)
      await insertReturn(database.db, {
        roundId: previous.id,
        authorityCode: code,
        status: "approved",
        values: completeReturn({}, 9_500 + i * 100),
      });
  }
  const current = await insertRound(database.db, { slug: ROUND, financialYear: "2024-25", status: "open" });
  for (const [i, code] of NETWORK.entries()) {
    await insertReturn(database.db, {
      roundId: current.id,
      authorityCode: code,
      status: "approved",
      values: completeReturn({}, 9_500 + i * 100),
    });
  }
  await insertRound(database.db, { slug: "2025-26-draft", financialYear: "2025-26", status: "draft" });
  server = await startServer({ DATABASE_URL: database.url });
  member = new TestClient(server.baseUrl);
  await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("a member completes, submits, is queried and resubmits; the coordinator approves", () => {
  it("lists the round on the member's home page and shows the return as a task list", async () => {
    const home = pageText(await (await member.get("/")).text());
    expect(home).toContain("Round 2024-25");
    expect(home).not.toContain("Round 2025-26");
    const page = pageText(await (await member.get(`/rounds/${ROUND}`)).text());
    expect(page).toContain("Population and EHCPs Not yet started");
    expect(page).toContain("Transport for children and young people with SEND Not yet started");
  });

  it("refuses a value that is not a number, naming the field and keeping the other answers", async () => {
    const response = await member.post(
      `/rounds/${ROUND}/sections/context`,
      sectionForm("context", { population_0_25: "lots", "ehcp.total": "6,100" }, 0),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(pageText(html)).toContain("There is a problem");
    expect(pageText(html)).toMatch(/Population aged 0 to 25 must be a whole number/);
    expect(html).toContain('value="6,100"');
    expect(html).toContain('value="lots"');
    expect(await returnOf(AUTHORITY_A)).toBeUndefined();
  });

  it("saves a section as a draft and audits each field", async () => {
    const response = await member.post(
      `/rounds/${ROUND}/sections/context`,
      sectionForm("context", { population_0_25: "210,000", "ehcp.total": "6,100" }, 0),
    );
    expect(response.status).toBe(302);
    expect(await storedValues(AUTHORITY_A)).toEqual({ population_0_25: 210_000, "ehcp.total": 6_100 });
    expect((await returnOf(AUTHORITY_A))?.status).toBe("draft");
    const audit = await database.db.selectFrom("audit_log").selectAll().where("action", "=", "return.save").execute();
    expect(audit.map((a) => [a.field_key, a.old_value, a.new_value]).sort()).toEqual([
      ["ehcp.total", null, "6100"],
      ["population_0_25", null, "210000"],
    ]);
    const page = pageText(await (await member.get(`/rounds/${ROUND}`)).text());
    expect(page).toContain("Population and EHCPs Completed");
  });

  it("refuses a breakdown that does not add up to the total, saving nothing of the section", async () => {
    const answers = {
      "ehcp.age.under_5": "100",
      "ehcp.age.5_10": "2000",
      "ehcp.age.11_15": "2000",
      "ehcp.age.16_19": "1000",
      "ehcp.age.20_25": "500",
    };
    const response = await member.post(
      `/rounds/${ROUND}/sections/ehcp-breakdowns`,
      sectionForm("ehcp-breakdowns", answers, await currentVersion(AUTHORITY_A)),
    );
    expect(response.status).toBe(400);
    expect(pageText(await response.text())).toMatch(/add up to 5,600, but the .* is 6,100/);
    expect(Object.keys(await storedValues(AUTHORITY_A))).toEqual(expect.not.arrayContaining(["ehcp.age.under_5"]));
  });

  it("refuses a save based on a version someone else has since changed, showing both answers", async () => {
    const stale = await currentVersion(AUTHORITY_A);
    await member.post(
      `/rounds/${ROUND}/sections/context`,
      sectionForm("context", { population_0_25: "210,000", "ehcp.total": "6,200" }, stale),
    );
    const response = await member.post(
      `/rounds/${ROUND}/sections/context`,
      sectionForm("context", { population_0_25: "210,000", "ehcp.total": "6,300" }, stale),
    );
    expect(response.status).toBe(409);
    const text = pageText(await response.text());
    expect(text).toContain("Someone else changed this return since you opened it");
    expect(text).toContain("Number of EHCPs maintained 6,300 6,200");
    expect((await storedValues(AUTHORITY_A))["ehcp.total"]).toBe(6_200);
  });

  it("warns on the check page and refuses to submit until warnings are explained and the declaration confirmed", async () => {
    const transport = completeReturn({}, 45_000);
    const answers = Object.fromEntries(
      Object.entries(transport)
        .filter(([key]) => key.startsWith("transport."))
        .map(([k, v]) => [k, String(v)]),
    );
    expect(
      (
        await member.post(
          `/rounds/${ROUND}/sections/transport-send`,
          sectionForm("transport-send", answers, await currentVersion(AUTHORITY_A)),
        )
      ).status,
    ).toBe(302);

    const check = pageText(await (await member.get(`/rounds/${ROUND}/check`)).text());
    expect(check).toContain("Explain these warnings");
    expect(check).toMatch(/Population aged 0 to 25 .*110\.0%/);
    expect(check).toMatch(/Unit cost of special school transport is £45,000 a child, far above what other councils reported last round/);

    const refused = await member.post(`/rounds/${ROUND}/check`, { version: String(await currentVersion(AUTHORITY_A)) });
    expect(refused.status).toBe(400);
    const text = pageText(await refused.text());
    expect(text).toContain("Explain this warning: Unit cost of special school transport is £45,000 a child");
    expect(text).toContain("Confirm the declaration before you submit");
    expect((await returnOf(AUTHORITY_A))?.status).toBe("draft");
  });

  it("submits with explanations, after which the return is read-only", async () => {
    const warnings = ["change:population_0_25", "outlier:special", "change:transport.special.spend"];
    const form: Record<string, string> = { version: String(await currentVersion(AUTHORITY_A)), declaration: "confirmed" };
    for (const id of warnings) form[`explanation-${id}`] = "Boundary change merged two districts; new special school opened.";
    const response = await member.post(`/rounds/${ROUND}/check`, form);
    if (response.status !== 302) throw new Error(pageText(await response.text()));
    expect((await returnOf(AUTHORITY_A))?.status).toBe("submitted");
    const page = pageText(await (await member.get(`/rounds/${ROUND}`)).text());
    expect(page).toContain("It cannot be changed unless your coordinator queries it");
    expect(page).toContain("£9,000,000");

    const edit = await member.post(
      `/rounds/${ROUND}/sections/context`,
      sectionForm("context", { population_0_25: "1" }, await currentVersion(AUTHORITY_A)),
    );
    expect(edit.status).toBe(403);
    expect((await storedValues(AUTHORITY_A)).population_0_25).toBe(210_000);
  });

  it("lets the coordinator see the explanations and query the return with a comment", async () => {
    const html = await (await coordinator.get(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`)).text();
    const review = pageText(html);
    expect(review).toContain("Boundary change merged two districts");
    // Beside each answer, last round's (2023-24's approved return), and after each spend the unit cost
    // both imply: £9,000,000 for 200 children is £45,000 a child; last round £2,000,000 for 200, £10,000.
    expect(review).toContain("Population aged 0 to 25 210,000 100,000");
    expect(review).toContain("Spend on special school transport £9,000,000 £2,000,000");
    expect(review).toContain("Unit cost they imply (spend per child) £45,000 a child £10,000 a child");
    expect(review).toContain("Spend on post-16 transport £400,000 £400,000");
    expect(review).toContain("Unit cost they imply (spend per child) £5,000 a child £5,000 a child");
    // The decisions come after the data, with one comment box for all of them.
    expect(html.match(/<textarea[^>]*name="comment"/g)).toHaveLength(1);
    const lastAnswer = html.lastIndexOf("app-review-table");
    for (const intent of ["query", "comment"]) expect(html.indexOf(`value="${intent}"`)).toBeGreaterThan(lastAnswer);
    expect(html.indexOf('name="comment"')).toBeGreaterThan(html.indexOf('id="comments-heading"'));
    const noComment = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, {
      intent: "query",
      comment: "",
      version: String(await currentVersion(AUTHORITY_A)),
    });
    expect(noComment.status).toBe(400);
    expect(pageText(await noComment.text())).toContain("Enter a comment saying what the authority should check");

    const query = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, {
      intent: "query",
      comment: "Special school unit cost of £45,000 looks like a typo <script>alert(1)</script>",
      version: String(await currentVersion(AUTHORITY_A)),
    });
    expect(query.status).toBe(302);
    expect((await returnOf(AUTHORITY_A))?.status).toBe("queried");
  });

  it("shows the query to the member, who corrects the answer and resubmits", async () => {
    const html = await (await member.get(`/rounds/${ROUND}`)).text();
    expect(pageText(html)).toContain("Your coordinator has queried this return");
    expect(pageText(html)).toContain("looks like a typo <script>alert(1)</script>");
    expect(html).not.toContain("<script>alert(1)</script>");

    const transport = completeReturn({}, 10_000);
    const answers = Object.fromEntries(
      Object.entries(transport)
        .filter(([key]) => key.startsWith("transport."))
        .map(([k, v]) => [k, String(v)]),
    );
    expect(
      (
        await member.post(
          `/rounds/${ROUND}/sections/transport-send`,
          sectionForm("transport-send", answers, await currentVersion(AUTHORITY_A)),
        )
      ).status,
    ).toBe(302);
    expect((await returnOf(AUTHORITY_A))?.status).toBe("queried");
    const form: Record<string, string> = { version: String(await currentVersion(AUTHORITY_A)), declaration: "confirmed" };
    const resubmit = await member.post(`/rounds/${ROUND}/check`, form);
    if (resubmit.status !== 302) throw new Error(pageText(await resubmit.text()));
    expect((await returnOf(AUTHORITY_A))?.status).toBe("submitted");
  });

  it("approves the return, which puts it into the round's metrics", async () => {
    const approve = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, {
      intent: "approve",
      comment: "",
      version: String(await currentVersion(AUTHORITY_A)),
    });
    expect(approve.status).toBe(302);
    expect((await returnOf(AUTHORITY_A))?.status).toBe("approved");
    expect(await storedMetric(database.db, AUTHORITY_A, ROUND, "unit_cost.special")).toBe(10_000);
  });

  it("keeps a history of every change that the coordinator can read", async () => {
    const history = pageText(await (await coordinator.get(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}/history`)).text());
    expect(history).toMatch(/Status changed\s+submitted approved/);
    expect(history).toMatch(/Answer saved Number of EHCPs maintained 6100 6200/);
    expect(history).toContain("Warning explained");
    const statuses = await database.db
      .selectFrom("audit_log")
      .select(["old_value", "new_value"])
      .where("action", "=", "return.status")
      .where("return_id", "=", (await returnOf(AUTHORITY_A))!.id)
      .orderBy("id")
      .execute();
    expect(statuses.map((s) => `${s.old_value}→${s.new_value}`)).toEqual([
      "draft→submitted",
      "submitted→queried",
      "queried→submitted",
      "submitted→approved",
    ]);
  });

  it("shows the coordinator a dashboard with counts and a table sortable by status", async () => {
    const page = pageText(await (await coordinator.get(`/admin/rounds/${ROUND}?sort=status&order=ascending`)).text());
    expect(page).toContain("11 approved");
    expect(page).toContain("142 not started");
    expect(page).toMatch(/sorted by status \(ascending\)/);
  });
});

describe("what members may not do", () => {
  it("shows another member only their own authority's return", async () => {
    const other = new TestClient(server.baseUrl);
    await other.signIn(TEST_USERS.memberB.email, TEST_PASSWORD);
    const page = pageText(await (await other.get(`/rounds/${ROUND}`)).text());
    expect(page).toContain("Barnet");
    expect(page).not.toContain("Barking and Dagenham");
    expect(page).toContain("Population and EHCPs Not yet started");
    expect((await other.get(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`)).status).toBe(403);
    expect(await storedValues(AUTHORITY_B)).toEqual({});
  });

  it("hides draft rounds and unknown sections (404)", async () => {
    expect((await member.get("/rounds/2025-26-draft")).status).toBe(404);
    expect((await member.get(`/rounds/${ROUND}/sections/no-such-section`)).status).toBe(404);
  });

  it("refuses edits once the round is closed", async () => {
    const other = new TestClient(server.baseUrl);
    await other.signIn(TEST_USERS.memberB.email, TEST_PASSWORD);
    await database.db.updateTable("rounds").set({ status: "closed" }).where("slug", "=", ROUND).execute();
    try {
      const response = await other.post(`/rounds/${ROUND}/sections/context`, sectionForm("context", { population_0_25: "1000" }, 0));
      expect(response.status).toBe(403);
      expect(await returnOf(AUTHORITY_B)).toBeUndefined();
    } finally {
      await database.db.updateTable("rounds").set({ status: "open" }).where("slug", "=", ROUND).execute();
    }
  });
});
