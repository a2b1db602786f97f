import { type Kysely, sql } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * One number that changes whenever anything a results page shows may have changed (a recompute,
 * publish, withdraw, deflators, renames, groups): stored pages are keyed by it, so bumping it in
 * the same transaction as the change is the only invalidation every app server needs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("results_version")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  await db.insertInto("results_version").values({ id: 1, version: 1 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("results_version").execute();
}
