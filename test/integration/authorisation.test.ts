import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { insertRound } from "../support/rounds";
import { AUTHORITY_A, TEST_PASSWORD, TEST_USERS, type TestUserName, createTestUsers } from "../support/users";

type Viewer = "anonymous" | TestUserName;
const VIEWERS: readonly Viewer[] = ["anonymous", "memberA", "memberB", "viewer", "coordinator"];

interface Check {
  /** Route module file under app/routes, without extension. */
  route: string;
  method: "GET" | "POST";
  path: (ids: Record<TestUserName, number>) => string;
  form?: Record<string, string>;
  expected: Record<Viewer, number>;
}

const SIGNED_IN_ONLY = { anonymous: 302, memberA: 200, memberB: 200, viewer: 200, coordinator: 200 };
const COORDINATOR_ONLY = (ok: number) => ({ anonymous: 302, memberA: 403, memberB: 403, viewer: 403, coordinator: ok });
const MEMBERS_ONLY = (ok: number) => ({ anonymous: 302, memberA: ok, memberB: ok, viewer: 403, coordinator: 403 });
const EVERYONE = (status: number) => ({ anonymous: status, memberA: status, memberB: status, viewer: status, coordinator: status });

/**
 * Every route × every kind of user → the status they get. Adding a route file without adding its
 * rows here fails the last test, so no page escapes the matrix.
 */
