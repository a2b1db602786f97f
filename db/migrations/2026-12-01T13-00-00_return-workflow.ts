import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * A comment may name the answers it is about (a coordinator's query of particular fields), and a
 * member may ask for a submitted return to be reopened, which a coordinator grants or declines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const idColumn = (col: any) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement());
  // A JSON array of field keys, or null for a comment about the whole return.
  await db.schema.alterTable("comments").addColumn("field_keys", "text").execute();
  await db.schema
    .createTable("reopen_requests")
    .addColumn("id", postgres ? "serial" : "integer", idColumn)
    .addColumn("return_id", "integer", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("requested_by", "integer", (c) => c.references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'granted', 'declined')`))
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("decision_comment", "text")
    .execute();
  await db.schema.createIndex("reopen_requests_return").on("reopen_requests").columns(["return_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reopen_requests").execute();
  await db.schema.alterTable("comments").dropColumn("field_keys").execute();
}
