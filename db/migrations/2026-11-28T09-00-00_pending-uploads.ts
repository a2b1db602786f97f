import type { Kysely } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * A member's uploaded return between the preview and the confirmation: the parsed answers, keyed by
 * a random token, for the user who uploaded them, until they expire.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pending_uploads")
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pending_uploads_expires").on("pending_uploads").column("expires_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pending_uploads").execute();
}
