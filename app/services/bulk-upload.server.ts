import type { RoundRow } from "../../db/schema";
import { getQuestionSet } from "../domain/question-set";
import { type FileIssue, describeIssue } from "../domain/returns-file";
import { canImportReturns } from "../domain/round-lifecycle";
import { listAuthorities } from "../models/authority.server";
import { importReturns } from "./returns-import.server";
import { readReturnsFile } from "../spreadsheets/returns-upload.server";
import type { Coordinator } from "../utils/auth.server";
import { getDb } from "../utils/db.server";
import { readUploadedFile } from "../utils/spreadsheet-http.server";
import { pluralise } from "../domain/format";

export type BulkUploadOutcome = { ok: true; notice: string } | { ok: false; errors: FileIssue[]; fileName: string | null };

/**
 * A coordinator's upload of many authorities' returns, with or without JavaScript: all or nothing.
 * Every row is checked as the command line's import checks it; if any has a problem nothing is
 * written, otherwise each row replaces its authority's return as approved and the round's metrics
 * are recomputed, in one transaction. Rows with required answers blank are imported, incomplete, and
 * named in the notice.
 */
export async function importUploadedReturns(request: Request, round: RoundRow, coordinator: Coordinator): Promise<BulkUploadOutcome> {
  if (!canImportReturns(round.status)) {
    return {
      ok: false,
      errors: [{ message: "This round's results are published: withdraw them before you upload returns" }],
      fileName: null,
    };
  }
  const file = await readUploadedFile(await request.formData());
  if (!file.ok) return { ok: false, errors: [{ message: file.message }], fileName: null };
  const db = getDb();
  const result = await readReturnsFile(file.bytes, {
    questionSet: getQuestionSet(round.question_set_version),
    authorityCodes: new Set((await listAuthorities(db)).map((authority) => authority.code.toUpperCase())),
    purpose: "approve",
    roundSlug: round.slug,
  });
  if (!result.ok) return { ok: false, errors: result.errors, fileName: file.name };
  await db
    .transaction()
    .execute((trx) => importReturns(trx, { round, returns: result.returns, fileName: file.name, actorId: coordinator.id }));
  const count = result.returns.length;
  const { skippedRows, warnings, notices } = result;
  const parts = [
    `${pluralise(count, "return", "returns")} imported from ${file.name} and approved; metrics recomputed`,
    skippedRows > 0 ? `${pluralise(skippedRows, "row", "rows")} without answers left out` : null,
    warnings.length > 0 ? `${pluralise(warnings.length, "warning", "warnings")} to review in the returns below` : null,
    notices.length > 0
      ? `${pluralise(notices.length, "return", "returns")} imported incomplete, without required answers (${notices.map(describeIssue).join("; ")})`
      : null,
  ];
  return { ok: true, notice: parts.filter((part) => part !== null).join("; ") };
}
