/**
 * The email pages over real HTTP. The app server runs as its own process with MOCKS=true: it starts
 * the msw stand-in for Notify (test/mocks) and records every email it would have sent as a file in
 * MOCKS_NOTIFY_DIR, which these tests read back.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuePasswordToken } from "../../app/models/password-token.server";
import { setPasswordLink } from "../../app/domain/notifications";
import { MOCK_NOTIFY_ENV, type RecordedEmail, readRecordedEmails } from "../mocks/notify";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

const NEW_PASSWORD = "a brand new password for the test";

let database: TestDatabase;
let server: RunningServer;
let recordings: string;

/** Waits for the server's background delivery to have sent what a test expects. */
async function emailsMatching(predicate: (email: RecordedEmail) => boolean, count = 1): Promise<RecordedEmail[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = readRecordedEmails(recordings).filter(predicate);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signedIn(email: string, password = TEST_PASSWORD): Promise<TestClient> {
  const client = new TestClient(server.baseUrl);
  expect((await client.signIn(email, password)).status).toBe(302);
  return client;
}

/** The path and query of a link in an email, to follow on the test server. */
function linkPath(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(server.baseUrl);
  return `${url.pathname}${url.search}`;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const round = await insertRound(database.db, {
    slug: "open-round",
    financialYear: "2024-25",
    status: "open",
    name: "SEND transport 2024-25",
  });
  await database.db.updateTable("rounds").set({ closes_on: "2099-07-31" }).where("id", "=", round.id).execute();
  await insertReturn(database.db, {
    roundId: round.id,
    authorityCode: AUTHORITY_B,
    status: "submitted",
    values: { population_0_25: 1000 },
  });
  await insertRound(database.db, { slug: "next-round", financialYear: "2025-26", status: "draft", name: "SEND transport 2025-26" });
  recordings = mkdtempSync(path.join(tmpdir(), "bn-notify-"));
  server = await startServer({ DATABASE_URL: database.url, MOCKS_NOTIFY_DIR: recordings });
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
  if (recordings) rmSync(recordings, { recursive: true, force: true });
});

