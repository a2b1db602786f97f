import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { deflatorIndex, latestFinancialYear, parseDeflatorCsv, resolveRealTerms, type Deflator } from "~/domain/deflators";

const TABLE: Deflator[] = [
  { financialYear: "2022-23", index: 91.2996 },
  { financialYear: "2024-25", index: 100 },
  { financialYear: "2023-24", index: 96.1117 },
];

describe("parseDeflatorCsv", () => {
  test("reads one deflator per row, in financial-year order", () => {
    const result = parseDeflatorCsv("financial_year,index\n2024-25,100\n2022-23,91.2996\n2023-24,96.1117\n");
    expect(result).toEqual({
      ok: true,
      deflators: [
        { financialYear: "2022-23", index: 91.2996 },
        { financialYear: "2023-24", index: 96.1117 },
        { financialYear: "2024-25", index: 100 },
      ],
    });
  });

  test("tolerates a byte-order mark, CRLF line endings, quotes, spaces and trailing blank lines", () => {
    const result = parseDeflatorCsv('\uFEFFfinancial_year,index\r\n"2023-24", 96.1117\r\n2024-25,"100.0"\r\n\r\n\r\n');
    expect(result).toEqual({
      ok: true,
      deflators: [
        { financialYear: "2023-24", index: 96.1117 },
        { financialYear: "2024-25", index: 100 },
      ],
    });
  });

  test("names the row, field, value and what was expected for every error", () => {
    const result = parseDeflatorCsv(
      ["financial_year,index", "2022-23,91.3", "2023-24,abc", "2024/25,100", "2021-22,0", "2020-21,-3", "2019-20,", "2018-19"].join("\n"),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'row 3, field index: value "abc": expected a positive number',
        'row 4, field financial_year: value "2024/25": expected a financial year like 2024-25',
        'row 5, field index: value "0": expected a positive number',
        'row 6, field index: value "-3": expected a positive number',
        'row 7, field index: value "": expected a positive number',
        'row 8: value "2018-19": expected 2 fields, financial_year and index, found 1',
      ],
    });
  });

  test("reads the file with the one CSV reader, so a broken quote is named by row and column", () => {
    expect(parseDeflatorCsv('financial_year,index\n2023-24,"96\n')).toEqual({
      ok: false,
      errors: ['row 2, column B: a quoted value is not closed: expected a closing quote (")'],
    });
  });

  test("refuses a financial year given twice", () => {
    const result = parseDeflatorCsv("financial_year,index\n2023-24,96\n2024-25,100\n2023-24,96.1\n");
    expect(result).toEqual({
      ok: false,
      errors: ['row 4, field financial_year: value "2023-24": expected each financial year once, but row 2 already gives it'],
    });
  });

  test("refuses numbers JavaScript would read but a person would not write", () => {
    const result = parseDeflatorCsv("financial_year,index\n2023-24,0x10\n2024-25,1e2\n");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'row 2, field index: value "0x10": expected a positive number',
      'row 3, field index: value "1e2": expected a positive number',
    ]);
  });

  test("needs the header exactly", () => {
    expect(parseDeflatorCsv("year,index\n2024-25,100\n")).toEqual({
      ok: false,
      errors: ['row 1 (header): value "year,index": expected exactly "financial_year,index"'],
    });
    expect(parseDeflatorCsv("index,financial_year\n100,2024-25\n").ok).toBe(false);
  });

  test("an empty file, or a header alone, has no deflators", () => {
    expect(parseDeflatorCsv("")).toEqual({
      ok: false,
      errors: ['The file is empty: expected the header "financial_year,index"'],
    });
    expect(parseDeflatorCsv("\uFEFF\r\n\r\n").ok).toBe(false);
    expect(parseDeflatorCsv("financial_year,index\r\n")).toEqual({
      ok: false,
      errors: ["No deflators: expected at least one row after the header"],
    });
  });

  test("the shipped HM Treasury table reads cleanly, 2010-11 to 2024-25 with 2024-25 = 100", () => {
    const result = parseDeflatorCsv(readFileSync("db/reference/gdp-deflators.csv", "utf8"));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.deflators.map((deflator) => deflator.financialYear)).toEqual(
      Array.from({ length: 15 }, (_, offset) => `${2010 + offset}-${String(11 + offset).padStart(2, "0")}`),
    );
    expect(deflatorIndex(result.deflators, "2024-25")).toBe(100);
    expect(latestFinancialYear(result.deflators)).toBe("2024-25");
  });
});

describe("deflatorIndex", () => {
  test("the index of a financial year in the table", () => {
    expect(deflatorIndex(TABLE, "2023-24")).toBe(96.1117);
  });

  test("null for a year the table does not have", () => {
    expect(deflatorIndex(TABLE, "2025-26")).toBeNull();
    expect(deflatorIndex([], "2024-25")).toBeNull();
  });
});

describe("latestFinancialYear", () => {
  test("the latest year, whatever the order of the table", () => {
    expect(latestFinancialYear(TABLE)).toBe("2024-25");
    expect(
      latestFinancialYear([
        { financialYear: "1999-00", index: 50 },
        { financialYear: "2000-01", index: 51 },
      ]),
    ).toBe("2000-01");
  });

  test("null for an empty table", () => {
    expect(latestFinancialYear([])).toBeNull();
  });
});

describe("resolveRealTerms", () => {
  test("uses the round's base year when it has one", () => {
    expect(resolveRealTerms(TABLE, "2023-24", "2022-23")).toEqual({
      available: true,
      baseYear: "2022-23",
      prices: { roundIndex: 96.1117, baseIndex: 91.2996 },
    });
  });

  test("defaults the base year to the latest year in the table", () => {
    expect(resolveRealTerms(TABLE, "2022-23", null)).toEqual({
      available: true,
      baseYear: "2024-25",
      prices: { roundIndex: 91.2996, baseIndex: 100 },
    });
  });

  test("says which index is missing", () => {
    expect(resolveRealTerms(TABLE, "2025-26", null)).toEqual({
      available: false,
      baseYear: "2024-25",
      reason: "No real-terms figures: the GDP deflator table has no index for 2025-26, the round's financial year",
    });
    expect(resolveRealTerms(TABLE, "2023-24", "2015-16")).toEqual({
      available: false,
      baseYear: "2015-16",
      reason: "No real-terms figures: the GDP deflator table has no index for 2015-16, the price base year",
    });
    expect(resolveRealTerms(TABLE, "2026-27", "2015-16")).toMatchObject({
      reason:
        "No real-terms figures: the GDP deflator table has no index for 2026-27, the round's financial year or for 2015-16, the price base year",
    });
    expect(resolveRealTerms(TABLE, "2026-27", "2026-27")).toMatchObject({
      reason: "No real-terms figures: the GDP deflator table has no index for 2026-27, the round's financial year",
    });
  });

  test("says so when no deflators are loaded", () => {
    expect(resolveRealTerms([], "2024-25", null)).toEqual({
      available: false,
      baseYear: null,
      reason: "No real-terms figures: no GDP deflators are loaded",
    });
  });
});
