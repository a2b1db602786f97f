import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * Email through GOV.UK Notify: the outbox every message is written to before it is sent, one-time
 * set-password links (stored as hashes), and each round's reminder setting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const idColumn = (col: any) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement());
  const id = postgres ? "serial" : "integer";

  await db.schema
    .createTable("outbox")
    .addColumn("id", id, idColumn)
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("personalisation", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('queued', 'sending', 'sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_at", "text")
    .addColumn("last_error", "text")
    .addColumn("notify_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("password_tokens")
    .addColumn("id", id, idColumn)
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('invite', 'password_reset')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("password_tokens_user").on("password_tokens").column("user_id").execute();

  await db.schema
    .alterTable("rounds")
    .addColumn("reminder_days_before", "integer", (c) => c.notNull().defaultTo(7))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("rounds").dropColumn("reminder_days_before").execute();
  await db.schema.dropTable("password_tokens").execute();
  await db.schema.dropTable("outbox").execute();
}
