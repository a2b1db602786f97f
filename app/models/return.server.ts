import type { Kysely, Transaction } from "kysely";
import type { Database, ReturnRow, ReturnStatus, ReturnValueRow } from "../../db/schema";
import type { FieldValue, ReturnValues } from "../domain/values";
import { appendAudit } from "./audit.server";

type Executor = Kysely<Database> | Transaction<Database>;

export function decodeReturnValue(row: Pick<ReturnValueRow, "number_value" | "text_value" | "boolean_value">): FieldValue {
  if (row.number_value !== null) return Number(row.number_value);
  if (row.boolean_value !== null) return row.boolean_value === 1;
  return row.text_value;
}

function encodeReturnValue(value: Exclude<FieldValue, null>) {
  return {
    number_value: typeof value === "number" ? value : null,
    boolean_value: typeof value === "boolean" ? (value ? 1 : 0) : null,
    text_value: typeof value === "string" ? value : null,
  };
}

/** How a value is written in the audit log: a plain string anyone can read back. */
export function auditText(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

export async function findReturn(db: Executor, roundId: number, authorityId: number): Promise<ReturnRow | undefined> {
  return db
    .selectFrom("returns")
    .selectAll()
    .where("round_id", "=", roundId)
    .where("authority_id", "=", authorityId)
    .executeTakeFirst();
}

export async function readReturnValues(db: Executor, returnId: number): Promise<Record<string, FieldValue>> {
  const rows = await db.selectFrom("return_values").selectAll().where("return_id", "=", returnId).execute();
  return Object.fromEntries(rows.map((row) => [row.field_key, decodeReturnValue(row)]));
}

/**
 * Writes the given answers to a return (creating the return if needed), audits every field that
 * changed (old → new) and bumps the version. `null` clears an answer. With `replace`, answers not
 * given are cleared too (an imported row replaces the whole return). Run inside a transaction.
 */
export async function writeReturnValues(
  trx: Transaction<Database>,
  input: {
    roundId: number;
    authorityId: number;
    values: ReturnValues;
    status: ReturnStatus;
    actorId: number | null;
    replace?: boolean;
    action: string;
  },
): Promise<{ returnRow: ReturnRow; changedKeys: string[] }> {
  const now = new Date().toISOString();
  let returnRow = await findReturn(trx, input.roundId, input.authorityId);
  if (!returnRow) {
    returnRow = await trx
      .insertInto("returns")
      .values({
        round_id: input.roundId,
        authority_id: input.authorityId,
        status: input.status,
        version: 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const current = await readReturnValues(trx, returnRow.id);
  const next: Record<string, FieldValue | undefined> = input.replace
    ? { ...Object.fromEntries(Object.keys(current).map((key) => [key, null])), ...input.values }
    : { ...input.values };

  const changedKeys: string[] = [];
  const upserts: Array<{ field_key: string; value: Exclude<FieldValue, null> }> = [];
  const deletions: string[] = [];
  for (const [key, value] of Object.entries(next)) {
    const before = current[key] ?? null;
    const after = value ?? null;
    if (before === after) continue;
    changedKeys.push(key);
    if (after === null) deletions.push(key);
    else upserts.push({ field_key: key, value: after });
  }

  if (deletions.length > 0) {
    await trx.deleteFrom("return_values").where("return_id", "=", returnRow.id).where("field_key", "in", deletions).execute();
  }
  for (let i = 0; i < upserts.length; i += 100) {
    await trx
      .insertInto("return_values")
      .values(
        upserts.slice(i, i + 100).map((u) => ({
          return_id: returnRow.id,
          field_key: u.field_key,
          ...encodeReturnValue(u.value),
          updated_at: now,
          updated_by: input.actorId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["return_id", "field_key"]).doUpdateSet((eb) => ({
          number_value: eb.ref("excluded.number_value"),
          boolean_value: eb.ref("excluded.boolean_value"),
          text_value: eb.ref("excluded.text_value"),
          updated_at: eb.ref("excluded.updated_at"),
          updated_by: eb.ref("excluded.updated_by"),
        })),
      )
      .execute();
  }
  await appendAudit(
    trx,
    changedKeys.map((key) => ({
      userId: input.actorId,
      action: input.action,
      returnId: returnRow.id,
      roundId: input.roundId,
      fieldKey: key,
      oldValue: auditText(current[key]),
      newValue: auditText(next[key]),
    })),
  );
  const statusChanged = returnRow.status !== input.status;
  if (statusChanged) {
    await appendAudit(trx, {
      userId: input.actorId,
      action: "return.status",
      returnId: returnRow.id,
      roundId: input.roundId,
      oldValue: returnRow.status,
      newValue: input.status,
    });
  }
  const updated = await trx
    .updateTable("returns")
    .set({
      status: input.status,
      version: returnRow.version + 1,
      updated_at: now,
      ...(input.status === "submitted" && statusChanged ? { submitted_at: now } : {}),
      ...(input.status === "approved" && statusChanged ? { approved_at: now } : {}),
    })
    .where("id", "=", returnRow.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { returnRow: updated, changedKeys };
}
