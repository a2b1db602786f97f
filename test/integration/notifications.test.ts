/**
 * Email through the outbox, in this process against a real database, with msw standing in for
 * GOV.UK Notify: what each message kind sends, who gets reminders, retries, refusals, idempotency
 * and several senders at once. The pages are tested over HTTP in notification-pages.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import type { UserRow } from "../../db/schema";
import { INTERRUPTED_ERROR, MAX_ATTEMPTS, REDACTED, SET_PASSWORD_LINK_HOURS, londonDate } from "../../app/domain/notifications";
import { queueReminders, queueReturnDecision, queueSetPasswordEmail } from "../../app/services/notifications.server";
import { queueMessages, retryFailedMessages } from "../../app/models/outbox.server";
import { deliverDueMessages } from "../../app/services/outbox-delivery.server";
import { consumePasswordToken, issuePasswordToken } from "../../app/models/password-token.server";
import { findReturn } from "../../app/models/return.server";
import { transitionRound } from "../../app/services/round-changes.server";
import { registerUser } from "../../app/services/user-admin.server";
import { type EmailSender, createNotifySender } from "../../app/utils/notify.server";
import { RESET_LIMIT_PER_EMAIL, requestPasswordReset } from "../../app/services/password-reset.server";
import { mockServer } from "../mocks";
import { MOCK_NOTIFY_CONFIG, clearRecordedEmails, notifyFailures, recordedEmails } from "../mocks/notify";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type TestUserName, createTestUsers } from "../support/users";

const ORIGIN = "https://benchmark.example.org";
const templates = MOCK_NOTIFY_CONFIG.templates;
/** More members: C approved, D not started, E queried; F is a deactivated member of A. */
const MORE_MEMBERS = [
  { key: "memberC", email: "member.c@example.org", authorityCode: "E09000004" },
  { key: "memberD", email: "member.d@example.org", authorityCode: "E09000005" },
  { key: "memberE", email: "member.e@example.org", authorityCode: "E09000006" },
  { key: "memberF", email: "member.f@example.org", authorityCode: "E09000002" },
] as const;

let database: TestDatabase;
let sender: EmailSender;
let users: Record<TestUserName | (typeof MORE_MEMBERS)[number]["key"], UserRow>;

function seconds(n: number, from = new Date()): Date {
  return new Date(from.getTime() + n * 1000);
}

async function outboxRows() {
  return database.db.selectFrom("outbox").selectAll().orderBy("id").execute();
}

function reminderFor(email: string) {
  return {
    kind: "reminder" as const,
    recipient: email,
    personalisation: {
      name: "N",
      round_name: "R",
      authority_name: "A",
      closes_on: "31 July 2026",
      return_status: "in draft",
      return_link: `${ORIGIN}/rounds/r`,
    },
    idempotencyKey: `test:${email}:${Math.random()}`,
  };
}

async function queueOne(email = "someone@example.org") {
  await database.db.transaction().execute((trx) => queueMessages(trx, [reminderFor(email)]));
}

beforeAll(async () => {
  mockServer.listen({ onUnhandledRequest: "error" });
  database = await createTestDatabase();
  const base = await createTestUsers(database.db);
  const more = {} as Record<(typeof MORE_MEMBERS)[number]["key"], UserRow>;
  for (const member of MORE_MEMBERS) {
    const result = await registerUser(
      database.db,
      { email: member.email, name: member.key, role: "member", authorityCode: member.authorityCode, groupSlug: null, passwordHash: null },
      null,
    );
    if (!result.ok) throw new Error(result.message);
    more[member.key] = result.user;
  }
  await database.db.updateTable("users").set({ active: 0 }).where("id", "=", more.memberF.id).execute();
  users = { ...base, ...more };
  sender = createNotifySender(MOCK_NOTIFY_CONFIG);
});
beforeEach(async () => {
  await database.db.deleteFrom("outbox").execute();
  clearRecordedEmails();
});
afterEach(() => mockServer.resetHandlers());
afterAll(async () => {
  mockServer.close();
  await database?.destroy();
});

