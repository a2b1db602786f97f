import { describe, expect, test } from "vitest";
import { columnName, formatCsv, formatCsvCell, parseCsv } from "~/domain/csv";

describe("formatCsvCell", () => {
  test("writes numbers at full precision, never rounded", () => {
    expect(formatCsvCell(12345 / 7)).toBe("1763.5714285714287");
    expect(formatCsvCell(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatCsvCell(1e21)).toBe("1e+21");
  });

  test("keeps a negative number a number: neutralisation is for strings only", () => {
    expect(formatCsvCell(-250000)).toBe("-250000");
    expect(formatCsvCell(-0.5)).toBe("-0.5");
  });

  test.each([
    ['=HYPERLINK("http://evil.example")', `"'=HYPERLINK(""http://evil.example"")"`],
    ["+44 20 7946 0000", "'+44 20 7946 0000"],
    ["-2+3", "'-2+3"],
    ["-250000", "'-250000"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", `"'\rcmd"`],
  ])("neutralises the string %j so a spreadsheet shows it as text", (input, output) => {
    expect(formatCsvCell(input)).toBe(output);
  });

  test("leaves ordinary text alone, and quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(formatCsvCell("Kent County Council")).toBe("Kent County Council");
    expect(formatCsvCell("Bristol, City of")).toBe('"Bristol, City of"');
    expect(formatCsvCell('the "best" route')).toBe('"the ""best"" route"');
    expect(formatCsvCell("two\nlines")).toBe('"two\nlines"');
    expect(formatCsvCell("a = b")).toBe("a = b");
  });

  test("writes blanks as empty cells and yes/no for booleans", () => {
    expect(formatCsvCell(null)).toBe("");
    expect(formatCsvCell(undefined)).toBe("");
    expect(formatCsvCell(true)).toBe("yes");
    expect(formatCsvCell(false)).toBe("no");
  });

  test("refuses NaN and Infinity, which are not figures", () => {
    expect(() => formatCsvCell(Number.NaN)).toThrow("Cannot write NaN to a CSV file");
    expect(() => formatCsvCell(Number.POSITIVE_INFINITY)).toThrow("Cannot write Infinity");
  });
});

describe("formatCsv", () => {
  test("ends every row with CRLF", () => {
    expect(
      formatCsv([
        ["round", "metric", "value"],
        ["2024-25", "unit_cost.special", 9500.5],
      ]),
    ).toBe("round,metric,value\r\n2024-25,unit_cost.special,9500.5\r\n");
    expect(formatCsv([])).toBe("");
  });

  test("reads back what it writes", () => {
    const rows = [
      ["a,b", 'say "hi"', "line\r\nbreak", ""],
      ["x", "y", "z", "w"],
    ];
    expect(parseCsv(formatCsv(rows))).toEqual({ ok: true, rows });
  });
});

describe("parseCsv", () => {
  test("splits rows and cells", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual({
      ok: true,
      rows: [
        ["a", "b", "c"],
        ["1", "2", "3"],
      ],
    });
  });

  test("accepts a byte-order mark, CRLF, a missing final line break, and drops trailing blank rows", () => {
    expect(parseCsv("\uFEFFa,b\r\n1,2\r\n\r\n,\r\n  \r\n")).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["1", "2"],
      ],
    });
    expect(parseCsv("a,b\n1,2")).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["1", "2"],
      ],
    });
    expect(parseCsv("a,b\r1,2\r")).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["1", "2"],
      ],
    });
  });

  test("keeps blank rows in the middle, so row numbers match the file", () => {
    expect(parseCsv("a\n\nb\n")).toEqual({ ok: true, rows: [["a"], [""], ["b"]] });
  });

  test("reads quoted cells with commas, doubled quotes and line breaks (RFC 4180)", () => {
    expect(parseCsv('name,note\n"Bristol, City of","said ""no""\nthen yes"\n')).toEqual({
      ok: true,
      rows: [
        ["name", "note"],
        ["Bristol, City of", 'said "no"\nthen yes'],
      ],
    });
  });

  test("keeps empty cells, quoted or not, and a quote inside an unquoted cell as typed", () => {
    expect(parseCsv('a,,""\n5" screen,x\n')).toEqual({
      ok: true,
      rows: [
        ["a", "", ""],
        ['5" screen', "x"],
      ],
    });
    expect(parseCsv("a,b,\n")).toEqual({ ok: true, rows: [["a", "b", ""]] });
  });

  test("refuses an unclosed quote and text after a closing quote, naming the row and column", () => {
    expect(parseCsv('a,b\n1,"2\n3,4\n')).toEqual({
      ok: false,
      errors: ['row 2, column B: a quoted value is not closed: expected a closing quote (")'],
    });
    expect(parseCsv('a,b\n"1"x,2\n3,"4"5\n')).toEqual({
      ok: false,
      errors: [
        "row 2, column A: expected a comma or the end of the row after the closing quote",
        "row 3, column B: expected a comma or the end of the row after the closing quote",
      ],
    });
  });

  test("an empty file has no rows", () => {
    expect(parseCsv("")).toEqual({ ok: true, rows: [] });
    expect(parseCsv("\uFEFF\r\n")).toEqual({ ok: true, rows: [] });
  });
});

describe("columnName", () => {
  test("numbers columns as spreadsheets do", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });
});
