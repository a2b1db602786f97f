import type { Kysely } from "kysely";
import type { Database, OutboxRow, OutboxStatus } from "../../db/schema";
import { PERSONALISATION_SCHEMAS, afterFailure, parseMessageKind } from "../domain/notifications";
import { claimDueMessages, failInterruptedMessages, recordMessageFailure, recordMessageSent } from "../models/outbox.server";
import type { EmailSender, SendResult } from "../utils/notify.server";

/** Delivering the outbox: claimed rows (models/outbox.server.ts) sent through Notify, and what came of each recorded. */

async function sendClaimed(db: Kysely<Database>, sender: EmailSender, message: OutboxRow, now: Date): Promise<OutboxStatus> {
  let result: SendResult;
  let personalisation: Record<string, string> = {};
  try {
    const kind = parseMessageKind(message.kind);
    personalisation = PERSONALISATION_SCHEMAS[kind].parse(JSON.parse(message.personalisation));
    result = await sender.send({ kind, recipient: message.recipient, personalisation, reference: message.idempotency_key });
  } catch (error) {
    // Whatever went wrong here, the message stays in the table with the reason: never lost.
    result = { ok: false, httpStatus: undefined, error: `Could not send: ${(error as Error).message}` };
  }
  if (result.ok) {
    await recordMessageSent(db, message.id, { notifyId: result.notifyId, personalisation });
    return "sent";
  }
  const next = afterFailure({ attempts: message.attempts, httpStatus: result.httpStatus, now });
  await recordMessageFailure(db, message, { error: result.error, next });
  return next.status;
}

export type DeliverySummary = Record<"sent" | "queued" | "failed", number>;

/**
 * Sends every message due at `now`, a batch at a time: each is claimed, sent, then recorded as sent,
 * queued again for a later try (with backoff) or failed with Notify's message.
 */
export async function deliverDueMessages(
  db: Kysely<Database>,
  sender: EmailSender,
  now = new Date(),
  batchSize = 20,
): Promise<DeliverySummary> {
  await failInterruptedMessages(db, now);
  const summary: DeliverySummary = { sent: 0, queued: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDueMessages(db, now, batchSize);
    if (claimed.length === 0) return summary;
    for (const message of claimed) {
      const status = await sendClaimed(db, sender, message, now);
      if (status !== "sending") summary[status] += 1;
    }
  }
}
