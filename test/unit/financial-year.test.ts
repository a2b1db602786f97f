import { describe, expect, test } from "vitest";
import { financialYearSchema, formatFinancialYear, parseFinancialYear } from "~/domain/financial-year";

describe("parseFinancialYear", () => {
  test.each([
    ["2024-25", 2024],
    ["2010-11", 2010],
    ["1999-00", 1999],
    ["2099-00", 2099],
  ])("%s starts in %i", (text, startYear) => {
    expect(parseFinancialYear(text)).toBe(startYear);
  });

  test.each(["2024-26", "2024-24", "2024/25", "2024-2025", "24-25", "2024", " 2024-25", "2024-25 ", "", "abcd-ef"])(
    "%o is not a financial year",
    (text) => {
      expect(parseFinancialYear(text)).toBeNull();
    },
  );
});

describe("formatFinancialYear", () => {
  test.each([
    [2024, "2024-25"],
    [2009, "2009-10"],
    [1999, "1999-00"],
    [2000, "2000-01"],
  ])("%i is written %s", (startYear, text) => {
    expect(formatFinancialYear(startYear)).toBe(text);
  });

  test("round-trips with parseFinancialYear", () => {
    for (let year = 1990; year <= 2110; year += 1) {
      expect(parseFinancialYear(formatFinancialYear(year))).toBe(year);
    }
  });
});

describe("financialYearSchema", () => {
  test("accepts a financial year, dropping surrounding spaces", () => {
    expect(financialYearSchema.parse(" 2024-25 ")).toBe("2024-25");
  });

  test.each(["2024-26", "2024/25", "", 2024])("refuses %o with a clear message", (value) => {
    const result = financialYearSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["Financial year must look like 2024-25"]);
  });
});
