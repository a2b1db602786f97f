import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { TEST_PASSWORD, TEST_USERS, type TestUserName, createTestUsers } from "../support/users";

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

/**
 * Every route × every kind of user → the status they get. Adding a route file without adding its
 * rows here fails the last test, so no page escapes the matrix.
 */
const MATRIX: readonly Check[] = [
  { route: "_index", method: "GET", path: () => "/", expected: SIGNED_IN_ONLY },
  { route: "login", method: "GET", path: () => "/login", expected: { anonymous: 200, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 } },
  { route: "login", method: "POST", path: () => "/login", form: { email: "", password: "" }, expected: { anonymous: 400, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 } },
  { route: "logout", method: "POST", path: () => "/logout", form: {}, expected: { anonymous: 302, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 } },
  { route: "logout", method: "GET", path: () => "/logout", expected: { anonymous: 302, memberA: 302, memberB: 302, viewer: 302, coordinator: 302 } },
  { route: "admin.users._index", method: "GET", path: () => "/admin/users", expected: COORDINATOR_ONLY(200) },
  { route: "admin.users.new", method: "GET", path: () => "/admin/users/new", expected: COORDINATOR_ONLY(200) },
  { route: "admin.users.new", method: "POST", path: () => "/admin/users/new", form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "admin.users.$userId", method: "GET", path: (ids) => `/admin/users/${ids.memberB}`, expected: COORDINATOR_ONLY(200) },
  { route: "admin.users.$userId", method: "GET", path: () => "/admin/users/999999", expected: COORDINATOR_ONLY(404) },
  { route: "admin.users.$userId", method: "POST", path: (ids) => `/admin/users/${ids.memberB}`, form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "admin.deflators", method: "GET", path: () => "/admin/deflators", expected: COORDINATOR_ONLY(200) },
  { route: "admin.deflators", method: "POST", path: () => "/admin/deflators", form: {}, expected: COORDINATOR_ONLY(400) },
  { route: "$", method: "GET", path: () => "/no-such-page", expected: { anonymous: 404, memberA: 404, memberB: 404, viewer: 404, coordinator: 404 } },
];

let database: TestDatabase;
let server: RunningServer;
let ids: Record<TestUserName, number>;

beforeAll(async () => {
  database = await createTestDatabase();
  const users = await createTestUsers(database.db);
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
