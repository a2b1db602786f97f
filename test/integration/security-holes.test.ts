/**
 * Issue 14: each hole the security review found, replayed as the review wrote it. Every test here
 * failed on the code as shipped (see docs/security.md for what each showed) and must fail no more.
 */
import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { REDACTED } from "../../app/domain/notifications";
import { upsertGroup } from "../../app/models/group.server";
import { queueSetPasswordEmail } from "../../app/services/notifications.server";
import { retryFailedMessages } from "../../app/models/outbox.server";
import { deliverDueMessages } from "../../app/services/outbox-delivery.server";
import { issuePasswordToken } from "../../app/models/password-token.server";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { readOrCreateServiceSecret } from "../../app/models/service-secret.server";
import { createUser } from "../../app/models/user.server";
import type { EmailSender } from "../../app/utils/notify.server";
import { hashPassword } from "../../app/utils/password.server";
import { SIGN_IN_LIMIT } from "../../app/services/sign-in.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";
import { zipBombWorkbook } from "../support/zip-bomb";

let database: TestDatabase;
let server: RunningServer;
let codes: string[];

/** One raw HTTP request, with headers a browser's fetch would not let us set (Host) and an optional chunked body. */
function rawRequest(
  baseUrl: string,
  input: { method: string; path: string; headers: Record<string, string>; body?: string; chunks?: { size: number; count: number } },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: input.method, path: input.path, headers: input.headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    if (input.chunks) {
      const chunk = Buffer.alloc(input.chunks.size, "a");
      for (let i = 0; i < input.chunks.count; i++) req.write(chunk);
    }
    req.end(input.body);
  });
}

function peakMemoryBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function signedIn(email: string, password = TEST_PASSWORD, ip?: string): Promise<TestClient> {
  const client = new TestClient(server.baseUrl, ip);
  expect((await client.signIn(email, password)).status).toBe(302);
  return client;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  codes = (await database.db.selectFrom("authorities").select("code").orderBy("code").limit(8).execute()).map((row) => row.code);
  server = await startServer({ DATABASE_URL: database.url });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("1. /dev/outbox outside production", () => {
  let devDatabase: TestDatabase;
  let development: RunningServer;
  beforeAll(async () => {
    devDatabase = await createTestDatabase();
    await createTestUsers(devDatabase.db);
    // As `npm start` runs it: development, no Notify key, so emails wait in the outbox.
    development = await startServer({ DATABASE_URL: devDatabase.url, NODE_ENV: "development", NOTIFY_API_KEY: "", APP_ORIGIN: "" });
  }, 60_000);
  afterAll(async () => {
    await development?.stop();
    await devDatabase?.destroy();
  });

  it("does not hand a stranger the coordinator's reset link (the takeover as reported)", async () => {
    const stranger = new TestClient(development.baseUrl);
    expect((await stranger.post("/forgot-password", { email: TEST_USERS.coordinator.email })).status).toBe(200);
    const outbox = await stranger.get("/dev/outbox");
    const html = await outbox.text();
    expect(outbox.status).not.toBe(200);
    expect(html).not.toContain("token=");
    expect(outbox.headers.get("location")).toBe("/login?redirectTo=%2Fdev%2Foutbox");
  });

  it("refuses members and regional viewers, and shows the links to a signed-in coordinator", async () => {
    for (const user of [TEST_USERS.memberA, TEST_USERS.viewer]) {
      const client = new TestClient(development.baseUrl);
      expect((await client.signIn(user.email, TEST_PASSWORD)).status).toBe(302);
      expect((await client.get("/dev/outbox")).status).toBe(403);
    }
    const coordinator = new TestClient(development.baseUrl);
    expect((await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD)).status).toBe(302);
    const page = await coordinator.get("/dev/outbox");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("set-password?token=");
  });

  it("9. keys pseudonyms with a random secret per database, generated once and kept, not a constant in the source", async () => {
    const first = await readOrCreateServiceSecret(devDatabase.db, "pseudonym");
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readOrCreateServiceSecret(devDatabase.db, "pseudonym")).toBe(first);
    expect(await readOrCreateServiceSecret(database.db, "pseudonym")).not.toBe(first);
    expect(first).not.toBe("development-only-secret-not-for-production");
  });

  it("does not exist in production, even for a coordinator with MOCKS=true", async () => {
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    expect((await coordinator.get("/dev/outbox")).status).toBe(404);
  });

  it("2. poisoned reset links: Host and Origin of evil.example are refused, and a link is never built from Host", async () => {
    const port = new URL(development.baseUrl).port;
    const form = `email=${encodeURIComponent(TEST_USERS.memberA.email)}`;
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "10.9.9.9" };
    const attack = await rawRequest(development.baseUrl, {
      method: "POST",
      path: "/forgot-password",
      headers: { ...headers, Host: "evil.example", Origin: "http://evil.example" },
      body: form,
    });
    expect(attack.status).toBe(403);
    // Our own Origin with someone else's Host (a misrouted or rewritten request): the link is still ours.
    const misrouted = await rawRequest(development.baseUrl, {
      method: "POST",
      path: "/forgot-password",
      headers: { ...headers, Host: "evil.example", Origin: development.baseUrl },
      body: form,
    });
    expect(misrouted.status).toBe(200);
    const rows = await devDatabase.db
      .selectFrom("outbox")
      .select("personalisation")
      .where("recipient", "=", TEST_USERS.memberA.email)
      .execute();
    expect(rows).toHaveLength(1);
    const link = new URL(JSON.parse(rows[0]!.personalisation).set_password_link);
    expect(link.origin).toBe(`http://localhost:${port}`);
  });
});

