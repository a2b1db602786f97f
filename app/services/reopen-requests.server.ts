import type { Kysely, Transaction } from "kysely";
import type { Database, ReturnRow, RoundRow } from "../../db/schema";
import { type OutgoingMessage, idempotencyKeys, returnLink, reviewLink } from "../domain/notifications";
import { appendAudit } from "../models/audit.server";
import { queueMessages } from "../models/outbox.server";
import { canRequestReopen } from "../domain/round-lifecycle";
import { findAuthorityById } from "../models/authority.server";
import { findLatestReopenRequest, insertReopenRequest, markReopenRequestDecided } from "../models/reopen-request.server";
import { findReturn, setReturnStatus } from "../models/return.server";
import { listActiveCoordinators, listActiveMembers } from "../models/user.server";

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
  const id = await insertReopenRequest(trx, { returnId: input.returnRow.id, userId: input.userId, reason: input.reason });
  await appendAudit(trx, {
    userId: input.userId,
    action: "return.reopen_requested",
    returnId: input.returnRow.id,
    roundId: input.round.id,
    newValue: input.reason,
  });
  const coordinators = await listActiveCoordinators(trx);
  const link = reviewLink(input.origin, input.round.slug, input.authority.code);
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
 * A member's request, from their return's page: refused ("not_allowed") unless their return is
 * submitted in an open round with no request already waiting; otherwise stored and sent on in one
 * transaction (the caller kicks the outbox).
 */
export async function requestMemberReopen(
  db: Kysely<Database>,
  input: { round: RoundRow; authorityId: number; userId: number; reason: string; origin: string },
): Promise<"sent" | "not_allowed"> {
  const returnRow = await findReturn(db, input.round.id, input.authorityId);
  const latest = returnRow ? await findLatestReopenRequest(db, returnRow.id) : undefined;
  if (!returnRow || !canRequestReopen(input.round.status, returnRow.status) || latest?.status === "pending") return "not_allowed";
  const authority = (await findAuthorityById(db, input.authorityId))!;
  await db
    .transaction()
    .execute((trx) =>
      requestReopen(trx, { round: input.round, returnRow, authority, userId: input.userId, reason: input.reason, origin: input.origin }),
    );
  return "sent";
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
  const decided = await markReopenRequestDecided(trx, {
    requestId: input.requestId,
    returnId: input.returnRow.id,
    decision: input.decision,
    comment: input.comment,
    coordinatorId: input.coordinatorId,
  });
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
  const members = await listActiveMembers(trx, { authorityId: input.returnRow.authority_id });
  const link = returnLink(input.origin, input.round.slug);
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
      idempotencyKey: idempotencyKeys.reopenDecided(input.requestId, member.userId),
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
