/**
 * The return's workflow beyond the basic journey, over HTTP against the built app: what a coordinator's
 * import does with incomplete rows, a query that forgets its comment, and the odd requests browsers make.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    const response = await coordinator.post(`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, { intent: "query", comment: "", version: String(version) });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('class="govuk-error-summary"');
    expect(pageText(html)).toContain("There is a problem Enter a comment saying what the authority should check");
    expect(html).toContain('href="#decision-comment"');
  });
});

describe("a coordinator's bulk upload of returns collected elsewhere", () => {
  it("imports a row whose required answers are blank as an approved, incomplete return, and says so", async () => {
    const complete = completeReturn();
    const keys = Object.keys(complete);
    const row = (code: string, blank: readonly string[]) => [code, ...keys.map((key) => (blank.includes(key) ? "" : String(complete[key])))].join(",");
    const csv = [["authority_code", ...keys].join(","), row("E09000004", []), row(AUTHORITY_B, ["transport.post19.children", "transport.post19.spend"])].join("\n");
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