describe("each kind of message sends one request with its template and personalisation", () => {
  it("invitation: a one-time set-password link, valid 72 hours", async () => {
    const result = await registerUser(
      database.db,
      {
        email: "new.officer@example.org",
        name: "New Officer",
        role: "coordinator",
        authorityCode: null,
        groupSlug: null,
        passwordHash: null,
      },
      null,
      (trx, user) => queueSetPasswordEmail(trx, { user, purpose: "invite", origin: ORIGIN }),
    );
    expect(result.ok).toBe(true);
    expect(await deliverDueMessages(database.db, sender)).toEqual({ sent: 1, queued: 0, failed: 0 });
    const [email, ...others] = recordedEmails();
    expect(others).toEqual([]);
    expect(email).toMatchObject({ templateId: templates.invite, emailAddress: "new.officer@example.org" });
    expect(Object.keys(email!.personalisation).sort()).toEqual(["link_expires", "name", "set_password_link"]);
    expect(email!.personalisation.name).toBe("New Officer");
    expect(email!.personalisation.set_password_link).toMatch(new RegExp(`^${ORIGIN}/set-password\\?token=[\\w-]{43}$`));
    expect(email!.personalisation.link_expires).toMatch(/^\d{1,2}:\d{2}(am|pm) on \d{1,2} \w+ \d{4}$/);

    const [row] = await outboxRows();
    expect(row).toMatchObject({
      status: "sent",
      attempts: 1,
      notify_id: email!.notifyId,
      last_error: null,
      idempotency_key: `invite:user-${result.ok && result.user.id}`,
    });
    // The link is a credential: once the email has gone, the outbox no longer holds it.
    expect(JSON.parse(row!.personalisation).set_password_link).toBe(REDACTED);
    const stored = await database.db.selectFrom("password_tokens").select("token_hash").executeTakeFirstOrThrow();
    const token = new URL(email!.personalisation.set_password_link!).searchParams.get("token")!;
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
  });

  it("forgot password: a link for a known address, nothing for an unknown one, and nothing past the limit", async () => {
    const request = (email: string) => requestPasswordReset(database.db, { email, ip: "192.0.2.1", origin: ORIGIN });
    expect(await request("MEMBER.A@example.org")).toBe(true);
    expect(await request("nobody@example.org")).toBe(false);
    await deliverDueMessages(database.db, sender);
    expect(recordedEmails()).toHaveLength(1);
    expect(recordedEmails()[0]).toMatchObject({
      templateId: templates.password_reset,
      emailAddress: "member.a@example.org",
      personalisation: { name: "Member of A" },
    });
    expect(recordedEmails()[0]!.personalisation.set_password_link).toMatch(/^https:\/\/benchmark\.example\.org\/set-password\?token=/);

    for (let i = 1; i < RESET_LIMIT_PER_EMAIL; i++) expect(await request("member.a@example.org")).toBe(true);
    expect(await request("member.a@example.org")).toBe(false);
    expect(await requestPasswordReset(database.db, { email: "member.f@example.org", ip: "192.0.2.2", origin: ORIGIN })).toBe(false);
    await deliverDueMessages(database.db, sender);
    expect(recordedEmails()).toHaveLength(RESET_LIMIT_PER_EMAIL);
  });

  it("round opened: every active member of every authority, once per opening", async () => {
    const round = await insertRound(database.db, {
      slug: "opening",
      financialYear: "2026-27",
      status: "draft",
      name: "SEND transport 2026-27",
    });
    await database.db.updateTable("rounds").set({ closes_on: "2027-07-31" }).where("id", "=", round.id).execute();
    const opened = await database.db.transaction().execute((trx) => transitionRound(trx, round.id, "open", null, ORIGIN));
    expect(opened.ok).toBe(true);
    await deliverDueMessages(database.db, sender);
    const emails = recordedEmails();
    expect(emails.map((e) => e.emailAddress).sort()).toEqual([
      "member.a@example.org",
      "member.b@example.org",
      "member.c@example.org",
      "member.d@example.org",
      "member.e@example.org",
    ]);
    expect(new Set(emails.map((e) => e.templateId))).toEqual(new Set([templates.round_opened]));
    expect(emails.find((e) => e.emailAddress === "member.b@example.org")!.personalisation).toEqual({
      name: "Member of B",
      round_name: "SEND transport 2026-27",
      authority_name: "Barnet",
      closes_on: "31 July 2027",
      return_link: `${ORIGIN}/rounds/opening`,
    });
    expect(await deliverDueMessages(database.db, sender)).toEqual({ sent: 0, queued: 0, failed: 0 });
  });

  it("queried and approved: to that authority's active members only", async () => {
    const round = await insertRound(database.db, { slug: "decisions", financialYear: "2027-28", status: "open", name: "Decisions round" });
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: "E09000002",
      status: "submitted",
      values: { population_0_25: 1000 },
    });
    const returnRow = (await findReturn(database.db, round.id, users.memberA.authority_id!))!;
    await database.db
      .transaction()
      .execute((trx) =>
        queueReturnDecision(trx, { kind: "queried", comment: "Check special school spend", round, returnRow, origin: ORIGIN }),
      );
    await database.db
      .transaction()
      .execute((trx) =>
        queueReturnDecision(trx, { kind: "approved", round, returnRow: { ...returnRow, version: returnRow.version + 2 }, origin: ORIGIN }),
      );
    await deliverDueMessages(database.db, sender);
    expect(recordedEmails().map((e) => [e.templateId, e.emailAddress, e.personalisation])).toEqual([
      [
        templates.queried,
        "member.a@example.org",
        {
          name: "Member of A",
          round_name: "Decisions round",
          authority_name: "Barking and Dagenham",
          comment: "Check special school spend",
          return_link: `${ORIGIN}/rounds/decisions`,
        },
      ],
      [
        templates.approved,
        "member.a@example.org",
        {
          name: "Member of A",
          round_name: "Decisions round",
          authority_name: "Barking and Dagenham",
          return_link: `${ORIGIN}/rounds/decisions`,
        },
      ],
    ]);
  });
});

