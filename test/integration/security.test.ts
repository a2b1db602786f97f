import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { upsertAuthority } from "../../app/models/authority.server";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

const SCRIPT = `<script>alert("xss")</script>`;
const SQL = `'; DROP TABLE users; --`;
const FORMULA = `=HYPERLINK("https://evil.example","Click")`;

let database: TestDatabase;
let server: RunningServer;
let coordinator: TestClient;
let member: TestClient;

async function tableCounts() {
  const counts: Record<string, number> = {};
  for (const table of ["users", "authorities", "rounds", "returns", "return_values", "audit_log"] as const) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  // An authority name that a spreadsheet would run as a formula, as a coordinator could type it.
  await upsertAuthority(database.db, { code: "E99999999", name: FORMULA, regionCode: "E12000007", regionName: "London" });
  const round = await insertRound(database.db, { slug: "2024-25", financialYear: "2024-25", status: "open" });
  for (const code of [AUTHORITY_A, "E09000003", "E99999999"]) {
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: code,
      status: code === AUTHORITY_A ? "submitted" : "approved",
      values: syntheticReturn(code, 1),
    });
  }
  await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
  server = await startServer({ DATABASE_URL: database.url });
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
  member = new TestClient(server.baseUrl);
  await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("free text is always rendered as text", () => {
  it("escapes a script in a comment, shown to the member and the coordinator", async () => {
    await coordinator.post(`/admin/rounds/2024-25/returns/${AUTHORITY_A}`, { intent: "comment", comment: SCRIPT });
    for (const [client, path] of [
      [coordinator, `/admin/rounds/2024-25/returns/${AUTHORITY_A}`],
      [member, "/rounds/2024-25"],
    ] as const) {
      const html = await (await client.get(path)).text();
      expect(html).not.toContain(SCRIPT);
      expect(html).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;");
    }
  });

  it("escapes a script in a user's name and a round's name", async () => {
    const created = await coordinator.post("/admin/users/new", {
      email: "xss@example.org",
      name: SCRIPT,
      role: "member",
      authorityCode: "E09000003",
      groupSlug: "",
      password: "a long enough password",
    });
    expect(created.status).toBe(302);
    const users = await (await coordinator.get("/admin/users")).text();
    expect(users).not.toContain(SCRIPT);
    expect(pageText(users)).toContain(SCRIPT);

    const round = await coordinator.post("/admin/rounds/new", {
      name: SCRIPT,
      slug: "xss-round",
      financialYear: "2025-26",
      questionSetVersion: "1",
    });
    expect(round.status).toBe(302);
    const rounds = await (await coordinator.get("/admin/rounds")).text();
    expect(rounds).not.toContain(SCRIPT);
  });
});

describe("SQL metacharacters are data, never SQL", () => {
  it("in the sign-in form", async () => {
    const before = await tableCounts();
    const response = await new TestClient(server.baseUrl).signIn(`x@example.org${SQL}`, SQL);
    expect(response.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });

  it("in addresses and query strings", async () => {
    const before = await tableCounts();
    expect((await coordinator.get(`/admin/rounds/${encodeURIComponent(SQL)}`)).status).toBe(404);
    expect((await coordinator.get(`/admin/rounds/2024-25/returns/${encodeURIComponent(SQL)}`)).status).toBe(404);
    expect((await coordinator.get(`/admin/users/${encodeURIComponent(SQL)}`)).status).toBe(404);
    expect((await member.get(`/rounds/${encodeURIComponent(SQL)}`)).status).toBe(404);
    expect((await coordinator.get(`/admin/rounds/2024-25?sort=${encodeURIComponent(SQL)}&order=${encodeURIComponent(SQL)}`)).status).toBe(
      200,
    );
    expect((await coordinator.get(`/results/2024-25/explore?metric=${encodeURIComponent(SQL)}`)).status).toBe(200);
    expect((await coordinator.get(`/results/2024-25/compare?x=${encodeURIComponent(SQL)}&y=${encodeURIComponent(SQL)}`)).status).toBe(200);
    expect(await tableCounts()).toEqual(before);
  });

  it("in form fields, which are stored as typed", async () => {
    const response = await coordinator.post("/admin/users/new", {
      email: "robert@example.org",
      name: `Robert${SQL}`,
      role: "coordinator",
      authorityCode: "",
      groupSlug: "",
      password: "a long enough password",
    });
    expect(response.status).toBe(302);
    const stored = await database.db.selectFrom("users").select("name").where("email", "=", "robert@example.org").executeTakeFirstOrThrow();
    expect(stored.name).toBe(`Robert${SQL}`);
    const comment = await coordinator.post(`/admin/rounds/2024-25/returns/${AUTHORITY_A}`, { intent: "comment", comment: SQL });
    expect(comment.status).toBe(302);
    expect(await database.db.selectFrom("comments").select("body").where("body", "=", SQL).executeTakeFirst()).toEqual({ body: SQL });
  });

  it("in a return's answers, which are refused with the field named", async () => {
    const response = await member.post("/rounds/2024-25/sections/context", { version: "999", population_0_25: SQL, "ehcp.total": "1" });
    expect([400, 403]).toContain(response.status);
  });
});

describe("downloads cannot carry a formula into a spreadsheet", () => {
  it("neutralises a formula-like authority name in the coordinator's identified CSV", async () => {
    const csv = await (await coordinator.get("/results/2024-25/download?view=ranking&metric=unit_cost.send")).text();
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""Click"")"`);
    expect(csv).not.toMatch(/^=|,=/m);
  });
});
