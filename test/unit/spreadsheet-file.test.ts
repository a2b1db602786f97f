import { describe, expect, test } from "vitest";
import { MAX_RETURNS_FILE_BYTES, fileSizeRefusal, formatFileSize, identifyReturnsFile, listZipEntries } from "~/domain/spreadsheet-file";
import { zip } from "../support/workbooks";

const WORKBOOK_PARTS = { "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": "<worksheet/>" };

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

describe("identifyReturnsFile: the bytes decide, never the name", () => {
  test("reads UTF-8 text as CSV, and Windows-1252 text (Excel's CSV on Windows) with its £ signs", () => {
    expect(identifyReturnsFile(new TextEncoder().encode("authority_code,x\r\nE09000002,£5\r\n"))).toEqual({
      ok: true,
      kind: "csv",
      text: "authority_code,x\r\nE09000002,£5\r\n",
    });
    // "£1,000" in Windows-1252: £ is the single byte A3, which is not UTF-8
    expect(identifyReturnsFile(bytes(0xa3, 0x31, 0x2c, 0x30, 0x30, 0x30))).toEqual({ ok: true, kind: "csv", text: "£1,000" });
  });

  test("takes a ZIP holding a workbook part as an Excel workbook", () => {
    expect(identifyReturnsFile(zip(WORKBOOK_PARTS))).toEqual({ ok: true, kind: "xlsx" });
  });

  test("refuses an encrypted or legacy workbook (an OLE2 compound file)", () => {
    const ole2 = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);
    expect(identifyReturnsFile(ole2)).toEqual({
      ok: false,
      message:
        "The selected file is a password-protected workbook or an Excel 97-2003 workbook (.xls), which cannot be read: remove the password, or save it as an Excel workbook (.xlsx) or as CSV, then upload that",
    });
  });

  test("refuses a macro-enabled workbook, whatever it is called", () => {
    expect(identifyReturnsFile(zip({ ...WORKBOOK_PARTS, "xl/vbaProject.bin": "macros" }))).toEqual({
      ok: false,
      message:
        "The selected file is a macro-enabled workbook (.xlsm), which is not accepted because macros can run code: save it as an Excel workbook (.xlsx), then upload that",
    });
  });

  test("names other formats it recognises instead of reading them", () => {
    const message = (file: Uint8Array) => {
      const result = identifyReturnsFile(file);
      return result.ok ? null : result.message;
    };
    expect(message(zip({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>" }))).toMatch(
      /^The selected file is an OpenDocument file/,
    );
    expect(message(zip({ "[Content_Types].xml": "<Types/>", "xl/workbook.bin": "binary" }))).toMatch(
      /^The selected file is an Excel binary workbook \(\.xlsb\)/,
    );
    expect(message(zip({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>" }))).toMatch(
      /^The selected file is a Word document, not a spreadsheet/,
    );
    expect(message(zip({ "notes.txt": "hello" }))).toMatch(/^The selected file is a ZIP archive, not an Excel workbook/);
    expect(message(new TextEncoder().encode("%PDF-1.7"))).toBe(
      "The selected file is a PDF document, not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file",
    );
    expect(message(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a))).toMatch(/^The selected file is a PNG image/);
    expect(message(bytes(0x41, 0x00, 0x42))).toBe("The selected file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file");
    expect(message(bytes(0xff, 0xfe, 0x41, 0x00))).toMatch(/Unicode \(UTF-16\) text/);
  });

  test("refuses a workbook that would unpack to more than 100 MB, before unpacking it", () => {
    const archive = Buffer.from(zip(WORKBOOK_PARTS));
    // Claim 200 MB for the first part in the central directory, as a "zip bomb" would.
    archive.writeUInt32LE(200 * 1024 * 1024, archive.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    expect(identifyReturnsFile(archive)).toEqual({
      ok: false,
      message: "The selected workbook unpacks to 200.0 MB, too large to read: remove pictures and other sheets, or save it as CSV",
    });
  });

  test("refuses a damaged workbook: a ZIP whose directory is cut off", () => {
    const whole = zip(WORKBOOK_PARTS);
    expect(identifyReturnsFile(whole.subarray(0, whole.length - 30))).toEqual({
      ok: false,
      message:
        "The selected file could not be read: it looks like a damaged Excel workbook. Open it in Excel, then save it as an Excel workbook (.xlsx) or as CSV, then upload that",
    });
  });

  test("refuses empty files and files over 5 MB, saying how large they are", () => {
    expect(identifyReturnsFile(new Uint8Array(0))).toEqual({ ok: false, message: "The selected file is empty" });
    expect(fileSizeRefusal(MAX_RETURNS_FILE_BYTES)).toBeNull();
    expect(fileSizeRefusal(MAX_RETURNS_FILE_BYTES + 1)).toBe(
      "The selected file is 5.0 MB: it must be no larger than 5 MB. A return for every authority is well under 1 MB: remove pictures, pivot tables or other sheets",
    );
    expect(identifyReturnsFile(new Uint8Array(6 * 1024 * 1024))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The selected file is 6\.0 MB/),
    });
    expect([formatFileSize(1), formatFileSize(1536), formatFileSize(5.5 * 1024 * 1024)]).toEqual(["1 KB", "2 KB", "5.5 MB"]);
  });
});

describe("listZipEntries", () => {
  test("lists the names and unpacked sizes from the central directory without unpacking", () => {
    expect(listZipEntries(zip({ "a.xml": "12345", "b/c.xml": "" }))).toEqual([
      { name: "a.xml", uncompressedSize: 5, encrypted: false },
      { name: "b/c.xml", uncompressedSize: 0, encrypted: false },
    ]);
    expect(listZipEntries(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull();
  });
});