describe("reminders", () => {
  it("go to exactly the active members of authorities that have not submitted, once a day", async () => {
    const round = await insertRound(database.db, { slug: "reminding", financialYear: "2028-29", status: "open", name: "Reminder round" });
    await database.db.updateTable("rounds").set({ closes_on: "2029-07-31" }).where("id", "=", round.id).execute();
    const stored = await database.db.selectFrom("rounds").selectAll().where("id", "=", round.id).executeTakeFirstOrThrow();
    await insertReturn(database.db, { roundId: round.id, authorityCode: "E09000002", status: "draft", values: { population_0_25: 1 } });
    await insertReturn(database.db, { roundId: round.id, authorityCode: "E09000003", status: "submitted", values: { population_0_25: 1 } });
    await insertReturn(database.db, { roundId: round.id, authorityCode: "E09000004", status: "approved", values: { population_0_25: 1 } });
    await insertReturn(database.db, { roundId: round.id, authorityCode: "E09000006", status: "queried", values: { population_0_25: 1 } });
    const today = londonDate(new Date());
    const remind = (date: string) =>
      database.db.transaction().execute((trx) => queueReminders(trx, { round: stored, date, origin: ORIGIN }));

    expect(await remind(today)).toBe(3);
    await deliverDueMessages(database.db, sender);
    expect(recordedEmails().map((e) => [e.emailAddress, e.personalisation.return_status])).toEqual([
      ["member.a@example.org", "in draft"],
      ["member.d@example.org", "not started"],
      ["member.e@example.org", "queried"],
    ]);
    expect(new Set(recordedEmails().map((e) => e.templateId))).toEqual(new Set([templates.reminder]));
    expect(recordedEmails()[0]!.personalisation).toMatchObject({
      round_name: "Reminder round",
      closes_on: "31 July 2029",
      authority_name: "Barking and Dagenham",
    });

    expect(await remind(today)).toBe(0);
    expect(await deliverDueMessages(database.db, sender)).toEqual({ sent: 0, queued: 0, failed: 0 });
    expect(recordedEmails()).toHaveLength(3);

    expect(await remind("2999-01-01")).toBe(3);
  });
});

