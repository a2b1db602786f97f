import { describe, expect, it } from "vitest";
import { checkFieldValue, formatFieldValue, parseFieldValue } from "~/domain/field-values";
import { QUESTION_SET_V1, findField, type FieldDefinition } from "~/domain/question-set";

function fieldAt(key: string): FieldDefinition {
  const field = findField(QUESTION_SET_V1, key);
  if (!field) throw new Error(`no field ${key} in v1`);
  return field;
}

const children = fieldAt("transport.special.children");
const spend = fieldAt("transport.special.spend");
const deficit = fieldAt("dsg.cumulative_deficit");
const charge = fieldAt("policy.post16_charge");
// v1 has no free-text field yet; the kind exists for later versions.
const note: FieldDefinition = {
  key: "note",
  label: "Note on the return",
  unit: "text",
  kind: "text",
  required: false,
  disclosure: "public_linkable",
  sectionId: "notes",
};

const WHOLE_NUMBER = "Children given transport to special schools must be a whole number, like 120";
const WHOLE_POUNDS = "Spend on special school transport must be a whole number of pounds, like 1250000";

describe("parseFieldValue: blanks", () => {
  it.each([undefined, null, "", "   ", "\t\n"])("reads %j as not provided, never zero, for every kind", (raw) => {
    for (const field of [children, spend, deficit, charge, note]) {
      expect(parseFieldValue(field, raw)).toEqual({ ok: true, value: null });
    }
  });
});

describe("parseFieldValue: counts", () => {
  it.each([
    ["120", 120],
    [" 120 ", 120],
    ["1,200", 1200],
    ["1,234,567", 1234567],
    ["0", 0],
    ["12.0", 12],
    [120, 120],
    [0, 0],
    ["10,000,000,000", 10_000_000_000],
  ])("reads %j as %d", (raw, value) => {
    expect(parseFieldValue(children, raw)).toEqual({ ok: true, value });
  });

  it("stores minus zero as zero", () => {
    const parsed = parseFieldValue(children, "-0");
    expect(parsed.ok && Object.is(parsed.value, 0)).toBe(true);
  });

  it.each(["12.5", "twelve", "1,20", "12,0000", "£120", "1e3", "12 0", 12.5, Number.NaN, Number.POSITIVE_INFINITY, true, {}])(
    "refuses %j as not a whole number",
    (raw) => {
      expect(parseFieldValue(children, raw)).toEqual({ ok: false, message: WHOLE_NUMBER });
    },
  );

  it.each(["-5", -5, "-1,000"])("refuses the negative %j", (raw) => {
    expect(parseFieldValue(children, raw)).toEqual({
      ok: false,
      message: "Children given transport to special schools must be 0 or more",
    });
  });

  it.each(["10000000001", 10_000_000_001, "99,999,999,999"])("refuses %j as absurdly large", (raw) => {
    expect(parseFieldValue(children, raw)).toEqual({
      ok: false,
      message: "Children given transport to special schools is too large: enter 10,000,000,000 or less",
    });
  });
});

describe("parseFieldValue: money", () => {
  it.each([
    ["1250000", 1250000],
    ["£1,250,000", 1250000],
    [" £ 1,250,000 ", 1250000],
    ["1,250,000", 1250000],
    ["£1250000.00", 1250000],
    [1250000, 1250000],
    ["£0", 0],
  ])("reads %j as %d pounds", (raw, value) => {
    expect(parseFieldValue(spend, raw)).toEqual({ ok: true, value });
  });

  it.each(["£1,250,000.50", "1250000.5", "£", "££5", "5£", "£1,25,000", 1250000.5])("refuses %j as not whole pounds", (raw) => {
    expect(parseFieldValue(spend, raw)).toEqual({ ok: false, message: WHOLE_POUNDS });
  });

  it("refuses a negative spend", () => {
    expect(parseFieldValue(spend, "-£5")).toEqual({ ok: false, message: "Spend on special school transport must be 0 or more" });
  });

  it.each([
    ["-250000", -250000],
    ["-£250,000", -250000],
    ["£-250,000", -250000],
    [" - £ 250,000", -250000],
    [-250000, -250000],
    ["-10,000,000,000", -10_000_000_000],
  ])("reads the surplus %j as %d where negatives are allowed", (raw, value) => {
    expect(parseFieldValue(deficit, raw)).toEqual({ ok: true, value });
  });

  it("refuses an absurd surplus, saying the range allowed", () => {
    expect(parseFieldValue(deficit, "-£10,000,000,001")).toEqual({
      ok: false,
      message: "Cumulative DSG deficit is too large: enter a value between -10,000,000,000 and 10,000,000,000",
    });
  });
});

