/**
 * `remind` and `outbox retry` as a scheduler runs them: the command line in its own process with
 * MOCKS=true, its Notify calls answered by the msw stand-in and recorded in MOCKS_NOTIFY_DIR.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { londonDate, reminderDueDate } from "../../app/domain/notifications";
import { MOCK_NOTIFY_ENV, readRecordedEmails } from "../mocks/notify";
import { runCli } from "../support/cli";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { AUTHORITY_B, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let recordings: string;
let laterRoundId: number;

/** The closing date that makes today the round's reminder day, N days before it. */
function closingDateDueToday(daysBefore: number): string {
  const today = londonDate(new Date());
  const closes = new Date(`${today}T00:00:00Z`);
  closes.setUTCDate(closes.getUTCDate() + daysBefore);
  const closesOn = closes.toISOString().slice(0, 10);
  expect(reminderDueDate(closesOn, daysBefore)).toBe(today);
  return closesOn;
}

const cli = (...args: string[]) => runCli(database.url, ...args);

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  recordings = mkdtempSync(path.join(tmpdir(), "bn-notify-cli-"));
  for (const [name, value] of Object.entries({ ...MOCK_NOTIFY_ENV, MOCKS_NOTIFY_DIR: recordings })) vi.stubEnv(name, value);
  const due = await insertRound(database.db, { slug: "due-today", financialYear: "2024-25", status: "open" });
  await database.db
    .updateTable("rounds")
    .set({ closes_on: closingDateDueToday(5), reminder_days_before: 5 })
    .where("id", "=", due.id)
    .execute();
  await insertReturn(database.db, { roundId: due.id, authorityCode: AUTHORITY_B, status: "submitted", values: { population_0_25: 1 } });
  const later = await insertRound(database.db, { slug: "not-yet", financialYear: "2025-26", status: "open" });
  await database.db.updateTable("rounds").set({ closes_on: "2099-07-31" }).where("id", "=", later.id).execute();
  laterRoundId = later.id;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await database?.destroy();
  if (recordings) rmSync(recordings, { recursive: true, force: true });
});

describe("npm run cli -- remind", () => {
  it("lists who is due a reminder on a dry run, sending nothing", async () => {
    const result = await cli("remind", "--round", "due-today", "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Round due-today: 1 reminder(s) due today");
    expect(result.stdout).toContain(`${TEST_USERS.memberA.email}\tE09000002\tBarking and Dagenham\tnot_started`);
    expect(result.stdout).not.toContain(TEST_USERS.memberB.email);
    expect(readRecordedEmails(recordings)).toEqual([]);
  });

  it("sends the day's reminders, and nothing on a second run the same day", async () => {
    const first = await cli("remind", "--round", "due-today");
    expect(first).toMatchObject({
      code: 0,
      stdout: "Round due-today: 1 reminder(s) queued\nEmails: 1 sent, 0 to be tried again later, 0 failed\n",
    });
    expect(readRecordedEmails(recordings).map((e) => [e.templateId, e.emailAddress])).toEqual([
      [MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_REMINDER, TEST_USERS.memberA.email],
    ]);
    const second = await cli("remind", "--round", "due-today");
    expect(second).toMatchObject({ code: 0, stdout: "Round due-today: 0 reminder(s) queued\n" });
    expect(readRecordedEmails(recordings)).toHaveLength(1);
  });

  it("sends nothing on any other day", async () => {
    const result = await cli("remind", "--round", "not-yet");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Round not-yet: reminders are due on 2099-07-24, 7 days before it closes on 2099-07-31; none today");
    expect(
      await database.db.selectFrom("outbox").select("id").where("idempotency_key", "like", `reminder:round-${laterRoundId}:%`).execute(),
    ).toEqual([]);
  });
});

describe("npm run cli -- outbox retry", () => {
  it("sends failed messages again, and queued ones without waiting for their backoff", async () => {
    const now = new Date();
    const message = (key: string, status: "failed" | "queued") => ({
      recipient: `${key}@example.org`,
      kind: "approved",
      personalisation: JSON.stringify({ name: "N", round_name: "R", authority_name: "A", return_link: "http://localhost:3000/rounds/r" }),
      idempotency_key: `test:${key}`,
      status,
      attempts: 2,
      next_attempt_at: new Date(now.getTime() + 3_600_000).toISOString(),
      last_error: "Notify answered 500: Internal server error",
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await database.db
      .insertInto("outbox")
      .values([message("failed-one", "failed"), message("waiting-one", "queued")])
      .execute();
    const result = await cli("outbox", "retry");
    expect(result).toMatchObject({
      code: 0,
      stdout: "Outbox: 1 failed message(s) re-queued; 2 sent, 0 to be tried again later, 0 failed\n",
    });
    expect(
      readRecordedEmails(recordings)
        .map((e) => e.emailAddress)
        .slice(-2)
        .sort(),
    ).toEqual(["failed-one@example.org", "waiting-one@example.org"]);
  });
});