describe("2. production refuses to start without its origin", () => {
  it("names APP_ORIGIN when it is missing", async () => {
    await expect(startServer({ DATABASE_URL: database.url, APP_ORIGIN: "" })).rejects.toThrow(/APP_ORIGIN must be set in production/);
  });
});

describe("3. zip bomb", () => {
  it("refuses a small workbook whose part declares 1 KB and inflates past the cap, without the server's memory growing", async () => {
    const round = await insertRound(database.db, { slug: "bomb-round", financialYear: "2030-31", status: "open" });
    const member = await signedIn(TEST_USERS.memberA.email);
    const template = new Uint8Array(await (await member.get(`/rounds/${round.slug}/template?format=xlsx`)).arrayBuffer());
    const bomb = zipBombWorkbook(template, 160);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const before = peakMemoryBytes(server.pid);
    const response = await member.postFile(`/rounds/${round.slug}/upload`, { name: "bomb.xlsx", bytes: bomb });
    expect(response.status).toBe(400);
    expect(pageText(await response.text())).toContain("The selected workbook unpacks to more than 100.0 MB");
    // exceljs would hold the 160 MB part whole; counting while inflating keeps a few megabytes.
    expect(peakMemoryBytes(server.pid) - before).toBeLessThan(60 * 1024 * 1024);
  });
});

describe("4. body cap on the stream", () => {
  it("answers 413 to a 20 MB body sent chunked, without Content-Length", async () => {
    const response = await rawRequest(server.baseUrl, {
      method: "POST",
      path: "/login",
      headers: {
        Origin: server.baseUrl,
        "Content-Type": "application/x-www-form-urlencoded",
        "Transfer-Encoding": "chunked",
        "X-Forwarded-For": "10.8.8.8",
      },
      chunks: { size: 1024 * 1024, count: 20 },
    });
    expect(response.status).toBe(413);
    expect(response.text).toContain("The request was too large");
  });
});

