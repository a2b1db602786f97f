import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  displayFieldValue,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatMetricValue,
  formatTime,
  pluralise,
} from "../../app/domain/format";
import { findField, QUESTION_SET_V1 } from "../../app/domain/question-set";

describe("formatMetricValue", () => {
  it("shows pounds to the pound and percentages to one decimal place", () => {
    expect(formatMetricValue("gbp", 9120.49)).toBe("£9,120");
    expect(formatMetricValue("percent", 31.449)).toBe("31.4%");
    expect(formatMetricValue("percent", 317.91, { signed: true })).toBe("+317.9%");
    expect(formatMetricValue("percent", -4.25, { signed: true })).toBe("-4.3%");
    expect(formatMetricValue("count", 16936)).toBe("16,936");
    expect(formatMetricValue("rate_per_10k", 402.456)).toBe("402.5");
  });
});

describe("displayFieldValue", () => {
  it("reads blank as not provided, never zero", () => {
    const spend = findField(QUESTION_SET_V1, "transport.special.spend")!;
    expect(displayFieldValue(spend, null)).toBe("Not provided");
    expect(displayFieldValue(spend, 0)).toBe("£0");
    expect(displayFieldValue(spend, 1_250_000)).toBe("£1,250,000");
    expect(displayFieldValue(findField(QUESTION_SET_V1, "policy.route_bundling")!, true)).toBe("Yes");
  });
});

describe("dates and times, GOV.UK style, in England's time", () => {
  it("writes a calendar date as that day, whatever the clock", () => {
    expect(formatDate("2025-07-31")).toBe("31 July 2025");
    expect(formatDate("2026-01-01")).toBe("1 January 2026");
  });

  it("writes a moment as the day and time it was in London (GMT in winter, BST in summer)", () => {
    // 20:02:04 UTC on 1 December is 8:02pm in London (GMT).
    expect(formatDateTime("2026-12-01T20:02:04.000Z")).toBe("1 December 2026 at 8:02pm");
    // 23:30 UTC on 31 July is 12:30am on 1 August in London (BST, UTC+1).
    expect(formatDateTime("2025-07-31T23:30:00.000Z")).toBe("1 August 2025 at 12:30am");
    expect(formatDate("2025-07-31T23:30:00.000Z")).toBe("1 August 2025");
    expect(formatDateTime(new Date("2026-03-02T09:00:00Z"))).toBe("2 March 2026 at 9am");
  });

  it("says midday and midnight rather than 12pm and 12am", () => {
    expect(formatTime("2026-12-01T12:00:00Z")).toBe("midday");
    expect(formatTime("2026-12-01T00:00:00Z")).toBe("midnight");
    expect(formatTime("2026-12-01T12:05:00Z")).toBe("12:05pm");
  });

  it("refuses what is not a date", () => {
    expect(() => formatDate("soon")).toThrow("Not a date: soon");
  });

  it("is the only date formatter in app/: nothing else writes a date for people", () => {
    const root = path.resolve(__dirname, "../..");
    const files = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(`${dir}/${entry.name}`) : /\.tsx?$/.test(entry.name) ? [`${dir}/${entry.name}`] : [],
      );
    // Date keys, not dates for people: England's calendar day as YYYY-MM-DD (one reminder a day), a
    // reminder's due day worked out from the closing date, and a spreadsheet's date cell read as YYYY-MM-DD.
    const keys: Record<string, number> = { "app/domain/notifications.ts": 2, "app/spreadsheets/xlsx.server.ts": 1 };
    const dateFormatting =
      /toLocaleDateString|toLocaleTimeString|toDateString|toUTCString|Intl\.DateTimeFormat|toISOString\(\)\.(slice|substring)|(_at|At|_on|On)\??\.(slice|substring)\(/g;
    const found = files("app")
      .filter((file) => file !== "app/domain/format.ts")
      .flatMap((file) => {
        const count = (readFileSync(path.join(root, file), "utf8").match(dateFormatting) ?? []).length;
        return count > (keys[file] ?? 0) ? [`${file}: ${count}`] : [];
      });
    expect(found).toEqual([]);
  });
});

describe("pluralise and formatDecimal", () => {
  it("says one thing in the singular and any other count in the plural, with thousands separators", () => {
    expect(pluralise(1, "authority", "authorities")).toBe("1 authority");
    expect(pluralise(0, "authority", "authorities")).toBe("0 authorities");
    expect(pluralise(1204, "return", "returns")).toBe("1,204 returns");
  });

  it("writes one decimal place with separators", () => {
    expect(formatDecimal(4.25)).toBe("4.3");
    expect(formatDecimal(1204)).toBe("1,204.0");
  });
});
