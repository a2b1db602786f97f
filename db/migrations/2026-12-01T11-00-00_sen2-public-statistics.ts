import { type Kysely, PostgresAdapter } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * DfE SEN2 public statistics (domain spec §8), kept apart from returns: one row per release loaded,
 * and its figures by January census, authority (today's code; England as E92000001) and breakdown
 * (`ehcp.total` or an `ehcp.age.*`, `ehcp.setting.*`, `ehcp.need.*` key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("sen2_releases")
    .addColumn("id", postgres ? "serial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("reporting_year", "integer", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("files", "text", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("figure_count", "integer", (c) => c.notNull())
    .addColumn("loaded_at", "text", (c) => c.notNull())
    .addColumn("loaded_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createTable("sen2_figures")
    .addColumn("release_id", "integer", (c) => c.notNull().references("sen2_releases.id").onDelete("cascade"))
    .addColumn("census_year", "integer", (c) => c.notNull())
    .addColumn("authority_code", "text", (c) => c.notNull())
    .addColumn("breakdown", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("sen2_figures_pk", ["release_id", "census_year", "authority_code", "breakdown"])
    .execute();
  await db.schema.createIndex("sen2_figures_authority").on("sen2_figures").columns(["authority_code", "breakdown"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sen2_figures").execute();
  await db.schema.dropTable("sen2_releases").execute();
}