const MATRIX: readonly Check[] = [
  { route: "_index", method: "GET", path: () => "/", expected: SIGNED_IN_ONLY },
  {
    route: "login",
    method: "GET",
    path: () => "/login",
    expected: { anonymous: 200, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 },
  },
  {
    route: "login",
    method: "POST",
    path: () => "/login",
    form: { email: "", password: "" },
    expected: { anonymous: 400, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 },
  },
  {
    route: "logout",
    method: "POST",
    path: () => "/logout",
    form: {},
    expected: { anonymous: 302, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 },
  },
  {
    route: "logout",
    method: "GET",
    path: () => "/logout",
    expected: { anonymous: 302, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 },
  },
  { route: "admin.users._index", method: "GET", path: () => "/admin/users", expected: COORDINATOR_ONLY(200) },
  { route: "admin.users.new", method: "GET", path: () => "/admin/users/new", expected: COORDINATOR_ONLY(200) },
  { route: "admin.users.new", method: "POST", path: () => "/admin/users/new", form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "admin.users.$userId", method: "GET", path: (ids) => `/admin/users/${ids.memberB}`, expected: COORDINATOR_ONLY(200) },
  { route: "admin.users.$userId", method: "GET", path: () => "/admin/users/999999", expected: COORDINATOR_ONLY(404) },
  { route: "admin.users.$userId", method: "POST", path: (ids) => `/admin/users/${ids.memberB}`, form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "admin.deflators", method: "GET", path: () => "/admin/deflators", expected: COORDINATOR_ONLY(200) },
  { route: "admin.deflators", method: "POST", path: () => "/admin/deflators", form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "admin.outbox", method: "GET", path: () => "/admin/outbox?status=failed", expected: COORDINATOR_ONLY(200) },
  { route: "admin.outbox", method: "POST", path: () => "/admin/outbox", form: {}, expected: COORDINATOR_ONLY(400) },
  {
    route: "admin.rounds.$slug.reminders",
    method: "GET",
    path: () => "/admin/rounds/open-round/reminders",
    expected: COORDINATOR_ONLY(200),
  },
  {
    route: "admin.rounds.$slug.reminders",
    method: "POST",
    path: () => "/admin/rounds/draft-round/reminders",
    form: {},
    expected: COORDINATOR_ONLY(409),
  },
  { route: "forgot-password", method: "GET", path: () => "/forgot-password", expected: EVERYONE(200) },
  { route: "forgot-password", method: "POST", path: () => "/forgot-password", form: {}, expected: EVERYONE(400) },
  // A set-password link is the only credential these pages ask for: a bad one is Gone for everybody.
  { route: "set-password", method: "GET", path: () => "/set-password?token=not-a-real-token", expected: EVERYONE(410) },
  { route: "set-password", method: "POST", path: () => "/set-password?token=not-a-real-token", form: {}, expected: EVERYONE(400) },
  // Only where MOCKS=true outside production (test/integration/security-holes.test.ts covers that server).
  { route: "dev.outbox", method: "GET", path: () => "/dev/outbox", expected: EVERYONE(404) },
  { route: "favicon[.]ico", method: "GET", path: () => "/favicon.ico", expected: EVERYONE(301) },
  { route: "account", method: "GET", path: () => "/account", expected: SIGNED_IN_ONLY },
  {
    route: "data-dictionary",
    method: "GET",
    path: () => "/data-dictionary",
    expected: { anonymous: 200, memberA: 200, memberB: 200, viewer: 200, coordinator: 200 },
  },
  {
    route: "glossary",
    method: "GET",
    path: () => "/glossary",
    expected: { anonymous: 200, memberA: 200, memberB: 200, viewer: 200, coordinator: 200 },
  },
  { route: "rounds.$slug._index", method: "GET", path: () => "/rounds/open-round", expected: MEMBERS_ONLY(200) },
  { route: "rounds.$slug._index", method: "GET", path: () => "/rounds/draft-round", expected: MEMBERS_ONLY(404) },
  { route: "rounds.$slug._index", method: "POST", path: () => "/rounds/open-round", form: {}, expected: MEMBERS_ONLY(400) },
  {
    route: "rounds.$slug.sections.$sectionId",
    method: "GET",
    path: () => "/rounds/open-round/sections/context",
    expected: MEMBERS_ONLY(200),
  },
  // A save that does not say which version it was based on is refused as stale, whoever sends it.
  {
    route: "rounds.$slug.sections.$sectionId",
    method: "POST",
    path: () => "/rounds/open-round/sections/context",
    form: {},
    expected: MEMBERS_ONLY(409),
  },
  { route: "rounds.$slug.check", method: "GET", path: () => "/rounds/open-round/check", expected: MEMBERS_ONLY(200) },
  { route: "rounds.$slug.check", method: "POST", path: () => "/rounds/open-round/check", form: {}, expected: MEMBERS_ONLY(403) },
  { route: "rounds.$slug.template", method: "GET", path: () => "/rounds/open-round/template?format=xlsx", expected: MEMBERS_ONLY(200) },
  { route: "rounds.$slug.template", method: "GET", path: () => "/rounds/draft-round/template", expected: MEMBERS_ONLY(404) },
  { route: "rounds.$slug.upload._index", method: "GET", path: () => "/rounds/open-round/upload", expected: MEMBERS_ONLY(200) },
  // An upload without a file is refused with the form's error, whoever sends it.
  { route: "rounds.$slug.upload._index", method: "POST", path: () => "/rounds/open-round/upload", form: {}, expected: MEMBERS_ONLY(400) },
  {
    route: "rounds.$slug.upload.$token",
    method: "GET",
    path: () => "/rounds/open-round/upload/no-such-upload",
    expected: MEMBERS_ONLY(404),
  },
  {
    route: "rounds.$slug.upload.$token",
    method: "POST",
    path: () => "/rounds/open-round/upload/no-such-upload",
    form: {},
    expected: MEMBERS_ONLY(404),
  },
  { route: "admin.rounds._index", method: "GET", path: () => "/admin/rounds", expected: COORDINATOR_ONLY(200) },
  { route: "admin.rounds.new", method: "GET", path: () => "/admin/rounds/new", expected: COORDINATOR_ONLY(200) },
  { route: "admin.rounds.new", method: "POST", path: () => "/admin/rounds/new", form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "admin.rounds.$slug._index", method: "GET", path: () => "/admin/rounds/open-round", expected: COORDINATOR_ONLY(200) },
  { route: "admin.rounds.$slug._index", method: "GET", path: () => "/admin/rounds/no-such-round", expected: COORDINATOR_ONLY(404) },
  { route: "admin.rounds.$slug.edit", method: "GET", path: () => "/admin/rounds/open-round/edit", expected: COORDINATOR_ONLY(200) },
  {
    route: "admin.rounds.$slug.edit",
    method: "POST",
    path: () => "/admin/rounds/open-round/edit",
    form: {},
    expected: COORDINATOR_ONLY(400),
  },
  { route: "admin.rounds.$slug.approve", method: "GET", path: () => "/admin/rounds/open-round/approve", expected: COORDINATOR_ONLY(200) },
  // Nothing is ready to approve in the matrix's rounds: the coordinator is told so.
  {
    route: "admin.rounds.$slug.approve",
    method: "POST",
    path: () => "/admin/rounds/open-round/approve",
    form: {},
    expected: COORDINATOR_ONLY(409),
  },
  {
    route: "admin.rounds.$slug.status",
    method: "GET",
    path: () => "/admin/rounds/open-round/status?to=closed",
    expected: COORDINATOR_ONLY(200),
  },
  {
    route: "admin.rounds.$slug.status",
    method: "GET",
    path: () => "/admin/rounds/open-round/status?to=published",
    expected: COORDINATOR_ONLY(404),
  },
  {
    route: "admin.rounds.$slug.status",
    method: "POST",
    path: () => "/admin/rounds/open-round/status",
    form: {},
    expected: COORDINATOR_ONLY(400),
  },
  {
    route: "admin.rounds.$slug.returns.$code._index",
    method: "GET",
    path: () => `/admin/rounds/open-round/returns/${AUTHORITY_A}`,
    expected: COORDINATOR_ONLY(200),
  },
  {
    route: "admin.rounds.$slug.returns.$code._index",
    method: "GET",
    path: () => "/admin/rounds/open-round/returns/E99999999",
    expected: COORDINATOR_ONLY(404),
  },
  {
    route: "admin.rounds.$slug.returns.$code._index",
    method: "POST",
    path: () => `/admin/rounds/open-round/returns/${AUTHORITY_A}`,
    form: {},
    expected: COORDINATOR_ONLY(400),
  },
  {
    route: "admin.rounds.$slug.returns.$code.history",
    method: "GET",
    path: () => `/admin/rounds/open-round/returns/${AUTHORITY_A}/history`,
    expected: COORDINATOR_ONLY(200),
  },
  {
    route: "admin.rounds.$slug.download",
    method: "GET",
    path: () => "/admin/rounds/open-round/download?what=returns&format=xlsx",
    expected: COORDINATOR_ONLY(200),
  },
  {
    route: "admin.rounds.$slug.download",
    method: "GET",
    path: () => "/admin/rounds/open-round/download?what=nothing",
    expected: COORDINATOR_ONLY(404),
  },
  { route: "admin.rounds.$slug.upload", method: "GET", path: () => "/admin/rounds/open-round/upload", expected: COORDINATOR_ONLY(200) },
  {
    route: "admin.rounds.$slug.upload",
    method: "POST",
    path: () => "/admin/rounds/open-round/upload",
    form: {},
    expected: COORDINATOR_ONLY(400),
  },
  {
    route: "admin.rounds.$slug.upload_.json",
    method: "POST",
    path: () => "/admin/rounds/open-round/upload/json",
    form: {},
    expected: COORDINATOR_ONLY(400),
  },
  { route: "results._index", method: "GET", path: () => "/results", expected: SIGNED_IN_ONLY },
  { route: "results.$slug._index", method: "GET", path: () => "/results/published-round", expected: SIGNED_IN_ONLY },
  {
    route: "results.$slug._index",
    method: "GET",
    path: () => "/results/open-round",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 200 },
  },
  {
    route: "results.$slug.explore",
    method: "GET",
    path: () => "/results/published-round/explore?metric=unit_cost.special",
    expected: SIGNED_IN_ONLY,
  },
  { route: "results.$slug.groups", method: "GET", path: () => "/results/published-round/groups", expected: SIGNED_IN_ONLY },
  { route: "results.$slug.neighbours", method: "GET", path: () => "/results/published-round/neighbours", expected: MEMBERS_ONLY(200) },
  {
    route: "results.$slug.download",
    method: "GET",
    path: () => "/results/published-round/download?view=groups&metric=unit_cost.send",
    expected: SIGNED_IN_ONLY,
  },
  {
    route: "results.$slug.download",
    method: "GET",
    path: () => "/results/published-round/download?view=no-such-view",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 },
  },
  {
    route: "accessibility",
    method: "GET",
    path: () => "/accessibility",
    expected: { anonymous: 200, memberA: 200, memberB: 200, viewer: 200, coordinator: 200 },
  },
  { route: "results.$slug.forecasts", method: "GET", path: () => "/results/published-round/forecasts", expected: SIGNED_IN_ONLY },
  { route: "results.$slug.policies", method: "GET", path: () => "/results/published-round/policies", expected: SIGNED_IN_ONLY },
  {
    route: "results.$slug.policies",
    method: "GET",
    path: () => "/results/open-round/policies",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 200 },
  },
  {
    route: "results.$slug.years",
    method: "GET",
    path: () => "/results/published-round/years?metric=unit_cost.send&terms=real",
    expected: MEMBERS_ONLY(200),
  },
  {
    route: "results.$slug.pack",
    method: "GET",
    path: () => "/results/published-round/pack",
    expected: { anonymous: 302, memberA: 200, memberB: 200, viewer: 200, coordinator: 403 },
  },
  {
    route: "results.$slug.pack_.pdf",
    method: "GET",
    path: () => "/results/published-round/pack/pdf",
    expected: { anonymous: 302, memberA: 200, memberB: 200, viewer: 200, coordinator: 403 },
  },
  // Every figure of the registry as an image; own-authority figures for members only.
  ...(
    [
      ["distribution", "", "svg", SIGNED_IN_ONLY],
      ["composition", "", "png", MEMBERS_ONLY(200)],
      ["groups", "&metric=unit_cost.special", "svg", SIGNED_IN_ONLY],
      ["distribution", "", "png", SIGNED_IN_ONLY],
      ["scatter", "&x=spend_per_ehcp&y=unit_cost.post16", "svg", SIGNED_IN_ONLY],
      ["trend", "&metric=unit_cost.send", "png", MEMBERS_ONLY(200)],
      ["policies", "", "svg", SIGNED_IN_ONLY],
    ] as const
  ).map(([figure, query, format, expected]) => ({
    route: "results.$slug.figure",
    method: "GET" as const,
    path: () => `/results/published-round/figure?figure=${figure}${query}&format=${format}`,
    expected,
  })),
  {
    route: "results.$slug.figure",
    method: "GET",
    path: () => "/results/open-round/figure?figure=distribution&format=svg",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 200 },
  },
  {
    route: "results.$slug.figure",
    method: "GET",
    path: () => "/results/published-round/figure?figure=no-such-figure&format=svg",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 },
  },
  {
    route: "results.$slug.figure",
    method: "GET",
    path: () => "/results/published-round/figure?figure=distribution&format=gif",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 },
  },
  {
    route: "results.$slug.download",
    method: "GET",
    path: () => "/results/published-round/download?view=own-figures&format=xlsx",
    expected: MEMBERS_ONLY(200),
  },
  {
    route: "results.$slug.download",
    method: "GET",
    path: () => "/results/published-round/download?view=trend&metric=unit_cost.send",
    expected: MEMBERS_ONLY(200),
  },
  {
    route: "results.$slug.compare",
    method: "GET",
    path: () => "/results/published-round/compare?x=spend_per_ehcp&y=unit_cost.post16",
    expected: SIGNED_IN_ONLY,
  },
  // Public statistics: every signed-in role (no SEN2 release is loaded here, so the page says so).
  { route: "demand._index", method: "GET", path: () => "/demand", expected: SIGNED_IN_ONLY },
  {
    route: "demand._index",
    method: "GET",
    path: () => "/demand?authority=E99999999",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 },
  },
  // No SEN2 release is loaded here, so there is no chart to draw.
  {
    route: "demand.figure",
    method: "GET",
    path: () => "/demand/figure?authority=E10000014&format=svg",
    expected: { anonymous: 302, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 },
  },
  { route: "demand.download", method: "GET", path: () => "/demand/download?authority=E10000014", expected: SIGNED_IN_ONLY },
  { route: "admin.reference.sen2", method: "GET", path: () => "/admin/reference/sen2", expected: COORDINATOR_ONLY(200) },
  { route: "admin.reference.sen2", method: "POST", path: () => "/admin/reference/sen2", form: {}, expected: COORDINATOR_ONLY(400) },
  {
    route: "$",
    method: "GET",
    path: () => "/no-such-page",
    expected: { anonymous: 404, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 },
  },
];

