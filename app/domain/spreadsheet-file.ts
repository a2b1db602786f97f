/**
 * What an uploaded or imported returns file is, decided from its bytes — never from its name or the
 * type the browser claims — and the refusals that come before any cell is read: too large, empty,
 * encrypted, macro-enabled, legacy or damaged workbooks, and files that are not spreadsheets at all.
 */

export const MAX_RETURNS_FILE_BYTES = 5 * 1024 * 1024;
/**
 * A workbook that unpacks to more than this (or one part of it to more than the entry limit) is
 * refused (a "zip bomb"): first on the sizes it declares, here, then on the bytes that really come
 * out of inflating it (spreadsheets/xlsx.server.ts), since a declared size can be a lie.
 */
export const MAX_UNPACKED_WORKBOOK_BYTES = 100 * 1024 * 1024;
export const MAX_UNPACKED_ENTRY_BYTES = 50 * 1024 * 1024;

export type IdentifiedFile = { ok: true; kind: "csv"; text: string } | { ok: true; kind: "xlsx" } | { ok: false; message: string };

const SAVE_AS = "save it as an Excel workbook (.xlsx) or as CSV, then upload that";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OTHER_FORMATS: ReadonlyArray<{ magic: readonly number[]; name: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], name: "a PDF document" },
  { magic: [0x89, 0x50, 0x4e, 0x47], name: "a PNG image" },
  { magic: [0xff, 0xd8, 0xff], name: "a JPEG image" },
  { magic: [0x47, 0x49, 0x46, 0x38], name: "a GIF image" },
  { magic: [0x1f, 0x8b], name: "a gzip archive" },
  { magic: [0x52, 0x61, 0x72, 0x21], name: "a RAR archive" },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], name: "a 7-Zip archive" },
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.length <= bytes.length && magic.every((byte, i) => bytes[i] === byte);
}

/** "4.2 MB": sizes as people read them, in the same megabytes as the limit. */
export function formatFileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The size rule alone, for checking a file before it is read (and in the browser before it is sent). */
export function fileSizeRefusal(bytes: number): string | null {
  if (bytes === 0) return "The selected file is empty";
  if (bytes > MAX_RETURNS_FILE_BYTES) {
    return `The selected file is ${formatFileSize(bytes)}: it must be no larger than 5 MB. A return for every authority is well under 1 MB: remove pictures, pivot tables or other sheets`;
  }
  return null;
}

export function identifyReturnsFile(bytes: Uint8Array): IdentifiedFile {
  const sizeRefusal = fileSizeRefusal(bytes.length);
  if (sizeRefusal) return { ok: false, message: sizeRefusal };
  if (startsWith(bytes, OLE2_MAGIC)) {
    return {
      ok: false,
      message: `The selected file is a password-protected workbook or an Excel 97-2003 workbook (.xls), which cannot be read: remove the password, or ${SAVE_AS}`,
    };
  }
  if (startsWith(bytes, ZIP_MAGIC)) return identifyWorkbook(bytes);
  const other = OTHER_FORMATS.find((format) => startsWith(bytes, format.magic));
  if (other)
    return { ok: false, message: `The selected file is ${other.name}, not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file` };
  return identifyText(bytes);
}

function identifyWorkbook(bytes: Uint8Array): IdentifiedFile {
  const entries = listZipEntries(bytes);
  const damaged = `The selected file could not be read: it looks like a damaged Excel workbook. Open it in Excel, then ${SAVE_AS}`;
  if (!entries) return { ok: false, message: damaged };
  const names = new Set(entries.map((entry) => entry.name));
  if (entries.some((entry) => entry.encrypted)) {
    return { ok: false, message: `The selected file is encrypted, which cannot be read: remove the password, or ${SAVE_AS}` };
  }
  if (entries.some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry.name) || entry.name.startsWith("xl/macrosheets/"))) {
    return {
      ok: false,
      message:
        "The selected file is a macro-enabled workbook (.xlsm), which is not accepted because macros can run code: save it as an Excel workbook (.xlsx), then upload that",
    };
  }
  if (names.has("xl/workbook.bin"))
    return { ok: false, message: `The selected file is an Excel binary workbook (.xlsb), which cannot be read: ${SAVE_AS}` };
  if (names.has("mimetype") && names.has("content.xml")) {
    return { ok: false, message: `The selected file is an OpenDocument file (such as .ods), which cannot be read: ${SAVE_AS}` };
  }
  if (names.has("word/document.xml"))
    return {
      ok: false,
      message: "The selected file is a Word document, not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file",
    };
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml")) {
    return {
      ok: false,
      message: "The selected file is a ZIP archive, not an Excel workbook: upload an Excel workbook (.xlsx) or a CSV file",
    };
  }
  const unpacked = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (unpacked > MAX_UNPACKED_WORKBOOK_BYTES) {
    return {
      ok: false,
      message: `The selected workbook unpacks to ${formatFileSize(unpacked)}, too large to read: remove pictures and other sheets, or save it as CSV`,
    };
  }
  return { ok: true, kind: "xlsx" };
}

/**
 * CSV is text: UTF-8 as most programs save it, or Windows-1252, which is what Excel's "CSV (Comma
 * delimited)" writes on Windows (a £ is then the single byte A3). NUL bytes mean it is not text.
 */
function identifyText(bytes: Uint8Array): IdentifiedFile {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return {
      ok: false,
      message:
        "The selected file is saved as Unicode (UTF-16) text, which cannot be read: save it as CSV UTF-8 (comma delimited), then upload that",
    };
  }
  if (bytes.includes(0))
    return { ok: false, message: "The selected file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return { ok: true, kind: "csv", text };
}

export interface ZipEntry {
  name: string;
  uncompressedSize: number;
  encrypted: boolean;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;

/**
 * The files in a ZIP archive, read from its central directory without unpacking anything; null when
 * the directory is missing or does not add up (a truncated or damaged file).
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end === -1) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (offset + size > end) return null;
  const entries: ZipEntry[] = [];
  let at = offset;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_DIRECTORY_HEADER) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      uncompressedSize: view.getUint32(at + 24, true),
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
