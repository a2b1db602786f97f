import type { Transaction } from "kysely";
import type { Database, RoundRow } from "../../db/schema";
import type { ImportedReturn } from "../domain/returns-file";
import { canImportReturns } from "../domain/round-lifecycle";
import { appendAudit } from "../models/audit.server";
import { listAuthorities } from "../models/authority.server";
import { lockRoundForChange } from "../models/pipeline.server";
import { type RecomputeSummary, recomputeRoundsFrom } from "./recompute.server";
import { writeReturnValues } from "../models/return.server";

/**
 * Writes the returns of a file that parseReturnsGrid accepted: each replaces its authority's return
 * as approved, audited field by field like a form save; then the round and every later round are
 * recomputed. Everything happens in the caller's transaction, so a failure leaves nothing behind.
 */
export async function importReturns(
  trx: Transaction<Database>,
  input: { round: RoundRow; returns: readonly ImportedReturn[]; fileName: string; actorId: number | null },
): Promise<RecomputeSummary[]> {
  // Checked on the locked row inside the transaction, so the round cannot be published in between.
  const round = await lockRoundForChange(trx, input.round.id);
  if (!canImportReturns(round.status)) throw new Error(`Round ${round.slug} is published: withdraw it before importing`);
  const authorityIds = new Map((await listAuthorities(trx)).map((a) => [a.code.toUpperCase(), a.id]));
  for (const imported of input.returns) {
    const authorityId = authorityIds.get(imported.authorityCode);
    if (authorityId === undefined) throw new Error(`No authority has the code ${imported.authorityCode}`);
    await writeReturnValues(trx, {
      roundId: input.round.id,
      authorityId,
      values: imported.values,
      status: "approved",
      actorId: input.actorId,
      replace: true,
      action: "import",
    });
  }
  await appendAudit(trx, {
    userId: input.actorId,
    action: "round.import",
    roundId: input.round.id,
    detail: { file: input.fileName, returns: input.returns.length },
  });
  return recomputeRoundsFrom(trx, input.round.id);
}