let database: TestDatabase;
let server: RunningServer;
let ids: Record<TestUserName, number>;

beforeAll(async () => {
  database = await createTestDatabase();
  const users = await createTestUsers(database.db);
  await insertRound(database.db, { slug: "open-round", financialYear: "2024-25", status: "open" });
  await insertRound(database.db, { slug: "draft-round", financialYear: "2025-26", status: "draft" });
  await insertRound(database.db, { slug: "published-round", financialYear: "2023-24", status: "published" });
  ids = Object.fromEntries(Object.entries(users).map(([key, user]) => [key, user.id])) as Record<TestUserName, number>;
  server = await startServer({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("authorisation matrix", () => {
  for (const viewer of VIEWERS) {
    it(`gives ${viewer} the expected status on every route`, async () => {
      const actual: string[] = [];
      const expected: string[] = [];
      for (const check of MATRIX) {
        // A fresh sign-in per check: logout rows end the session they run in.
        const client = new TestClient(server.baseUrl);
        if (viewer !== "anonymous") {
          expect((await client.signIn(TEST_USERS[viewer].email, TEST_PASSWORD)).status).toBe(302);
        }
        const url = check.path(ids);
        const response = check.method === "GET" ? await client.get(url) : await client.post(url, check.form ?? {});
        await response.arrayBuffer();
        actual.push(`${check.method} ${url} → ${response.status}`);
        expected.push(`${check.method} ${url} → ${check.expected[viewer]}`);
      }
      expect(actual).toEqual(expected);
    });
  }

  it("covers every route module in app/routes", () => {
    const routes = readdirSync(path.resolve(__dirname, "../../app/routes")).map((file) => file.replace(/\.tsx?$/, ""));
    const covered = new Set(MATRIX.map((check) => check.route));
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
  });

  it("sends anonymous visitors to sign in and back to the page they wanted", async () => {
    const response = await new TestClient(server.baseUrl).get("/admin/users");
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
  });

  it("shows a 403 page that says what happened and nothing else", async () => {
    const client = new TestClient(server.baseUrl);
    await client.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    const response = await client.get("/admin/users");
    const html = await response.text();
    expect(html).toContain("You do not have permission to see this page");
    expect(html).not.toContain(TEST_USERS.memberB.email);
    expect(html).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});
