/**
 * A returns file from its bytes to checked returns: the one path for the command line's import, a
 * member's upload and a coordinator's bulk upload. The bytes decide the format (domain/spreadsheet-file),
 * then CSV text or an Excel workbook becomes sheets of cells for the same core (domain/returns-file).
 */
import { type ReturnsFileContext, type ReturnsFileResult, parseReturnsCsv, parseReturnsSheets } from "../domain/returns-file";
import { identifyReturnsFile } from "../domain/spreadsheet-file";
import { WorkbookRefused, readXlsx } from "./xlsx.server";

export async function readReturnsFile(bytes: Uint8Array, context: ReturnsFileContext): Promise<ReturnsFileResult> {
  const identified = identifyReturnsFile(bytes);
  if (!identified.ok) return { ok: false, errors: [{ message: identified.message }] };
  if (identified.kind === "csv") return parseReturnsCsv(identified.text, context);
  let sheets;
  try {
    sheets = await readXlsx(bytes);
  } catch (error) {
    if (error instanceof WorkbookRefused) return { ok: false, errors: [{ message: error.message }] };
    return {
      ok: false,
      errors: [
        {
          message:
            "The selected file could not be read: it looks like a damaged Excel workbook. Open it in Excel, then save it as an Excel workbook (.xlsx) or as CSV, then upload that",
        },
      ],
    };
  }
  return parseReturnsSheets(sheets, context);
}
