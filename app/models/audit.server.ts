import type { Executor } from "../../db/schema";

export interface AuditEntry {
  userId: number | null;
  action: string;
  returnId?: number | null;
  roundId?: number | null;
  fieldKey?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  detail?: Record<string, unknown> | null;
}

/** Appends to the audit log; pass the transaction that makes the change so both land or neither does. */
export async function appendAudit(db: Executor, entries: AuditEntry | readonly AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  if (list.length === 0) return;
  const at = new Date().toISOString();
  await db
    .insertInto("audit_log")
    .values(
      list.map((entry) => ({
        at,
        user_id: entry.userId,
        action: entry.action,
        return_id: entry.returnId ?? null,
        round_id: entry.roundId ?? null,
        field_key: entry.fieldKey ?? null,
        old_value: entry.oldValue ?? null,
        new_value: entry.newValue ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
      })),
    )
    .execute();
}
