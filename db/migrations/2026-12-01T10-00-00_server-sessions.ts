import type { Kysely } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * Security hardening (issue 14):
 * - `sessions`: a server-side record of every signed-in session (the hash of the random id the
 *   signed cookie carries), so signing out, a password change and deactivation end sessions on the
 *   server, not only in the browser;
 * - `throttle_counters` replaces `sign_in_attempts`: one row per throttle key holding the count of
 *   its current window, taken with one atomic upsert, so parallel attempts cannot all pass;
 * - `service_secrets`: secrets generated once per database (the development pseudonym secret);
 * - `groups.updated_at`: stamped when a group or its membership changes, so cached results notice;
 * - `rounds.results_out_of_date_at`: a published round whose inputs changed since it was published
 *   (an earlier round's approved answers), shown to the coordinator instead of being recomputed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema.dropTable("sign_in_attempts").execute();
  await db.schema
    .createTable("throttle_counters")
    .addColumn("throttle_key", "text", (c) => c.primaryKey())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("throttle_counters_window").on("throttle_counters").column("window_started_at").execute();

  await db.schema
    .createTable("service_secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("groups").addColumn("updated_at", "text").execute();
  await db.schema.alterTable("rounds").addColumn("results_out_of_date_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("rounds").dropColumn("results_out_of_date_at").execute();
  await db.schema.alterTable("groups").dropColumn("updated_at").execute();
  await db.schema.dropTable("service_secrets").execute();
  await db.schema.dropTable("throttle_counters").execute();
  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("throttle_key", "text", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.dropTable("sessions").execute();
}
