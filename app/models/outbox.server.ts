import type { Kysely, Transaction } from "kysely";
import type { Database, Executor, OutboxRow, OutboxStatus } from "../../db/schema";
import {
  type AfterFailure,
  INTERRUPTED_ERROR,
  type MessageKind,
  type OutgoingMessage,
  PERSONALISATION_SCHEMAS,
  SENDING_LEASE_MINUTES,
  REDACTED,
  redactSecrets,
  parseMessageKind,
  redactedPersonalisationJson,
} from "../domain/notifications";

/**
 * Writes messages to the outbox, in the caller's transaction, so they exist exactly when the change
 * that caused them is committed. A key already in the outbox is skipped: that message was queued
 * before and is never sent twice. Returns how many were new.
 */
export async function queueMessages(trx: Transaction<Database>, messages: readonly OutgoingMessage[], now = new Date()): Promise<number> {
  let queued = 0;
  const at = now.toISOString();
  for (let i = 0; i < messages.length; i += 100) {
    const inserted = await trx
      .insertInto("outbox")
      .values(
        messages.slice(i, i + 100).map((message) => ({
          recipient: message.recipient,
          kind: message.kind,
          personalisation: JSON.stringify(PERSONALISATION_SCHEMAS[message.kind].parse(message.personalisation)),
          idempotency_key: message.idempotencyKey,
          status: "queued" as const,
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .returning("id")
      .execute();
    queued += inserted.length;
  }
  return queued;
}

/** Which of these keys are already in the outbox (queued, sent or failed). */
export async function findQueuedKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom("outbox")
      .select("idempotency_key")
      .where("idempotency_key", "in", keys.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.idempotency_key);
  }
  return found;
}

/**
 * Claims up to `limit` due messages for this sender. The UPDATE only takes rows still queued, so
 * when several app servers claim at once over one PostgreSQL, the row lock makes the later UPDATE
 * re-check `status = 'queued'`, find it false and skip the row: each message has one sender.
 */
export async function claimDueMessages(db: Kysely<Database>, now: Date, limit: number): Promise<OutboxRow[]> {
  const at = now.toISOString();
  return db
    .updateTable("outbox")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), claimed_at: at, updated_at: at }))
    .where("id", "in", (eb) =>
      eb.selectFrom("outbox").select("id").where("status", "=", "queued").where("next_attempt_at", "<=", at).orderBy("id").limit(limit),
    )
    .where("status", "=", "queued")
    .returningAll()
    .execute();
}

/**
 * A message left "sending" long past any request's timeout belongs to a sender that died. It is
 * marked failed, not sent again automatically: Notify may have accepted it before the crash.
 */
export async function failInterruptedMessages(db: Kysely<Database>, now: Date): Promise<void> {
  const at = now.toISOString();
  const interrupted = await db
    .updateTable("outbox")
    .set({ status: "failed", last_error: INTERRUPTED_ERROR, claimed_at: null, updated_at: at })
    .where("status", "=", "sending")
    .where("claimed_at", "<", new Date(now.getTime() - SENDING_LEASE_MINUTES * 60_000).toISOString())
    .returning(["id", "personalisation"])
    .execute();
  for (const row of interrupted) {
    await db
      .updateTable("outbox")
      .set({ personalisation: redactedPersonalisationJson(row.personalisation) })
      .where("id", "=", row.id)
      .execute();
  }
}

/** Records a claimed message as sent (its personalisation stored with its secrets blanked). */
export async function recordMessageSent(
  db: Executor,
  id: number,
  input: { notifyId: string | null; personalisation: Record<string, string> },
): Promise<void> {
  const at = new Date().toISOString();
  await db
    .updateTable("outbox")
    .where("id", "=", id)
    .where("status", "=", "sending")
    .set({
      status: "sent",
      notify_id: input.notifyId,
      last_error: null,
      claimed_at: null,
      sent_at: at,
      updated_at: at,
      personalisation: JSON.stringify(redactSecrets(input.personalisation)),
    })
    .execute();
}

/** Records a failed send of a claimed message: queued again at `nextAttemptAt`, or failed for good with its secrets blanked. */
export async function recordMessageFailure(
  db: Executor,
  message: Pick<OutboxRow, "id" | "personalisation">,
  input: { error: string; next: AfterFailure },
): Promise<void> {
  const at = new Date().toISOString();
  await db
    .updateTable("outbox")
    .where("id", "=", message.id)
    .where("status", "=", "sending")
    .set({
      status: input.next.status,
      last_error: input.error,
      claimed_at: null,
      updated_at: at,
      ...(input.next.status === "queued"
        ? { next_attempt_at: input.next.nextAttemptAt.toISOString() }
        : { personalisation: redactedPersonalisationJson(message.personalisation) }),
    })
    .execute();
}

/**
 * Puts failed messages back in the queue, due now, with a fresh set of tries (all failed messages
 * when `ids` is absent). Returns how many were re-queued. A failed set-password email is not among
 * them: its link was removed when it failed, so the user needs a new one (invite again, or reset).
 */
export async function retryFailedMessages(db: Executor, ids?: readonly number[], now = new Date()): Promise<number> {
  if (ids && ids.length === 0) return 0;
  let query = db
    .updateTable("outbox")
    .set({ status: "queued", attempts: 0, next_attempt_at: now.toISOString(), updated_at: now.toISOString() })
    .where("status", "=", "failed")
    .where("personalisation", "not like", `%${REDACTED}%`);
  if (ids) query = query.where("id", "in", [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Makes every queued message due now (for the command line's `outbox retry`, which does not wait out backoff). */
export async function makeQueuedMessagesDue(db: Executor, now = new Date()): Promise<void> {
  await db.updateTable("outbox").set({ next_attempt_at: now.toISOString() }).where("status", "=", "queued").execute();
}

export interface OutboxListItem {
  id: number;
  recipient: string;
  kind: MessageKind;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  notifyId: string | null;
  personalisation: Record<string, string>;
}

export const OUTBOX_PAGE_SIZE = 200;

/** The newest messages first, optionally of one status. */
export async function listOutbox(db: Executor, status?: OutboxStatus): Promise<OutboxListItem[]> {
  let query = db.selectFrom("outbox").selectAll().orderBy("id", "desc").limit(OUTBOX_PAGE_SIZE);
  if (status) query = query.where("status", "=", status);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    recipient: row.recipient,
    kind: parseMessageKind(row.kind),
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    notifyId: row.notify_id,
    personalisation: JSON.parse(row.personalisation) as Record<string, string>,
  }));
}

export async function countOutboxByStatus(db: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom("outbox")
    .select(["status"])
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .groupBy("status")
    .execute();
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
