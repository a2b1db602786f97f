import { describe, expect, it } from "vitest";
import {
  MAX_ATTEMPTS,
  parseMessageKind,
  redactedPersonalisationJson,
  returnLink,
  reviewLink,
  setPasswordLink,
  PERSONALISATION_SCHEMAS,
  REDACTED,
  afterFailure,
  formatEmailDate,
  formatEmailDateTime,
  isRetryable,
  londonDate,
  redactSecrets,
  reminderDueDate,
  retryDelaySeconds,
  returnStatusPhrase,
} from "../../app/domain/notifications";

describe("retrying a failed send", () => {
  it("tries again after no answer, 429 and 5xx, and never after another 4xx", () => {
    expect([undefined, 429, 500, 502, 503].map(isRetryable)).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 404, 413].map(isRetryable)).toEqual([false, false, false, false, false]);
  });

  it("waits 30 s, then twice as long each time, never more than an hour", () => {
    expect([1, 2, 3, 4, 5, 8, 20].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 3600, 3600]);
  });

  it("queues the message again with its next time, until the last attempt, then fails it", () => {
    const now = new Date("2026-03-01T10:00:00Z");
    expect(afterFailure({ attempts: 1, httpStatus: 500, now })).toEqual({
      status: "queued",
      nextAttemptAt: new Date("2026-03-01T10:00:30Z"),
    });
    expect(afterFailure({ attempts: 3, httpStatus: undefined, now })).toEqual({
      status: "queued",
      nextAttemptAt: new Date("2026-03-01T10:02:00Z"),
    });
    expect(afterFailure({ attempts: MAX_ATTEMPTS, httpStatus: 503, now })).toEqual({ status: "failed" });
    expect(afterFailure({ attempts: 1, httpStatus: 400, now })).toEqual({ status: "failed" });
  });
});

describe("reminder days", () => {
  it("counts back from the closing date across month and year ends", () => {
    expect(reminderDueDate("2026-07-31", 7)).toBe("2026-07-24");
    expect(reminderDueDate("2026-03-03", 7)).toBe("2026-02-24");
    expect(reminderDueDate("2027-01-02", 3)).toBe("2026-12-30");
    expect(reminderDueDate("2026-07-31", 0)).toBe("2026-07-31");
  });

  it("takes today's date from England's calendar, not UTC's", () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(londonDate(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonDate(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });
});

describe("wording in emails", () => {
  it("writes dates and times as GOV.UK does", () => {
    expect(formatEmailDate("2026-07-31")).toBe("31 July 2026");
    expect(formatEmailDate(null)).toBe("no closing date set");
    expect(formatEmailDateTime(new Date("2026-12-03T14:15:00Z"))).toBe("2:15pm on 3 December 2026");
    expect(formatEmailDateTime(new Date("2026-07-01T08:05:00Z"))).toBe("9:05am on 1 July 2026");
  });

  it("puts a return's status into a sentence", () => {
    expect(["not_started", "draft", "queried"].map((s) => returnStatusPhrase(s as "draft"))).toEqual([
      "not started",
      "in draft",
      "queried",
    ]);
  });

  it("removes set-password links once sent, and keeps everything else", () => {
    expect(redactSecrets({ name: "Ann", set_password_link: "https://x.example/set-password?token=abc", link_expires: "soon" })).toEqual({
      name: "Ann",
      set_password_link: REDACTED,
      link_expires: "soon",
    });
  });

  it("refuses personalisation that lacks a field its template uses", () => {
    expect(
      PERSONALISATION_SCHEMAS.reminder.safeParse({
        name: "Ann",
        round_name: "R",
        authority_name: "A",
        return_link: "https://x.example/rounds/r",
      }).success,
    ).toBe(false);
    expect(
      PERSONALISATION_SCHEMAS.approved.safeParse({
        name: "Ann",
        round_name: "R",
        authority_name: "A",
        return_link: "https://x.example/rounds/r",
      }).success,
    ).toBe(true);
  });
});

describe("links and stored messages", () => {
  it("builds the links an email carries from the configured origin, escaping what the URL holds", () => {
    expect(setPasswordLink("https://bn.example", "a+b/c")).toBe("https://bn.example/set-password?token=a%2Bb%2Fc");
    expect(returnLink("https://bn.example", "2024-25")).toBe("https://bn.example/rounds/2024-25");
    expect(reviewLink("https://bn.example", "2024-25", "E10000014")).toBe("https://bn.example/admin/rounds/2024-25/returns/E10000014");
  });

  it("blanks a stored message's set-password link, and gives an empty object for JSON it cannot read", () => {
    const stored = JSON.stringify({ name: "Ada", set_password_link: "https://bn.example/set-password?token=x" });
    expect(JSON.parse(redactedPersonalisationJson(stored))).toEqual({ name: "Ada", set_password_link: REDACTED });
    expect(redactedPersonalisationJson("not json")).toBe("{}");
  });

  it("refuses a stored message kind it does not send", () => {
    expect(parseMessageKind("invite")).toBe("invite");
    expect(() => parseMessageKind("fax")).toThrow('Unknown message kind "fax" in the outbox');
  });
});
