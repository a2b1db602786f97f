import type { Transaction } from "kysely";
import type { Database, Executor, ReopenRequestStatus, ReturnRow, RoundRow } from "../../db/schema";
import { type OutgoingMessage, idempotencyKeys } from "../domain/notifications";
import { appendAudit } from "./audit.server";
import { queueMessages } from "./outbox.server";
import { setReturnStatus } from "./return.server";

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

function returnLinks(origin: string, round: Pick<RoundRow, "slug">, authorityCode: string) {
  return {
    review: `${origin}/admin/rounds/${encodeURIComponent(round.slug)}/returns/${encodeURIComponent(authorityCode)}`,
    member: `${origin}/rounds/${encodeURIComponent(round.slug)}`,
  };
}

/**
 * A member asks for their submitted return to be reopened: the request is stored and audited, and
 * every active coordinator hears of it through the outbox, all in the caller's transaction.
 */
export async function requestReopen(
  trx: Transaction<Database>,
  input: {
    round: RoundRow;
    returnRow: ReturnRow;
    authority: { code: string; name: string };
    userId: number;
    reason: string;
    origin: string;
  },
): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await trx
    .insertInto("reopen_requests")
    .values({ return_id: input.returnRow.id, requested_by: input.userId, reason: input.reason, requested_at: now, status: "pending" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await appendAudit(trx, {
    userId: input.userId,
    action: "return.reopen_requested",
    returnId: input.returnRow.id,
    roundId: input.round.id,
    newValue: input.reason,
  });
  const coordinators = await trx
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("role", "=", "coordinator")
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
  const link = returnLinks(input.origin, input.round, input.authority.code).review;
  await queueMessages(
    trx,
    coordinators.map((coordinator): OutgoingMessage => ({
      kind: "reopen_requested",
      recipient: coordinator.email,
      personalisation: {
        name: coordinator.name,
        round_name: input.round.name,
        authority_name: input.authority.name,
        return_link: link,
        reason: input.reason,
      },
      idempotencyKey: idempotencyKeys.reopenRequested(id, coordinator.id),
    })),
  );
  return id;
}

/**
 * A coordinator's decision on a pending request. Granting puts the return back in the member's hands
 * (queried: they may change it and submit again); declining leaves it as it is. Either way the
 * decision is audited and the authority's active members are told, in the caller's transaction.
 * Returns the return as it now stands.
 */
export async function decideReopenRequest(
  trx: Transaction<Database>,
  input: {
    round: RoundRow;
    returnRow: ReturnRow;
    authority: { code: string; name: string };
    requestId: number;
    decision: "granted" | "declined";
    comment: string | null;
    coordinatorId: number;
    expectedVersion: number;
    origin: string;
  },
): Promise<ReturnRow> {
  const now = new Date().toISOString();
  const decided = await trx
    .updateTable("reopen_requests")
    .set({ status: input.decision, decided_by: input.coordinatorId, decided_at: now, decision_comment: input.comment })
    .where("id", "=", input.requestId)
    .where("return_id", "=", input.returnRow.id)
    .where("status", "=", "pending")
    .returning("id")
    .executeTakeFirst();
  if (!decided) throw new ReopenRequestAlreadyDecided();
  const returnRow =
    input.decision === "granted"
      ? await setReturnStatus(trx, {
          returnRow: input.returnRow,
          to: "queried",
          actorId: input.coordinatorId,
          expectedVersion: input.expectedVersion,
        })
      : input.returnRow;
  await appendAudit(trx, {
    userId: input.coordinatorId,
    action: `return.reopen_${input.decision}`,
    returnId: input.returnRow.id,
    roundId: input.round.id,
    newValue: input.comment,
  });
  const members = await trx
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("role", "=", "member")
    .where("active", "=", 1)
    .where("authority_id", "=", input.returnRow.authority_id)
    .orderBy("id")
    .execute();
  const link = returnLinks(input.origin, input.round, input.authority.code).member;
  await queueMessages(
    trx,
    members.map((member): OutgoingMessage => ({
      kind: "reopen_decided",
      recipient: member.email,
      personalisation: {
        name: member.name,
        round_name: input.round.name,
        authority_name: input.authority.name,
        return_link: link,
        decision: input.decision,
        comment: input.comment ?? "No comment",
      },
      idempotencyKey: idempotencyKeys.reopenDecided(input.requestId, member.id),
    })),
  );
  return returnRow;
}

/** Someone decided the request first (or it was never pending): nothing was changed. */
export class ReopenRequestAlreadyDecided extends Error {
  constructor() {
    super("This request has already been decided");
  }
}
