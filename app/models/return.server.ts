import type { Transaction } from "kysely";
import type { Database, Executor, ReturnRow, ReturnStatus, ReturnValueRow } from "../../db/schema";
import type { FieldValue, ReturnValues } from "../domain/values";
import { appendAudit } from "./audit.server";

/** A save based on a version of the return that is no longer the stored one. */
export class StaleReturnError extends Error {
  constructor(readonly storedVersion: number) {
    super("Someone else changed this return since you opened it");
  }
}

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
  return db.selectFrom("returns").selectAll().where("round_id", "=", roundId).where("authority_id", "=", authorityId).executeTakeFirst();
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
    /** The version the user's form was based on; a different stored version refuses the write. */
    expectedVersion?: number;
  },
): Promise<{ returnRow: ReturnRow; changedKeys: string[] }> {
  const now = new Date().toISOString();
  let returnRow = await findReturn(trx, input.roundId, input.authorityId);
  const storedVersion = returnRow?.version ?? 0;
  if (input.expectedVersion !== undefined && input.expectedVersion !== storedVersion) {
    throw new StaleReturnError(storedVersion);
  }
  if (!returnRow) {
    // Two first saves at once on PostgreSQL: the second insert waits for the first to commit and
    // then inserts nothing, so its save was based on a return that no longer is the stored one.
    const created = await trx
      .insertInto("returns")
      .values({
        round_id: input.roundId,
        authority_id: input.authorityId,
        status: input.status,
        version: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["round_id", "authority_id"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!created) throw new StaleReturnError((await findReturn(trx, input.roundId, input.authorityId))?.version ?? 0);
    returnRow = created;
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
    // A concurrent writer that got in first has bumped the version: refuse rather than overwrite.
    .where("version", "=", returnRow.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new StaleReturnError(returnRow.version + 1);
  return { returnRow: updated, changedKeys };
}

/**
 * Moves a return to a new status (submit, query, approve, un-approve), audited, bumping the
 * version so forms opened before the change are refused. Refuses if the stored version has moved.
 */
export async function setReturnStatus(
  trx: Transaction<Database>,
  input: { returnRow: ReturnRow; to: ReturnStatus; actorId: number; expectedVersion: number },
): Promise<ReturnRow> {
  const { returnRow, to } = input;
  const now = new Date().toISOString();
  const updated = await trx
    .updateTable("returns")
    .set({
      status: to,
      version: returnRow.version + 1,
      updated_at: now,
      ...(to === "submitted" ? { submitted_at: now } : {}),
      ...(to === "approved" ? { approved_at: now } : { approved_at: null }),
    })
    .where("id", "=", returnRow.id)
    .where("version", "=", input.expectedVersion)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new StaleReturnError(returnRow.version);
  await appendAudit(trx, {
    userId: input.actorId,
    action: "return.status",
    returnId: returnRow.id,
    roundId: returnRow.round_id,
    oldValue: returnRow.status,
    newValue: to,
  });
  return updated;
}

export async function listExplanations(db: Executor, returnId: number): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom("warning_explanations")
    .select(["warning_id", "explanation"])
    .where("return_id", "=", returnId)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.warning_id, row.explanation]));
}

/** Which warnings each authority has explained in a round's returns. */
export async function listRoundWarningExplanations(
  db: Executor,
  roundId: number,
): Promise<Array<{ authorityId: number; warningId: string }>> {
  const rows = await db
    .selectFrom("warning_explanations")
    .innerJoin("returns", "returns.id", "warning_explanations.return_id")
    .select(["returns.authority_id", "warning_explanations.warning_id"])
    .where("returns.round_id", "=", roundId)
    .execute();
  return rows.map((row) => ({ authorityId: row.authority_id, warningId: row.warning_id }));
}

/** Stores the member's explanation of each warning, audited like any other answer. */
export async function saveExplanations(
  trx: Transaction<Database>,
  /** actorId null: written by the system (the demo seed), not a user. */
  input: { returnRow: ReturnRow; explanations: Readonly<Record<string, string>>; actorId: number | null },
): Promise<void> {
  const before = await listExplanations(trx, input.returnRow.id);
  const now = new Date().toISOString();
  for (const [warningId, explanation] of Object.entries(input.explanations)) {
    if (before[warningId] === explanation) continue;
    await trx
      .insertInto("warning_explanations")
      .values({ return_id: input.returnRow.id, warning_id: warningId, explanation, updated_at: now, updated_by: input.actorId })
      .onConflict((oc) => oc.columns(["return_id", "warning_id"]).doUpdateSet({ explanation, updated_at: now, updated_by: input.actorId }))
      .execute();
    await appendAudit(trx, {
      userId: input.actorId,
      action: "return.explanation",
      returnId: input.returnRow.id,
      roundId: input.returnRow.round_id,
      fieldKey: warningId,
      oldValue: before[warningId] ?? null,
      newValue: explanation,
    });
  }
}

/** Values of the authority's latest approved return in a round with an earlier financial year, for the 50 % change check. */
export async function findPreviousApprovedValues(
  db: Executor,
  input: { financialYear: string; authorityId: number },
): Promise<Record<string, FieldValue> | undefined> {
  const previous = await db
    .selectFrom("returns")
    .innerJoin("rounds", "rounds.id", "returns.round_id")
    .select("returns.id")
    .where("returns.authority_id", "=", input.authorityId)
    .where("returns.status", "=", "approved")
    .where("rounds.financial_year", "<", input.financialYear)
    .orderBy("rounds.financial_year", "desc")
    .executeTakeFirst();
  return previous ? readReturnValues(db, previous.id) : undefined;
}

