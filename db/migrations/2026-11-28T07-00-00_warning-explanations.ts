import type { Kysely } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/** A member's written explanation of a validation warning, matched to the warning by its stable id. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("warning_explanations")
    .addColumn("return_id", "integer", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("warning_id", "text", (c) => c.notNull())
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("warning_explanations_pk", ["return_id", "warning_id"])
    .execute();
  await db.schema.createIndex("comments_return").on("comments").columns(["return_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("comments_return").execute();
  await db.schema.dropTable("warning_explanations").execute();
}