describe("parseFieldValue: yes or no", () => {
  it.each([
    ["yes", true],
    ["YES", true],
    [" Yes ", true],
    ["true", true],
    ["TRUE", true],
    ["y", true],
    ["Y", true],
    ["1", true],
    [1, true],
    [true, true],
    ["no", false],
    ["No", false],
    ["false", false],
    ["False", false],
    ["n", false],
    ["N", false],
    ["0", false],
    [0, false],
    [false, false],
  ])("reads %j as %s", (raw, value) => {
    expect(parseFieldValue(charge, raw)).toEqual({ ok: true, value });
  });

  it.each(["maybe", "on", "yess", 2, -1, {}])("refuses %j", (raw) => {
    expect(parseFieldValue(charge, raw)).toEqual({ ok: false, message: "Charge for post-16 transport must be yes or no" });
  });
});

describe("parseFieldValue: text", () => {
  it("trims text", () => {
    expect(parseFieldValue(note, "  Includes the summer scheme.  ")).toEqual({ ok: true, value: "Includes the summer scheme." });
  });

  it("keeps a spreadsheet number as text", () => {
    expect(parseFieldValue(note, 42)).toEqual({ ok: true, value: "42" });
  });

  it("allows 2,000 characters and refuses 2,001", () => {
    expect(parseFieldValue(note, "a".repeat(2000))).toEqual({ ok: true, value: "a".repeat(2000) });
    expect(parseFieldValue(note, "a".repeat(2001))).toEqual({ ok: false, message: "Note on the return must be 2,000 characters or fewer" });
  });

  it("refuses something that is not text", () => {
    expect(parseFieldValue(note, { text: "x" })).toEqual({ ok: false, message: "Note on the return must be text" });
  });
});

describe("formatFieldValue", () => {
  it("writes numbers as plain digits, yes/no for booleans and nothing for not provided", () => {
    expect(formatFieldValue(spend, 1250000)).toBe("1250000");
    expect(formatFieldValue(deficit, -250000)).toBe("-250000");
    expect(formatFieldValue(children, 0)).toBe("0");
    expect(formatFieldValue(charge, true)).toBe("yes");
    expect(formatFieldValue(charge, false)).toBe("no");
    expect(formatFieldValue(spend, null)).toBe("");
    expect(formatFieldValue(charge, undefined)).toBe("");
    expect(formatFieldValue(note, "Includes the summer scheme.")).toBe("Includes the summer scheme.");
  });

  it("writes what parseFieldValue reads back to the same value", () => {
    const cases: [FieldDefinition, number | boolean | string | null][] = [
      [spend, 10_000_000_000],
      [deficit, -250000],
      [children, 0],
      [charge, true],
      [charge, false],
      [note, "x"],
      [spend, null],
    ];
    for (const [field, value] of cases) {
      expect(parseFieldValue(field, formatFieldValue(field, value))).toEqual({ ok: true, value });
    }
  });
});

describe("checkFieldValue", () => {
  it("gives the same result as parseFieldValue, plus what was expected, for messages that quote the value", () => {
    const cases: Array<[FieldDefinition, unknown, string]> = [
      [children, "2.5", "a whole number, like 120"],
      [spend, "lots", "a whole number of pounds, like 1250000"],
      [spend, "-£5", "0 or more"],
      [spend, 10_000_000_001, "10,000,000,000 or less"],
      [deficit, "-£10,000,000,001", "a value between -10,000,000,000 and 10,000,000,000"],
      [charge, "maybe", "yes or no (or y/n, true/false, 1/0)"],
      [note, "a".repeat(2001), "2,000 characters or fewer"],
      [note, { text: "x" }, "text"],
    ];
    for (const [field, raw, expected] of cases) {
      const parsed = parseFieldValue(field, raw);
      expect(parsed.ok).toBe(false);
      expect(checkFieldValue(field, raw)).toEqual({ ...parsed, expected });
    }
    expect(checkFieldValue(spend, "£1,250,000")).toEqual({ ok: true, value: 1_250_000 });
  });
});
