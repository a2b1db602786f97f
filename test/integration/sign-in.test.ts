import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_ADDRESS_LIMIT, SIGN_IN_LIMIT } from "../../app/services/sign-in.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  server = await startServer({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("sign-in", () => {
  it("signs a member in and shows their authority's home page", async () => {
    const client = new TestClient(server.baseUrl);
    const response = await client.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    const home = pageText(await (await client.get("/")).text());
    expect(home).toContain("Barking and Dagenham");
    expect(home).toContain("Your benchmarking returns");
  });

  it("accepts the email in any case and returns to the page asked for", async () => {
    const client = new TestClient(server.baseUrl);
    const response = await client.post("/login", {
      email: TEST_USERS.coordinator.email.toUpperCase(),
      password: TEST_PASSWORD,
      redirectTo: "/admin/users",
    });
    expect(response.headers.get("location")).toBe("/admin/users");
  });

  it("never redirects off the site after sign-in", async () => {
    const client = new TestClient(server.baseUrl);
    const response = await client.post("/login", { email: TEST_USERS.viewer.email, password: TEST_PASSWORD, redirectTo: "//evil.example" });
    expect(response.headers.get("location")).toBe("/");
  });

  it("gives the same message for a wrong password and an unknown email, keeping the email typed", async () => {
    const client = new TestClient(server.baseUrl);
    const wrong = await client.signIn(TEST_USERS.coordinator.email, "not the password");
    const unknown = await client.signIn("nobody@example.org", "not the password");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const wrongText = await wrong.text();
    expect(pageText(wrongText)).toContain("Enter a correct email address and password");
    expect(pageText(await unknown.text())).toContain("Enter a correct email address and password");
    expect(wrongText).toContain(`value="${TEST_USERS.coordinator.email}"`);
    expect(wrongText).not.toContain("not the password");
    expect(client.cookie("__session")).toBeUndefined();
  });

  it("names the field when the email is not an email address", async () => {
    const response = await new TestClient(server.baseUrl).signIn("not-an-email", "x");
    expect(response.status).toBe(400);
    expect(pageText(await response.text())).toContain("Enter an email address in the correct format, like name@example.org");
  });

  it("throttles an email after repeated failures, even with the right password", async () => {
    const client = new TestClient(server.baseUrl);
    for (let i = 0; i < SIGN_IN_LIMIT; i++) {
      expect((await client.signIn(TEST_USERS.memberB.email, `guess ${i}`)).status).toBe(400);
    }
    const blocked = await client.signIn(TEST_USERS.memberB.email, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(pageText(await blocked.text())).toContain("Too many failed attempts to sign in. Wait 15 minutes, then try again.");
    const counter = await database.db
      .selectFrom("throttle_counters")
      .select("count")
      .where("throttle_key", "=", `sign-in-account-ip:${TEST_USERS.memberB.email}|${client.ip}`)
      .executeTakeFirstOrThrow();
    expect(counter.count).toBe(SIGN_IN_LIMIT);
    // The throttle is per account and address: the same person elsewhere is not locked out.
    expect((await new TestClient(server.baseUrl).signIn(TEST_USERS.memberB.email, TEST_PASSWORD)).status).toBe(302);
  });

  it("throttles an address that tries many emails, at a limit high enough for a whole office", async () => {
    const client = new TestClient(server.baseUrl);
    for (let i = 0; i < SIGN_IN_ADDRESS_LIMIT; i++) {
      expect((await client.signIn(`someone${i}@example.org`, "guess")).status).toBe(400);
    }
    expect((await client.signIn(TEST_USERS.viewer.email, TEST_PASSWORD)).status).toBe(429);
    const elsewhere = new TestClient(server.baseUrl);
    expect((await elsewhere.signIn(TEST_USERS.viewer.email, TEST_PASSWORD)).status).toBe(302);
  });

  it("issues an HttpOnly, SameSite=Lax, Secure cookie that lasts 8 hours, with a new session at each sign-in", async () => {
    const client = new TestClient(server.baseUrl);
    const first = await client.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith("__session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/Max-Age=28800/);
    const sessionBefore = client.cookie("__session");
    await client.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
    expect(client.cookie("__session")).not.toBe(sessionBefore);
  });

  it("refuses a forged session cookie", async () => {
    const client = new TestClient(server.baseUrl);
    const forged = Buffer.from(JSON.stringify({ userId: 1, sessionId: "x", signedInAt: new Date().toISOString() })).toString("base64");
    const response = await client.request("/", { headers: { Cookie: `__session=${forged}.bad-signature` } });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
  });

  it("signs out, after which pages ask for sign-in again", async () => {
    const client = new TestClient(server.baseUrl);
    await client.signIn(TEST_USERS.viewer.email, TEST_PASSWORD);
    expect((await client.get("/")).status).toBe(200);
    const out = await client.post("/logout", {});
    expect(out.headers.get("location")).toBe("/login");
    expect((await client.get("/")).status).toBe(302);
  });

  it("stops a deactivated user signing in, and ends sessions they already had", async () => {
    const coordinator = new TestClient(server.baseUrl);
    await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    const user = await database.db.selectFrom("users").select("id").where("email", "=", TEST_USERS.memberA.email).executeTakeFirstOrThrow();

    const response = await coordinator.post(`/admin/users/${user.id}`, {
      name: TEST_USERS.memberA.name,
      role: "member",
      authorityCode: TEST_USERS.memberA.authorityCode,
      groupSlug: "",
      active: "no",
    });
    expect(response.status).toBe(302);
    expect((await member.get("/")).status).toBe(302);
    const again = await new TestClient(server.baseUrl).signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    expect(again.status).toBe(400);
    expect(pageText(await again.text())).toContain("Enter a correct email address and password");
  });
});

describe("protection on every request", () => {
  it("refuses a cross-origin POST before any action runs", async () => {
    const client = new TestClient(server.baseUrl);
    const response = await client.post(
      "/login",
      { email: TEST_USERS.viewer.email, password: TEST_PASSWORD },
      { Origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("did not come from this service's own pages");
    expect(client.cookie("__session")).toBeUndefined();
  });

  it("refuses a POST with neither Origin nor Referer", async () => {
    const response = await fetch(new URL("/login", server.baseUrl), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a@example.org&password=x",
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });

  it("sends security headers with a fresh script nonce on each page", async () => {
    const first = await fetch(new URL("/login", server.baseUrl));
    const second = await fetch(new URL("/login", server.baseUrl));
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toBe(second.headers.get("content-security-policy"));
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await first.text();
    for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("x-powered-by")).toBeNull();
  });

  it("refuses an oversized body", async () => {
    const client = new TestClient(server.baseUrl);
    const response = await client.post("/login", { email: "a@example.org", password: "x".repeat(7 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it("serves GOV.UK Frontend styles and fonts from its own origin", async () => {
    const css = await fetch(new URL("/govuk/govuk-frontend.min.css", server.baseUrl));
    expect(css.status).toBe(200);
    expect(await css.text()).toContain("/assets/fonts/");
  });
});
