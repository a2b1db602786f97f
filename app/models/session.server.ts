import type { Kysely } from "kysely";
import { runPrepared } from "../../db/client";
import type { Database, Executor } from "../../db/schema";

/*
 * Server-side sessions: a row per signed-in session, keyed by the SHA-256 of the random id that the
 * signed cookie carries (so the table alone cannot be turned into cookies). A session exists exactly
 * while its row does: signing out deletes it; a password change, a reset and deactivation delete all
 * of the user's.
 */

export async function insertSession(
  db: Executor,
  input: { idHash: string; userId: number; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id_hash: input.idHash,
      user_id: input.userId,
      created_at: input.createdAt.toISOString(),
      expires_at: input.expiresAt.toISOString(),
    })
    .execute();
}

/**
 * The one database read of a request: the session's user, when the session is live and the user
 * active. Everything a request needs to know about who is asking comes from this query, so add to
 * it (another column, a sub-select) rather than adding a second lookup.
 */
export async function findSessionContext(db: Kysely<Database>, idHash: string, now: Date) {
  const query = db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.authority_id",
      "users.group_id",
      "sessions.expires_at as sessionExpiresAt",
    ])
    // The results version in the same round trip: stored pages are keyed by it (app/utils/stored-pages.server.ts).
    .select((eb) => eb.selectFrom("results_version").select("version").where("results_version.id", "=", 1).as("resultsVersion"))
    .where("sessions.id_hash", "=", idHash)
    .where("sessions.expires_at", ">", now.toISOString())
    .where("users.active", "=", 1);
  // Every request runs it: a prepared statement (db/client.ts).
  const { rows } = await runPrepared(db, "session_context", query);
  return rows[0];
}

/** The users with a live session (active users only), most recently signed in first: who is likely to look next. */
export async function listSignedInUsers(db: Executor, now: Date) {
  const rows = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.authority_id", "users.group_id"])
    .select((eb) => eb.fn.max("sessions.created_at").as("lastSignIn"))
    .where("sessions.expires_at", ">", now.toISOString())
    .where("users.active", "=", 1)
    .groupBy(["users.id", "users.email", "users.name", "users.role", "users.authority_id", "users.group_id"])
    .orderBy("lastSignIn", "desc")
    .execute();
  return rows.map(({ lastSignIn: _, ...user }) => user);
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

/** Ends every session of the user (or every one but `keepIdHash`); returns how many ended. */
export async function deleteUserSessions(db: Executor, userId: number, keepIdHash?: string): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepIdHash) query = query.where("id_hash", "!=", keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countUserSessions(db: Executor, userId: number, now = new Date()): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Expired sessions mean nothing; dropped now and then so the table stays small. */
export async function pruneExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
}
