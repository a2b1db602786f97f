import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";

type Executor = Kysely<Database> | Transaction<Database>;

/*
 * The throttle ledger: one row per failed sign-in or password-reset request, under keys such as
 * "email:<address>", "ip:<address>" or "password-reset-ip:<address>". Kept in the database so
 * every app server sees the same count.
 */

/** Attempts under a key since `since`. */
export async function countAttempts(db: Executor, throttleKey: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("throttle_key", "=", throttleKey)
    .where("attempted_at", ">=", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function recordAttempts(db: Executor, throttleKeys: readonly string[]): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insertInto("sign_in_attempts")
    .values(throttleKeys.map((key) => ({ throttle_key: key, attempted_at: at })))
    .execute();
}

export async function clearAttempts(db: Executor, throttleKey: string): Promise<void> {
  await db.deleteFrom("sign_in_attempts").where("throttle_key", "=", throttleKey).execute();
}

/** Old attempts no longer count towards any window; drop them so the table stays small. */
export async function pruneAttempts(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom("sign_in_attempts").where("attempted_at", "<", before.toISOString()).execute();
}