describe("inviting a user", () => {
  it("emails a one-time link instead of asking the coordinator for a password, and the link works once", async () => {
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    const form = await (await coordinator.get("/admin/users/new")).text();
    expect(form).not.toContain('name="password"');
    const created = await coordinator.post("/admin/users/new", {
      email: "Invited.Officer@example.org",
      name: "Invited Officer",
      role: "regional_viewer",
      authorityCode: "",
      groupSlug: "london",
    });
    expect(created.status).toBe(302);
    expect(pageText(await (await coordinator.get("/admin/users")).text())).toContain(
      "Invited Officer has been sent an invitation to set a password",
    );

    const [invitation] = await emailsMatching((e) => e.emailAddress === "invited.officer@example.org");
    expect(invitation).toMatchObject({ templateId: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_INVITE, personalisation: { name: "Invited Officer" } });
    const link = linkPath(invitation!.personalisation.set_password_link!);

    const visitor = new TestClient(server.baseUrl);
    const page = await visitor.get(link);
    expect(page.status).toBe(200);
    expect(pageText(await page.text())).toContain("Set your password You will sign in as invited.officer@example.org");
    const token = new URL(link, server.baseUrl).searchParams.get("token")!;
    const mismatch = await visitor.post(link, { token, password: NEW_PASSWORD, confirmPassword: "something else entirely" });
    expect(mismatch.status).toBe(400);
    expect(pageText(await mismatch.text())).toContain("Enter the same password twice");

    const set = await visitor.post(link, { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(set.status).toBe(302);
    expect(set.headers.get("location")).toBe("/login");
    expect((await new TestClient(server.baseUrl).signIn("invited.officer@example.org", NEW_PASSWORD)).status).toBe(302);

    const again = await visitor.get(link);
    expect(again.status).toBe(410);
    expect(pageText(await again.text())).toContain("This link has expired or has already been used");
    expect(
      (await visitor.post(link, { token, password: "yet another new password", confirmPassword: "yet another new password" })).status,
    ).toBe(410);
  });

  it("refuses a link issued more than 72 hours ago", async () => {
    const user = await database.db.selectFrom("users").select("id").where("email", "=", TEST_USERS.viewer.email).executeTakeFirstOrThrow();
    const issued = await database.db
      .transaction()
      .execute((trx) =>
        issuePasswordToken(trx, { userId: user.id, purpose: "invite", now: new Date(Date.now() - 72 * 3_600_000 - 60_000) }),
      );
    const response = await new TestClient(server.baseUrl).get(linkPath(setPasswordLink(server.baseUrl, issued.token)));
    expect(response.status).toBe(410);
  });
});

describe("forgotten passwords", () => {
  it("gives the same answer for an unknown address as for a known one, and emails only the known one", async () => {
    const known = await new TestClient(server.baseUrl).post("/forgot-password", { email: TEST_USERS.memberB.email });
    const unknown = await new TestClient(server.baseUrl).post("/forgot-password", { email: "stranger@example.org" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const knownText = pageText(await known.text()).replace(TEST_USERS.memberB.email, "ADDRESS");
    const unknownText = pageText(await unknown.text()).replace("stranger@example.org", "ADDRESS");
    expect(knownText).toBe(unknownText);
    expect(knownText).toContain("Check your email If ADDRESS is the address of an account, we have sent it a link to set a new password.");

    const [reset] = await emailsMatching((e) => e.emailAddress === TEST_USERS.memberB.email);
    expect(reset).toMatchObject({
      templateId: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_PASSWORD_RESET,
      personalisation: { name: TEST_USERS.memberB.name },
    });
    expect(readRecordedEmails(recordings).filter((e) => e.emailAddress === "stranger@example.org")).toEqual([]);
  });

  it("names the field when the address is not an email address", async () => {
    const response = await new TestClient(server.baseUrl).post("/forgot-password", { email: "not an address" });
    expect(response.status).toBe(400);
    expect(pageText(await response.text())).toContain("Enter an email address in the correct format");
  });

  it("is offered on the sign-in page", async () => {
    expect(await (await new TestClient(server.baseUrl).get("/login")).text()).toContain('href="/forgot-password"');
  });
});

describe("coordinator's emails about rounds and returns", () => {
  it("previews who a reminder would reach, sends it, and then has nobody left to remind today", async () => {
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    expect(await (await coordinator.get("/admin/rounds/open-round")).text()).toContain('href="/admin/rounds/open-round/reminders"');
    const preview = pageText(await (await coordinator.get("/admin/rounds/open-round/reminders")).text());
    expect(preview).toContain("1 person will be sent a reminder");
    expect(preview).toContain(TEST_USERS.memberA.email);
    expect(preview).not.toContain(TEST_USERS.memberB.email);

    const sent = await coordinator.post("/admin/rounds/open-round/reminders", {});
    expect(sent.status).toBe(302);
    const [reminder] = await emailsMatching((e) => e.templateId === MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_REMINDER);
    expect(reminder).toMatchObject({
      emailAddress: TEST_USERS.memberA.email,
      personalisation: {
        round_name: "SEND transport 2024-25",
        authority_name: "Barking and Dagenham",
        closes_on: "31 July 2099",
        return_status: "not started",
      },
    });
    expect(pageText(await (await coordinator.get("/admin/rounds/open-round/reminders")).text())).toContain("Nobody needs a reminder now");
    await coordinator.post("/admin/rounds/open-round/reminders", {});
    expect(readRecordedEmails(recordings).filter((e) => e.templateId === MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_REMINDER)).toHaveLength(1);
  });

  it("announces a round when it opens, to every authority's members", async () => {
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    expect((await coordinator.post("/admin/rounds/next-round/status", { to: "open" })).status).toBe(302);
    const announcements = await emailsMatching((e) => e.templateId === MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_ROUND_OPENED, 2);
    expect(announcements.map((e) => e.emailAddress).sort()).toEqual([TEST_USERS.memberA.email, TEST_USERS.memberB.email]);
    expect(announcements[0]!.personalisation).toMatchObject({
      round_name: "SEND transport 2025-26",
      return_link: `${server.baseUrl}/rounds/next-round`,
    });
  });

  it("tells the authority's members when their return is queried, with the comment", async () => {
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    const stored = await database.db
      .selectFrom("returns")
      .innerJoin("rounds", "rounds.id", "returns.round_id")
      .select("returns.version")
      .where("rounds.slug", "=", "open-round")
      .executeTakeFirstOrThrow();
    const queried = await coordinator.post(`/admin/rounds/open-round/returns/${AUTHORITY_B}`, {
      intent: "query",
      comment: "Please check the post-16 spend",
      version: String(stored.version),
    });
    expect(queried.status).toBe(302);
    const [notice] = await emailsMatching((e) => e.templateId === MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_QUERIED);
    expect(notice).toMatchObject({
      emailAddress: TEST_USERS.memberB.email,
      personalisation: { comment: "Please check the post-16 spend", authority_name: "Barnet" },
    });
  });

  it("lists the outbox with Notify's reasons, keeps set-password links off the page, and retries a failed message", async () => {
    const now = new Date().toISOString();
    const failed = await database.db
      .insertInto("outbox")
      .values({
        recipient: "bounced@example.org",
        kind: "approved",
        personalisation: JSON.stringify({
          name: "B",
          round_name: "R",
          authority_name: "A",
          return_link: `${server.baseUrl}/rounds/open-round`,
        }),
        idempotency_key: "test:failed-message",
        status: "failed",
        attempts: 1,
        next_attempt_at: now,
        last_error: "Notify answered 400: Can't send to this recipient using a team-only API key",
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const coordinator = await signedIn(TEST_USERS.coordinator.email);
    const html = await (await coordinator.get("/admin/outbox?status=failed")).text();
    expect(pageText(html)).toContain("Can't send to this recipient using a team-only API key");
    expect(pageText(html)).toContain("Retry the email to bounced@example.org");
    expect(await (await coordinator.get("/admin/outbox")).text()).not.toContain("token=");

    const retried = await coordinator.post("/admin/outbox", { intent: "retry", id: String(failed.id) });
    expect(retried.status).toBe(302);
    expect(await emailsMatching((e) => e.emailAddress === "bounced@example.org")).toHaveLength(1);
    const row = await database.db.selectFrom("outbox").select(["status", "attempts"]).where("id", "=", failed.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "sent", attempts: 1 });
    expect((await coordinator.post("/admin/outbox", { intent: "retry", id: String(failed.id) })).status).toBe(409);
  });
});

describe("in development with MOCKS=true and without a Notify key", () => {
  it("keeps emails in the outbox and shows them, links and all, to a coordinator on a development-only page", async () => {
    // The production server above shares this database and would deliver (and redact) the email.
    await server.stop();
    const development = await startServer({ DATABASE_URL: database.url, NODE_ENV: "development", MOCKS: "true", NOTIFY_API_KEY: "" });
    try {
      const coordinator = new TestClient(development.baseUrl);
      expect((await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD)).status).toBe(302);
      expect(pageText(await (await coordinator.get("/admin/outbox")).text())).toContain("Email is not set up on this server");
      await coordinator.post("/admin/users/new", {
        email: "dev.officer@example.org",
        name: "Dev Officer",
        role: "coordinator",
        authorityCode: "",
        groupSlug: "",
      });

      expect((await new TestClient(development.baseUrl).get("/dev/outbox")).status).toBe(302);
      const page = await coordinator.get("/dev/outbox");
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(pageText(html)).toContain("Invitation to dev.officer@example.org Queued");
      const link = /href="([^"]*set-password\?token=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");
      expect(new URL(link).origin).toBe(development.baseUrl);
      expect((await new TestClient(development.baseUrl).get(new URL(link).pathname + new URL(link).search)).status).toBe(200);
      const row = await database.db
        .selectFrom("outbox")
        .select("status")
        .where("recipient", "=", "dev.officer@example.org")
        .executeTakeFirstOrThrow();
      expect(row.status).toBe("queued");
    } finally {
      await development.stop();
    }
  });
});
