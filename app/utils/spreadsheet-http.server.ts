import { z } from "zod";
import { type CsvCell, formatCsv } from "../domain/csv";
import type { WorkbookSpec } from "../domain/workbook";
import { XLSX_CONTENT_TYPE, writeXlsx } from "../spreadsheets/xlsx.server";

export const SPREADSHEET_FORMATS = ["csv", "xlsx"] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

const formatSchema = z.enum(SPREADSHEET_FORMATS).catch("csv");

/** `?format=xlsx` or CSV, the default. */
export function requestedFormat(request: Request): SpreadsheetFormat {
  return formatSchema.parse(new URL(request.url).searchParams.get("format") ?? undefined);
}

/** A download: CSV rows or a workbook, named `name.csv` / `name.xlsx`, never cached. */
export async function spreadsheetResponse(
  name: string,
  file: { csv: readonly (readonly CsvCell[])[] } | { xlsx: WorkbookSpec },
): Promise<Response> {
  const safeName = name.replace(/[^a-z0-9.-]+/gi, "_");
  const [body, type, extension]: [BodyInit, string, string] =
    "csv" in file
      ? [formatCsv(file.csv), "text/csv; charset=utf-8", "csv"]
      : [new Uint8Array(await writeXlsx(file.xlsx)), XLSX_CONTENT_TYPE, "xlsx"];
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${safeName}.${extension}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

const SELECT_A_FILE = "Select a CSV or Excel file";
/** A form's `file` input (multipart): conform's `parseWithZod` takes it, and `readUploadedFile` below. */
export const spreadsheetUploadSchema = z.object({
  file: z.file({ error: SELECT_A_FILE }).refine((file) => file.size > 0 || file.name !== "", SELECT_A_FILE),
});

export type UploadedFile = { ok: true; name: string; bytes: Uint8Array } | { ok: false; message: string };

/** The file from a form's `file` input (multipart), or what to say when there is none. */
export async function readUploadedFile(formData: FormData): Promise<UploadedFile> {
  const parsed = spreadsheetUploadSchema.safeParse({ file: formData.get("file") });
  if (!parsed.success) return { ok: false, message: SELECT_A_FILE };
  return uploadedFile(parsed.data.file);
}

/** A chosen file's name (trimmed, at most 200 characters) and bytes. */
export async function uploadedFile(file: File): Promise<{ ok: true; name: string; bytes: Uint8Array }> {
  return { ok: true, name: file.name.trim().slice(0, 200) || "upload", bytes: new Uint8Array(await file.arrayBuffer()) };
}
