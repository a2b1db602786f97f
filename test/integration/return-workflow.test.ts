/**
 * The return's workflow beyond the basic journey, over HTTP against the built app: what a coordinator's
 * import does with incomplete rows (and a member's submission does not), a query that forgets its comment,
 * requests to reopen granted and declined, what the data dictionary says counts, and the odd requests
 * browsers make.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { completeReturn, findReturnByCode, insertReturn, insertRound, readStoredValues } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;
let coordinator: TestClient;
const ROUND = "2024-25";

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const round = await insertRound(database.db, { slug: ROUND, financialYear: "2024-25", status: "open" });
  await insertReturn(database.db, { roundId: round.id, authorityCode: AUTHORITY_A, status: "submitted", values: completeReturn() });
  server = await startServer({ DATABASE_URL: database.url });
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("requests browsers make on their own", () => {
  it("answers /favicon.ico with the icon the pages link to", async () => {
    const client = new TestClient(server.baseUrl);
    const response = await client.get("/favicon.ico");
    expect(response.status).toBe(301);
    const icon = await client.get(response.headers.get("Location")!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("Content-Type")).toMatch(/^image\//);
  });
});

describe("a coordinator's review", () => {
  it("shows the error summary, not only the inline error, when a query has no comment", async () => {
    const version = (await findReturnByCode(database.db, AUTHORITY_A, ROUND))!.version;
    const response = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, {
      intent: "query",
      comment: "",
      version: String(version),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="govuk-error-summary"');
    expect(pageText(html)).toContain("There is a problem Enter a comment saying what the authority should check");
    expect(html).toContain('href="#decision-comment"');
    // And the message by the box itself.
    expect(html).toMatch(/id="decision-comment-error"[^>]*>.*Enter a comment saying what the authority should check/);
  });
});

describe("a coordinator's bulk upload of returns collected elsewhere", () => {
  it("imports a row whose required answers are blank as an approved, incomplete return, and says so", async () => {
    const complete = completeReturn();
    const keys = Object.keys(complete);
    const row = (code: string, blank: readonly string[]) =>
      [code, ...keys.map((key) => (blank.includes(key) ? "" : String(complete[key])))].join(",");
    const csv = [
      ["authority_code", ...keys].join(","),
      row("E09000004", []),
      row(AUTHORITY_B, ["transport.post19.children", "transport.post19.spend"]),
    ].join("\n");
    const response = await coordinator.postFile(`/admin/rounds/${ROUND}/upload`, { name: "2015-returns.csv", bytes: Buffer.from(csv) });
    expect(response.status).toBe(302);
    const dashboard = pageText(await (await coordinator.get(response.headers.get("Location")!)).text());
    expect(dashboard).toContain("2 returns imported from 2015-returns.csv and approved");
    expect(dashboard).toContain("1 return imported incomplete, without required answers (row 3: post-19 transport not provided)");
    expect((await findReturnByCode(database.db, AUTHORITY_B, ROUND))?.status).toBe("approved");
    const stored = await readStoredValues(database.db, AUTHORITY_B, ROUND);
    expect(stored["transport.post19.spend"] ?? null).toBeNull();
    expect(stored["transport.special.spend"]).toBe(complete["transport.special.spend"]);
  });
});

describe("a member's request to reopen a submitted return", () => {
  it("is sent to the coordinators, granted with the return back to queried, audited, and the members told", async () => {
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    const refused = await member.post(`/rounds/${ROUND}`, { intent: "reopen", reason: "" });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(pageText(refusedPage)).toContain("There is a problem Enter what you need to change, so your coordinator can decide");
    expect(refusedPage).toContain('href="#reason"');
    expect(refusedPage).toContain('<p id="reason-error" class="govuk-error-message">');
    const asked = await member.post(`/rounds/${ROUND}`, { intent: "reopen", reason: "Post-16 spend left out the summer term." });
    expect(asked.status).toBe(302);
    expect(pageText(await (await member.get(`/rounds/${ROUND}`)).text())).toContain("You asked your coordinator to reopen this return on");
    // A second request while one waits is refused.
    const again = await member.post(`/rounds/${ROUND}`, { intent: "reopen", reason: "Again" });
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain("There is a problem This return cannot be reopened now");

    const review = pageText(await (await coordinator.get(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`)).text());
    expect(review).toContain("The authority asks to reopen this return Post-16 spend left out the summer term.");
    const version = (await findReturnByCode(database.db, AUTHORITY_A, ROUND))!.version;
    const granted = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, {
      intent: "reopen-grant",
      comment: "Reopened: correct it by Friday.",
      version: String(version),
    });
    expect(granted.status).toBe(302);
    expect((await findReturnByCode(database.db, AUTHORITY_A, ROUND))?.status).toBe("queried");
    expect(pageText(await (await member.get(`/rounds/${ROUND}`)).text())).toContain(
      "Your coordinator reopened this return at your request",
    );

    const audit = await database.db
      .selectFrom("audit_log")
      .select(["action", "new_value"])
      .where("action", "like", "return.reopen%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "return.reopen_requested", new_value: "Post-16 spend left out the summer term." },
      { action: "return.reopen_granted", new_value: "Reopened: correct it by Friday." },
    ]);
    const outbox = await database.db
      .selectFrom("outbox")
      .select(["kind", "recipient"])
      .where("kind", "like", "reopen%")
      .orderBy("id")
      .execute();
    expect(outbox).toEqual([
      { kind: "reopen_requested", recipient: TEST_USERS.coordinator.email },
      { kind: "reopen_decided", recipient: TEST_USERS.memberA.email },
    ]);
  });
});

describe("a query about particular answers", () => {
  it("stores the fields it names, shows them in the thread and marks them on the member's form", async () => {
    const round = await database.db.selectFrom("rounds").select("id").where("slug", "=", ROUND).executeTakeFirstOrThrow();
    await insertReturn(database.db, { roundId: round.id, authorityCode: "E09000005", status: "submitted", values: completeReturn() });
    const version = (await findReturnByCode(database.db, "E09000005", ROUND))!.version;
    const body = new URLSearchParams({ intent: "query", comment: "Is post-16 spend for the whole year?", version: String(version) });
    body.append("fields", "transport.post16.spend");
    body.append("fields", "not.a.field");
    const response = await coordinator.request(`/admin/rounds/${ROUND}/returns/E09000005`, {
      method: "POST",
      headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    expect(response.status).toBe(302);
    const comment = await database.db.selectFrom("comments").select(["body", "field_keys"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(comment).toEqual({ body: "Is post-16 spend for the whole year?", field_keys: '["transport.post16.spend"]' });
    expect(pageText(await (await coordinator.get(`/admin/rounds/${ROUND}/returns/E09000005`)).text())).toContain(
      "About: Spend on post-16 transport",
    );
  });
});

describe("approving in bulk", () => {
  it("lists only the submitted returns with no errors and every warning explained, and approves those in one go", async () => {
    const round = await database.db.selectFrom("rounds").select("id").where("slug", "=", ROUND).executeTakeFirstOrThrow();
    await insertReturn(database.db, { roundId: round.id, authorityCode: "E09000006", status: "submitted", values: completeReturn() });
    // Post-19 transport missing: an error, so not ready.
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: "E09000008",
      status: "submitted",
      values: completeReturn({ "transport.post19.spend": null }),
    });
    // Special school transport at £70,000 a child (above £60,000): a warning, left unexplained by Ealing.
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: "E09000009",
      status: "submitted",
      values: completeReturn({}, 70_000),
    });
    // Camden has the same warning, explained.
    const camden = await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: "E09000007",
      status: "submitted",
      values: completeReturn({}, 70_000),
    });
    await database.db
      .insertInto("warning_explanations")
      .values({
        return_id: camden.returnRow.id,
        warning_id: "unit_cost_range:special",
        explanation: "Two pupils travel 90 miles each way.",
        updated_at: new Date().toISOString(),
        updated_by: null,
      })
      .execute();
    const confirm = pageText(await (await coordinator.get(`/admin/rounds/${ROUND}/approve`)).text());
    expect(confirm).toContain("Approve these 2 returns?");
    expect(confirm).toContain("Bromley 0");
    expect(confirm).toContain("Camden 1");
    expect(confirm).not.toContain("Croydon");
    expect(confirm).not.toContain("Ealing");
    const body = new URLSearchParams([
      ["code", "E09000006"],
      ["code", "E09000007"],
      ["code", "E09000008"],
    ]);
    const response = await coordinator.request(`/admin/rounds/${ROUND}/approve`, {
      method: "POST",
      headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    expect(response.status).toBe(302);
    expect(pageText(await (await coordinator.get(`/admin/rounds/${ROUND}`)).text())).toContain("2 returns approved: Bromley, Camden");
    expect((await findReturnByCode(database.db, "E09000006", ROUND))?.status).toBe("approved");
    expect((await findReturnByCode(database.db, "E09000007", ROUND))?.status).toBe("approved");
    expect((await findReturnByCode(database.db, "E09000008", ROUND))?.status).toBe("submitted");
  });
});

describe("a request to reopen that the coordinator declines", () => {
  it("leaves the return as it was, says why on the member's page, and is audited and emailed", async () => {
    // Barnet's return was imported approved above; its member asks to reopen it, without a reason first.
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberB.email, TEST_PASSWORD);
    const refused = await member.post(`/rounds/${ROUND}`, { intent: "reopen", reason: "" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    // The error summary as well as the message by the box.
    expect(refusedHtml).toContain('class="govuk-error-summary"');
    expect(refusedHtml).toContain('href="#reason"');
    expect(pageText(refusedHtml)).toContain("There is a problem Enter what you need to change, so your coordinator can decide");
    expect(refusedHtml).toContain('id="reason-error"');

    expect((await member.post(`/rounds/${ROUND}`, { intent: "reopen", reason: "Post-19 figures came in late." })).status).toBe(302);
    const version = (await findReturnByCode(database.db, AUTHORITY_B, ROUND))!.version;
    const declined = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_B}`, {
      intent: "reopen-decline",
      comment: "Send them for next year's round instead.",
      version: String(version),
    });
    expect(declined.status).toBe(302);
    expect(pageText(await (await coordinator.get(declined.headers.get("Location")!)).text())).toContain(
      "Request declined: the return stays as it was",
    );
    expect((await findReturnByCode(database.db, AUTHORITY_B, ROUND))?.status).toBe("approved");
    const page = pageText(await (await member.get(`/rounds/${ROUND}`)).text());
    expect(page).toMatch(/Your coordinator declined your request to reopen this return on \d{1,2} \w+ \d{4} at [\d:]+(am|pm): Send them/);
    // With the decision made, the member may ask again.
    expect(page).toContain("What do you need to change, and why?");

    const audit = await database.db
      .selectFrom("audit_log")
      .select(["action", "new_value"])
      .where("action", "=", "return.reopen_declined")
      .execute();
    expect(audit).toEqual([{ action: "return.reopen_declined", new_value: "Send them for next year's round instead." }]);
    const told = await database.db
      .selectFrom("outbox")
      .select(["recipient", "personalisation"])
      .where("kind", "=", "reopen_decided")
      .where("recipient", "=", TEST_USERS.memberB.email)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(told.personalisation)).toMatchObject({ decision: "declined", comment: "Send them for next year's round instead." });
  });
});

describe("a member's own submission", () => {
  it("still needs every required answer, though a coordinator's import does not", async () => {
    // Barking and Dagenham's return was reopened above (queried): its member blanks post-19 spend and tries to submit.
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    const section = QUESTION_SET_V1.sections.find((candidate) => candidate.id === "transport-send")!;
    const complete = completeReturn();
    const form = Object.fromEntries(
      section.fields.map((field) => [field.key, field.key === "transport.post19.spend" ? "" : String(complete[field.key] ?? "")]),
    );
    const saved = await member.post(`/rounds/${ROUND}/sections/transport-send`, {
      ...form,
      version: String((await findReturnByCode(database.db, AUTHORITY_A, ROUND))!.version),
    });
    expect(saved.status).toBe(302);
    const submit = await member.post(`/rounds/${ROUND}/check`, {
      version: String((await findReturnByCode(database.db, AUTHORITY_A, ROUND))!.version),
      declaration: "confirmed",
    });
    expect(submit.status).toBe(400);
    expect(pageText(await submit.text())).toContain("Enter the spend on post-19 transport before you submit");
    expect((await findReturnByCode(database.db, AUTHORITY_A, ROUND))?.status).toBe("queried");
  });
});

describe("the data dictionary", () => {
  it("says what counts, field by field: spend's inclusions and exclusions, and children counted once at the census", async () => {
    const text = pageText(await (await new TestClient(server.baseUrl).get("/data-dictionary")).text());
    expect(text).toMatch(
      /Spend on special school transport Gross outturn for the financial year, in whole pounds, before any income is taken off\. What counts: Include contracted transport \(taxis, minibuses and coaches\), the running costs of the authority's own fleet, travel passes, personal transport budgets and mileage allowances, and passenger assistants, as section 251's SEN transport lines do\. Leave out the transport team's own staffing, and capital spending such as buying vehicles\./,
    );
    expect(text).toContain(
      "What counts: Count each child or young person once, in the cohort of the placement they had at the January census, even if they moved or travelled more than one way.",
    );
  });
});