describe("delivery", () => {
  it("retries after a 500 and ends as sent when Notify then answers 201", async () => {
    mockServer.use(notifyFailures.serverError());
    await queueOne();
    const now = new Date();
    expect(await deliverDueMessages(database.db, sender, now)).toEqual({ sent: 0, queued: 1, failed: 0 });
    let [row] = await outboxRows();
    expect(row).toMatchObject({
      status: "queued",
      attempts: 1,
      last_error: "Notify answered 500: Internal server error",
      next_attempt_at: seconds(30, now).toISOString(),
    });

    expect(await deliverDueMessages(database.db, sender, seconds(29, now))).toEqual({ sent: 0, queued: 0, failed: 0 });
    expect(await deliverDueMessages(database.db, sender, seconds(30, now))).toEqual({ sent: 1, queued: 0, failed: 0 });
    [row] = await outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 2, last_error: null, notify_id: recordedEmails()[0]!.notifyId });
    expect(recordedEmails()).toHaveLength(1);
  });

  it("retries after a 429, a refused connection and a request that never answers", async () => {
    const impatient = createNotifySender(MOCK_NOTIFY_CONFIG, { timeoutMs: 200 });
    mockServer.use(notifyFailures.tooManyRequests(), notifyFailures.networkError(), notifyFailures.noAnswer());
    await queueOne();
    let now = new Date();
    const errors: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await deliverDueMessages(database.db, impatient, now)).toEqual({ sent: 0, queued: 1, failed: 0 });
      const [row] = await outboxRows();
      errors.push(row!.last_error!);
      now = new Date(row!.next_attempt_at);
    }
    expect(errors[0]).toBe("Notify answered 429: Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds");
    expect(errors[1]).toMatch(/^No answer from Notify: /);
    expect(errors[2]).toMatch(/^No answer from Notify: timeout of 200ms exceeded/);
    expect(await deliverDueMessages(database.db, impatient, now)).toEqual({ sent: 1, queued: 0, failed: 0 });
    expect((await outboxRows())[0]).toMatchObject({ status: "sent", attempts: 4 });
  });

  it("marks a 400 failed at once, keeping Notify's message, and never sends it on its own", async () => {
    mockServer.use(notifyFailures.badRequest("Can't send to this recipient using a team-only API key"));
    await queueOne("outsider@example.net");
    expect(await deliverDueMessages(database.db, sender)).toEqual({ sent: 0, queued: 0, failed: 1 });
    expect(await deliverDueMessages(database.db, sender, seconds(86_400))).toEqual({ sent: 0, queued: 0, failed: 0 });
    expect((await outboxRows())[0]).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: "Notify answered 400: Can't send to this recipient using a team-only API key",
    });
    expect(recordedEmails()).toEqual([]);
  });

  it(`gives up after ${MAX_ATTEMPTS} tries, leaving the message failed for a coordinator to retry`, async () => {
    mockServer.use(notifyFailures.serverError({ once: false }));
    await queueOne();
    let now = new Date();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDueMessages(database.db, sender, now);
      now = new Date((await outboxRows())[0]!.next_attempt_at);
    }
    expect((await outboxRows())[0]).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    mockServer.resetHandlers();
    expect(await retryFailedMessages(database.db)).toBe(1);
    expect(await deliverDueMessages(database.db, sender, seconds(1))).toEqual({ sent: 1, queued: 0, failed: 0 });
    expect((await outboxRows())[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("fails, rather than resends, a message whose sender died mid-send", async () => {
    await queueOne();
    const lost = new Date(Date.now() - 11 * 60_000).toISOString();
    await database.db.updateTable("outbox").set({ status: "sending", attempts: 1, claimed_at: lost }).execute();
    expect(await deliverDueMessages(database.db, sender)).toEqual({ sent: 0, queued: 0, failed: 0 });
    expect((await outboxRows())[0]).toMatchObject({ status: "failed", last_error: INTERRUPTED_ERROR });
    expect(recordedEmails()).toEqual([]);
  });

  it("never queues the same key twice", async () => {
    const message = reminderFor("twice@example.org");
    expect(await database.db.transaction().execute((trx) => queueMessages(trx, [message, message]))).toBe(1);
    expect(await database.db.transaction().execute((trx) => queueMessages(trx, [message]))).toBe(0);
    await deliverDueMessages(database.db, sender);
    expect(recordedEmails()).toHaveLength(1);
  });

  it("sends each message once when several senders, each with its own connections, deliver at the same time", async () => {
    const messages = Array.from({ length: 40 }, (_, i) => reminderFor(`crowd${i}@example.org`));
    await database.db.transaction().execute((trx) => queueMessages(trx, messages));
    const servers = [createDb(database.url), createDb(database.url), createDb(database.url)];
    try {
      const summaries = await Promise.all(servers.map((db) => deliverDueMessages(db, sender, new Date(), 5)));
      expect(summaries.reduce((total, s) => total + s.sent, 0)).toBe(40);
    } finally {
      await Promise.all(servers.map((db) => db.destroy()));
    }
    const references = recordedEmails().map((e) => e.reference);
    expect(references).toHaveLength(40);
    expect(new Set(references).size).toBe(40);
    expect((await outboxRows()).every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });
});

describe("set-password links", () => {
  it("work once, and not after 72 hours", async () => {
    const issuedAt = new Date("2026-05-01T09:00:00Z");
    const issue = () =>
      database.db
        .transaction()
        .execute((trx) => issuePasswordToken(trx, { userId: users.memberB.id, purpose: "password_reset", now: issuedAt }));
    const consume = (token: string, at: Date) => database.db.transaction().execute((trx) => consumePasswordToken(trx, token, at));
    const hours = (n: number) => new Date(issuedAt.getTime() + n * 3_600_000);

    const first = await issue();
    expect(first.expiresAt).toEqual(hours(SET_PASSWORD_LINK_HOURS));
    expect(await consume(first.token, hours(SET_PASSWORD_LINK_HOURS - 1))).toBe(users.memberB.id);
    expect(await consume(first.token, hours(SET_PASSWORD_LINK_HOURS - 1))).toBeUndefined();

    const late = await issue();
    expect(await consume(late.token, hours(SET_PASSWORD_LINK_HOURS))).toBeUndefined();
    expect(await consume("not-a-token", hours(1))).toBeUndefined();
  });

  it("are all spent once one of them sets the password", async () => {
    const now = new Date();
    const [a, b] = await database.db
      .transaction()
      .execute(async (trx) => [
        await issuePasswordToken(trx, { userId: users.memberC.id, purpose: "invite", now }),
        await issuePasswordToken(trx, { userId: users.memberC.id, purpose: "password_reset", now }),
      ]);
    expect(await database.db.transaction().execute((trx) => consumePasswordToken(trx, b!.token))).toBe(users.memberC.id);
    expect(await database.db.transaction().execute((trx) => consumePasswordToken(trx, a!.token))).toBeUndefined();
  });
});
