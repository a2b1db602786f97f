import type { Kysely } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

/**
 * Which authorities stand behind each group's figures in a published round, written when the round
 * is first published and kept (domain spec §5.3 rule 4): a return approved later never slips into a
 * group figure already offered, so no two versions of one figure differ by one council. `set_key` is
 * "network", "group:<id>" or "neighbours:<authority id>".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("round_contributors")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("set_key", "text", (c) => c.notNull())
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("round_contributors_pk", ["round_id", "set_key", "authority_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("round_contributors").execute();
}
