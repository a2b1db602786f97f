import type { Transaction } from "kysely";
import type { Database, Executor, ReopenRequestStatus } from "../../db/schema";

export interface ReopenRequestView {
  id: number;
  reason: string;
  requestedAt: string;
  requestedBy: string | null;
  status: ReopenRequestStatus;
  decidedAt: string | null;
  decisionComment: string | null;
}

/** The return's latest request to reopen it, pending or decided; undefined when none was ever made. */
export async function findLatestReopenRequest(db: Executor, returnId: number): Promise<ReopenRequestView | undefined> {
  return db
    .selectFrom("reopen_requests")
    .leftJoin("users", "users.id", "reopen_requests.requested_by")
    .select([
      "reopen_requests.id",
      "reopen_requests.reason",
      "reopen_requests.requested_at as requestedAt",
      "users.name as requestedBy",
      "reopen_requests.status",
      "reopen_requests.decided_at as decidedAt",
      "reopen_requests.decision_comment as decisionComment",
    ])
    .where("reopen_requests.return_id", "=", returnId)
    .orderBy("reopen_requests.id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The authorities whose requests wait for a coordinator in a round, by authority id. */
export async function listPendingReopenAuthorities(db: Executor, roundId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom("reopen_requests")
    .innerJoin("returns", "returns.id", "reopen_requests.return_id")
    .select("returns.authority_id")
    .where("returns.round_id", "=", roundId)
    .where("reopen_requests.status", "=", "pending")
    .execute();
  return new Set(rows.map((row) => row.authority_id));
}

/** Stores a member's pending request to reopen their return; its id. */
export async function insertReopenRequest(
  trx: Transaction<Database>,
  input: { returnId: number; userId: number; reason: string },
): Promise<number> {
  const { id } = await trx
    .insertInto("reopen_requests")
    .values({
      return_id: input.returnId,
      requested_by: input.userId,
      reason: input.reason,
      requested_at: new Date().toISOString(),
      status: "pending",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Records a coordinator's decision on the return's request if it is still pending; whether it was. */
export async function markReopenRequestDecided(
  trx: Transaction<Database>,
  input: { requestId: number; returnId: number; decision: "granted" | "declined"; comment: string | null; coordinatorId: number },
): Promise<boolean> {
  const decided = await trx
    .updateTable("reopen_requests")
    .set({ status: input.decision, decided_by: input.coordinatorId, decided_at: new Date().toISOString(), decision_comment: input.comment })
    .where("id", "=", input.requestId)
    .where("return_id", "=", input.returnId)
    .where("status", "=", "pending")
    .returning("id")
    .executeTakeFirst();
  return decided !== undefined;
}
