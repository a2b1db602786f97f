import { sql } from "kysely";
import type { Executor } from "../../db/schema";

/*
 * The throttle ledger: one row per key (e.g. "sign-in-account-ip:<email>|<address>") holding the
 * count of attempts in its current fixed window. Kept in the database so every app server sees the
 * same count, and taken with ONE statement, so two attempts at once can never both read a count
 * under the limit and both go on (the race of counting first and recording after).
 */

/**
 * Adds one attempt under the key and returns the count including it, all in one atomic upsert: a
 * window older than `windowStartedBefore` starts again at 1. On PostgreSQL concurrent upserts of one
 * key wait on its row lock; SQLite runs writes one at a time.
 */
export async function takeThrottleSlot(db: Executor, throttleKey: string, now: Date, windowStartedBefore: Date): Promise<number> {
  const at = now.toISOString();
  const cutoff = windowStartedBefore.toISOString();
  const row = await db
    .insertInto("throttle_counters")
    .values({ throttle_key: throttleKey, window_started_at: at, count: 1 })
    .onConflict((oc) =>
      oc.column("throttle_key").doUpdateSet({
        count: sql<number>`case when throttle_counters.window_started_at < ${cutoff} then 1 else throttle_counters.count + 1 end`,
        window_started_at: sql<string>`case when throttle_counters.window_started_at < ${cutoff} then ${at} else throttle_counters.window_started_at end`,
      }),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Gives back an attempt taken with takeThrottleSlot (it was refused, or it succeeded: not a failure). */
export async function releaseThrottleSlot(db: Executor, throttleKey: string): Promise<void> {
  await db
    .updateTable("throttle_counters")
    .set({ count: sql<number>`case when count > 0 then count - 1 else 0 end` })
    .where("throttle_key", "=", throttleKey)
    .execute();
}

export async function clearThrottle(db: Executor, throttleKey: string): Promise<void> {
  await db.deleteFrom("throttle_counters").where("throttle_key", "=", throttleKey).execute();
}

/** Windows that ended long ago count for nothing; drop them so the table stays small. */
export async function pruneThrottle(db: Executor, windowStartedBefore: Date): Promise<void> {
  await db.deleteFrom("throttle_counters").where("window_started_at", "<", windowStartedBefore.toISOString()).execute();
}

export interface ThrottleLimit {
  key: string;
  limit: number;
}

/**
 * Takes a slot under every key, in order; when one is over its limit, gives back every slot taken
 * (a refused attempt must not use up another key's allowance: one person locked out of their own
 * account must not lock out their office's address) and returns false.
 */
export async function takeThrottleSlots(
  db: Executor,
  limits: readonly ThrottleLimit[],
  now: Date,
  windowMinutes: number,
): Promise<boolean> {
  const windowStartedBefore = new Date(now.getTime() - windowMinutes * 60_000);
  const taken: string[] = [];
  for (const { key, limit } of limits) {
    const count = await takeThrottleSlot(db, key, now, windowStartedBefore);
    taken.push(key);
    if (count > limit) {
      for (const key of taken) await releaseThrottleSlot(db, key);
      return false;
    }
  }
  return true;
}