/** Values of every return in a round with one of the given statuses, keyed by authority id (one query). */
export async function readRoundValues(
  db: Executor,
  roundId: number,
  statuses: readonly ReturnStatus[],
): Promise<Map<number, Record<string, FieldValue>>> {
  const rows = await db
    .selectFrom("return_values")
    .innerJoin("returns", "returns.id", "return_values.return_id")
    .select([
      "returns.authority_id",
      "return_values.field_key",
      "return_values.number_value",
      "return_values.text_value",
      "return_values.boolean_value",
    ])
    .where("returns.round_id", "=", roundId)
    .where("returns.status", "in", [...statuses])
    .execute();
  return valuesByAuthority(rows);
}

type AnswerRow = { authority_id: number; field_key: string } & Pick<ReturnValueRow, "number_value" | "text_value" | "boolean_value">;

/** Answer rows gathered into one plain object of values per authority. */
function valuesByAuthority(rows: Iterable<AnswerRow>): Map<number, Record<string, FieldValue>> {
  const byAuthority = new Map<number, Record<string, FieldValue>>();
  for (const row of rows) {
    const values = byAuthority.get(row.authority_id) ?? {};
    values[row.field_key] = decodeReturnValue(row);
    byAuthority.set(row.authority_id, values);
  }
  return byAuthority;
}

/** A round's approved returns with their authorities' codes, in code order: what exports of returns hold. */
export async function listApprovedReturns(
  db: Executor,
  roundId: number,
): Promise<Array<{ authorityCode: string; values: Record<string, FieldValue> }>> {
  const [authorities, values] = await Promise.all([
    db.selectFrom("authorities").select(["id", "code"]).execute(),
    readRoundValues(db, roundId, ["approved"]),
  ]);
  const codes = new Map(authorities.map((authority) => [authority.id, authority.code]));
  return [...values]
    .map(([authorityId, answers]) => ({ authorityCode: codes.get(authorityId)!, values: answers }))
    .sort((a, b) => (a.authorityCode < b.authorityCode ? -1 : a.authorityCode > b.authorityCode ? 1 : 0));
}

export interface RoundReturnSummary {
  authorityId: number;
  authorityCode: string;
  authorityName: string;
  regionCode: string;
  regionName: string;
  returnId: number | null;
  status: ReturnStatus;
  updatedAt: string | null;
}

/** Every authority with its return's status in the round (not started where there is none). */
export async function listRoundReturns(db: Executor, roundId: number): Promise<RoundReturnSummary[]> {
  const rows = await db
    .selectFrom("authorities")
    .leftJoin("returns", (join) => join.onRef("returns.authority_id", "=", "authorities.id").on("returns.round_id", "=", roundId))
    .select([
      "authorities.id as authorityId",
      "authorities.code as authorityCode",
      "authorities.name as authorityName",
      "authorities.region_code as regionCode",
      "authorities.region_name as regionName",
      "returns.id as returnId",
      "returns.status",
      "returns.updated_at as updatedAt",
    ])
    .orderBy("authorities.name")
    .execute();
  return rows.map((row) => ({ ...row, status: row.status ?? "not_started" }));
}

export interface AuditHistoryEntry {
  at: string;
  userName: string | null;
  action: string;
  fieldKey: string | null;
  oldValue: string | null;
  newValue: string | null;
}

export async function listReturnHistory(db: Executor, returnId: number): Promise<AuditHistoryEntry[]> {
  return db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .select([
      "audit_log.at",
      "users.name as userName",
      "audit_log.action",
      "audit_log.field_key as fieldKey",
      "audit_log.old_value as oldValue",
      "audit_log.new_value as newValue",
    ])
    .where("audit_log.return_id", "=", returnId)
    .orderBy("audit_log.id", "desc")
    .execute();
}

/**
 * Each authority's latest approved return from a round with an earlier financial year (one query),
 * for the 50 % change check across a whole round.
 */
export async function readPreviousApprovedValuesByAuthority(
  db: Executor,
  financialYear: string,
): Promise<Map<number, Record<string, FieldValue>>> {
  const rows = await db
    .selectFrom("return_values")
    .innerJoin("returns", "returns.id", "return_values.return_id")
    .innerJoin("rounds", "rounds.id", "returns.round_id")
    .select([
      "returns.authority_id",
      "rounds.financial_year",
      "return_values.field_key",
      "return_values.number_value",
      "return_values.text_value",
      "return_values.boolean_value",
    ])
    .where("returns.status", "=", "approved")
    .where("rounds.financial_year", "<", financialYear)
    .orderBy("rounds.financial_year", "desc")
    .execute();
  const latestYear = new Map<number, string>();
  // Rows come newest year first: keep each authority's first (latest) year only.
  const latest = rows.filter((row) => {
    const year = latestYear.get(row.authority_id) ?? row.financial_year;
    latestYear.set(row.authority_id, year);
    return row.financial_year === year;
  });
  return valuesByAuthority(latest);
}