describe("5. open redirect after sign-in", () => {
  it.each(["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "/.//evil.example", "/\t\\evil.example"])(
    "keeps %j on this service",
    async (redirectTo) => {
      const client = new TestClient(server.baseUrl);
      // As the reported link carries it: /login?redirectTo=%2F%09%2Fevil.example, then the form posts it back.
      const page = await (await client.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`)).text();
      expect(page).toContain('name="redirectTo"');
      const response = await client.post("/login", { email: TEST_USERS.viewer.email, password: TEST_PASSWORD, redirectTo });
      expect(response.status).toBe(302);
      const location = response.headers.get("location")!;
      expect(new URL(location, server.baseUrl).origin).toBe(server.baseUrl);
      expect(location).toBe("/");
    },
  );
});

describe("6. sessions end on the server", () => {
  function replay(cookie: string) {
    return fetch(new URL("/", server.baseUrl), { headers: { Cookie: cookie }, redirect: "manual" });
  }

  it("a cookie copied before sign-out no longer works after it", async () => {
    const client = await signedIn(TEST_USERS.memberB.email);
    const copied = client.cookieHeader();
    expect((await replay(copied)).status).toBe(200);
    await client.post("/logout", {});
    const response = await replay(copied);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login");
  });

  it("a password reset ends every session of the user", async () => {
    const passwordHash = await hashPassword(TEST_PASSWORD);
    const user = await createUser(database.db, {
      email: "resetting@example.org",
      name: "Resetting",
      role: "coordinator",
      authorityId: null,
      groupId: null,
      passwordHash,
    });
    const first = await signedIn(user.email);
    const second = await signedIn(user.email);
    const issued = await database.db
      .transaction()
      .execute((trx) => issuePasswordToken(trx, { userId: user.id, purpose: "password_reset" }));
    const reset = await new TestClient(server.baseUrl).post("/set-password", {
      token: issued.token,
      password: "a brand new long password",
      confirmPassword: "a brand new long password",
    });
    expect(reset.status).toBe(302);
    expect((await replay(first.cookieHeader())).status).toBe(302);
    expect((await replay(second.cookieHeader())).status).toBe(302);
    expect((await new TestClient(server.baseUrl).signIn(user.email, "a brand new long password")).status).toBe(302);
  });

  it("deactivation ends sessions for good: reactivating does not bring an old cookie back", async () => {
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    const member = await signedIn(TEST_USERS.memberB.email);
    const copied = member.cookieHeader();
    const user = await database.db.selectFrom("users").select("id").where("email", "=", TEST_USERS.memberB.email).executeTakeFirstOrThrow();
    const change = (active: "yes" | "no") =>
      coordinator.post(`/admin/users/${user.id}`, {
        name: TEST_USERS.memberB.name,
        role: "member",
        authorityCode: TEST_USERS.memberB.authorityCode,
        groupSlug: "",
        active,
      });
    expect((await change("no")).status).toBe(302);
    expect((await change("yes")).status).toBe(302);
    expect((await replay(copied)).status).toBe(302);
  });

  it("'Sign out everywhere' ends the user's other sessions too", async () => {
    const here = await signedIn(TEST_USERS.viewer.email);
    const elsewhere = await signedIn(TEST_USERS.viewer.email);
    const account = pageText(await (await here.get("/account")).text());
    expect(account).toMatch(/You are signed in in \d+ places/);
    expect((await here.post("/logout", { scope: "everywhere" })).headers.get("location")).toBe("/login");
    expect((await replay(elsewhere.cookieHeader())).status).toBe(302);
    expect((await replay(here.cookieHeader())).status).toBe(302);
  });
});

describe("7. sign-in throttling", () => {
  it("lets at most the limit of 30 parallel wrong passwords for one account reach the password check", async () => {
    const attacker = new TestClient(server.baseUrl);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attacker.signIn(TEST_USERS.memberA.email, `wrong guess ${i}`)),
    );
    const checked = responses.filter((response) => response.status === 400).length;
    const refused = responses.filter((response) => response.status === 429).length;
    expect(checked).toBeLessThanOrEqual(SIGN_IN_LIMIT);
    expect(checked + refused).toBe(30);
  });

  it("lets 40 people of one office, behind one address, sign in (each mistyping once) while one of them is locked out", async () => {
    const office = "198.51.100.20";
    const passwordHash = await hashPassword(TEST_PASSWORD);
    const people = [];
    for (let i = 0; i < 40; i++) {
      people.push(
        await createUser(database.db, {
          email: `officer${i}@office.example.org`,
          name: `Officer ${i}`,
          role: "member",
          authorityId: 1,
          groupId: null,
          passwordHash,
        }),
      );
    }
    // One person hammers their own account from the office first.
    const careless = new TestClient(server.baseUrl, office);
    for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) await careless.signIn(people[0]!.email, `not it ${i}`);
    expect((await careless.signIn(people[0]!.email, TEST_PASSWORD)).status).toBe(429);
    for (const person of people.slice(1)) {
      const client = new TestClient(server.baseUrl, office);
      expect((await client.signIn(person.email, "mistyped")).status).toBe(400);
      expect((await client.signIn(person.email, TEST_PASSWORD)).status).toBe(302);
    }
  });

  it("refuses TRUST_PROXY=true, which would take X-Forwarded-For as given", async () => {
    await expect(startServer({ DATABASE_URL: database.url, TRUST_PROXY: "true" })).rejects.toThrow(
      /TRUST_PROXY must be a number of proxy hops/,
    );
  });

  it("counts the address the trusted proxy saw, whatever the client put before it in X-Forwarded-For", async () => {
    const results = [];
    for (let i = 0; i < SIGN_IN_LIMIT + 1; i++) {
      // The loopback "proxy" (trusted) appends the real address; the client forges a fresh one before it each time.
      const client = new TestClient(server.baseUrl, `203.0.113.${i + 1}, 192.0.2.77`);
      results.push((await client.signIn(TEST_USERS.coordinator.email, `guess ${i}`)).status);
    }
    expect(results.at(-1)).toBe(429);
  });
});

describe("8. published figures change only by withdraw and republish", () => {
  it("approving a return in an earlier round leaves the later published round's figures alone and flags it for the coordinator", async () => {
    const earlier = await insertRound(database.db, { slug: "fig-2026-27", financialYear: "2026-27", status: "closed" });
    const later = await insertRound(database.db, { slug: "fig-2027-28", financialYear: "2027-28", status: "closed" });
    const [late, ...rest] = codes.slice(0, 7);
    for (const code of rest) {
      await insertReturn(database.db, { roundId: earlier.id, authorityCode: code, status: "approved", values: syntheticReturn(code, 1) });
      await insertReturn(database.db, { roundId: later.id, authorityCode: code, status: "approved", values: syntheticReturn(code, 2) });
    }
    await insertReturn(database.db, { roundId: later.id, authorityCode: late!, status: "approved", values: syntheticReturn(late!, 2) });
    await insertReturn(database.db, { roundId: earlier.id, authorityCode: late!, status: "submitted", values: syntheticReturn(late!, 1) });
    await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, earlier.id));
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    expect((await coordinator.post(`/admin/rounds/${later.slug}/status`, { to: "published" })).status).toBe(302);
    const published = async () => (await coordinator.get(`/admin/rounds/${later.slug}/download?what=metrics`)).text();
    const before = await published();
    expect(before).toContain(late!);

    const stored = await database.db
      .selectFrom("returns")
      .innerJoin("authorities", "authorities.id", "returns.authority_id")
      .select("returns.version")
      .where("returns.round_id", "=", earlier.id)
      .where("authorities.code", "=", late!)
      .executeTakeFirstOrThrow();
    const approved = await coordinator.post(`/admin/rounds/${earlier.slug}/returns/${late}`, {
      intent: "approve",
      comment: "",
      version: String(stored.version),
    });
    expect(approved.status).toBe(302);
    expect(await published()).toBe(before);
    const page = pageText(await (await coordinator.get(`/admin/rounds/${later.slug}`)).text());
    expect(page).toContain("The published figures are out of date");

    // Withdraw and republish: the round is recomputed from what is approved now, and the flag goes.
    expect((await coordinator.post(`/admin/rounds/${later.slug}/status`, { to: "closed" })).status).toBe(302);
    expect((await coordinator.post(`/admin/rounds/${later.slug}/status`, { to: "published" })).status).toBe(302);
    expect(pageText(await (await coordinator.get(`/admin/rounds/${later.slug}`)).text())).not.toContain(
      "The published figures are out of date",
    );
  });
});

describe("9. smaller holes", () => {
  it("blanks a set-password link in the outbox once its email has failed, and does not resend it without one", async () => {
    const user = await database.db
      .selectFrom("users")
      .select(["id", "email", "name"])
      .where("email", "=", TEST_USERS.memberA.email)
      .executeTakeFirstOrThrow();
    await database.db
      .transaction()
      .execute((trx) => queueSetPasswordEmail(trx, { user, purpose: "password_reset", origin: server.baseUrl }));
    const refusing: EmailSender = {
      send: async () => ({ ok: false, httpStatus: 400, error: "Notify answered 400: not a valid email address" }),
    };
    // Only this message is due for the refusing sender: the running server's worker delivers the others.
    await database.db
      .updateTable("outbox")
      .set({ next_attempt_at: new Date(0).toISOString() })
      .where("recipient", "=", user.email)
      .where("status", "=", "queued")
      .execute();
    await deliverDueMessages(database.db, refusing, new Date(1000));
    const row = await database.db
      .selectFrom("outbox")
      .select(["id", "status", "personalisation"])
      .where("recipient", "=", user.email)
      .where("kind", "=", "password_reset")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.personalisation).not.toContain("token=");
    expect(JSON.parse(row.personalisation).set_password_link).toBe(REDACTED);
    expect(await retryFailedMessages(database.db, [row.id])).toBe(0);
  });

  it("two first saves of one return at once: one is saved, the other told the return changed since it was opened (409, not 500)", async () => {
    const round = await insertRound(database.db, { slug: "race-round", financialYear: "2031-32", status: "open" });
    const first = await signedIn(TEST_USERS.memberA.email);
    const second = await signedIn(TEST_USERS.memberA.email);
    const save = (client: TestClient, population: string) =>
      client.post(`/rounds/${round.slug}/sections/context`, { version: "0", population_0_25: population, "ehcp.total": "1000" });
    const statuses = (await Promise.all([save(first, "50000"), save(second, "60000")])).map((response) => response.status).sort();
    expect(statuses).toEqual([302, 409]);
  });

  it("cached results follow a change to a group made while the server runs", async () => {
    const round = await insertRound(database.db, { slug: "groups-2028-29", financialYear: "2028-29", status: "closed" });
    for (const code of codes)
      await insertReturn(database.db, { roundId: round.id, authorityCode: code, status: "approved", values: syntheticReturn(code, 3) });
    await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
    await database.db
      .updateTable("rounds")
      .set({ status: "published", published_at: new Date().toISOString() })
      .where("id", "=", round.id)
      .execute();
    const region = await database.db
      .selectFrom("groups")
      .innerJoin("group_members", "group_members.group_id", "groups.id")
      .innerJoin("authorities", "authorities.id", "group_members.authority_id")
      .select(["groups.slug", "groups.name", "groups.id"])
      .where("groups.kind", "=", "region")
      .where("authorities.code", "=", codes[0]!)
      .executeTakeFirstOrThrow();
    const members = (await database.db.selectFrom("group_members").select("authority_id").where("group_id", "=", region.id).execute()).map(
      (row) => row.authority_id,
    );
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    const regions = async () => pageText(await (await coordinator.get(`/results/${round.slug}/groups`)).text());
    expect(await regions()).toContain(region.name);
    // As the command line would, in another process: the region is renamed and loses a member.
    await database.db
      .transaction()
      .execute((trx) => upsertGroup(trx, { slug: region.slug, name: "Renamed region", kind: "region", authorityIds: members.slice(1) }));
    const after = await regions();
    expect(after).toContain("Renamed region");
    expect(after).not.toContain(region.name);
  });
});
