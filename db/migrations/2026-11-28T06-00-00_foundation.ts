import { type Kysely, PostgresAdapter, sql } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

function identity(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "serial" : "integer";
}

export async function up(db: Kysely<any>): Promise<void> {
  const id = identity(db);
  const autoIncrement = id === "integer";
  const idColumn = (col: any) => (autoIncrement ? col.primaryKey().autoIncrement() : col.primaryKey());

  await db.schema
    .createTable("authorities")
    .addColumn("id", id, idColumn)
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("dfe_code", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("region_code", "text", (c) => c.notNull())
    .addColumn("region_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("groups")
    .addColumn("id", id, idColumn)
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('region', 'family')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("group_members")
    .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("group_members_pk", ["group_id", "authority_id"])
    .execute();

  await db.schema
    .createTable("statistical_neighbours")
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addColumn("neighbour_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
    .addColumn("rank", "integer", (c) => c.notNull())
    .addColumn("proximity", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("statistical_neighbours_pk", ["authority_id", "neighbour_id"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", id, idColumn)
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('member', 'regional_viewer', 'coordinator')`))
    .addColumn("authority_id", "integer", (c) => c.references("authorities.id"))
    .addColumn("group_id", "integer", (c) => c.references("groups.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("last_signed_in_at", "text")
    .addCheckConstraint(
      "users_scope",
      sql`(role = 'member' and authority_id is not null and group_id is null)
       or (role = 'regional_viewer' and group_id is not null and authority_id is null)
       or (role = 'coordinator' and authority_id is null and group_id is null)`,
    )
    .execute();

  await db.schema
    .createTable("rounds")
    .addColumn("id", id, idColumn)
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("financial_year", "text", (c) => c.notNull())
    .addColumn("question_set_version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'open', 'closed', 'published')`))
    .addColumn("opens_on", "text")
    .addColumn("closes_on", "text")
    .addColumn("base_year", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .execute();

  await db.schema
    .createTable("returns")
    .addColumn("id", id, idColumn)
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('not_started', 'draft', 'submitted', 'queried', 'approved')`))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("approved_at", "text")
    .addUniqueConstraint("returns_round_authority", ["round_id", "authority_id"])
    .execute();

  await db.schema
    .createTable("return_values")
    .addColumn("return_id", "integer", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("field_key", "text", (c) => c.notNull())
    .addColumn("number_value", "double precision")
    .addColumn("text_value", "text")
    .addColumn("boolean_value", "integer")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("return_values_pk", ["return_id", "field_key"])
    .addCheckConstraint(
      "return_values_one_value",
      sql`(case when number_value is null then 0 else 1 end
         + case when text_value is null then 0 else 1 end
         + case when boolean_value is null then 0 else 1 end) = 1`,
    )
    .execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", id, idColumn)
    .addColumn("return_id", "integer", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", id, idColumn)
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("return_id", "integer")
    .addColumn("round_id", "integer")
    .addColumn("field_key", "text")
    .addColumn("old_value", "text")
    .addColumn("new_value", "text")
    .addColumn("detail", "text")
    .execute();
  await db.schema.createIndex("audit_log_return").on("audit_log").columns(["return_id", "id"]).execute();

  await db.schema
    .createTable("deflators")
    .addColumn("financial_year", "text", (c) => c.primaryKey())
    .addColumn("index", "double precision", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("reference_sources")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("released_on", "text")
    .addColumn("loaded_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("return_metrics")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
    .addColumn("metric_key", "text", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("rank", "integer")
    .addColumn("quartile_band", "integer")
    .addColumn("percentile", "double precision")
    .addPrimaryKeyConstraint("return_metrics_pk", ["round_id", "authority_id", "metric_key"])
    .execute();
  await db.schema.createIndex("return_metrics_metric").on("return_metrics").columns(["round_id", "metric_key"]).execute();

  await db.schema
    .createTable("round_statistics")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("metric_key", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("min", "double precision", (c) => c.notNull())
    .addColumn("q1", "double precision", (c) => c.notNull())
    .addColumn("median", "double precision", (c) => c.notNull())
    .addColumn("q3", "double precision", (c) => c.notNull())
    .addColumn("max", "double precision", (c) => c.notNull())
    .addColumn("mean", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("round_statistics_pk", ["round_id", "metric_key"])
    .execute();

  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", id, idColumn)
    .addColumn("throttle_key", "text", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_attempts_key").on("sign_in_attempts").columns(["throttle_key", "attempted_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "sign_in_attempts",
    "round_statistics",
    "return_metrics",
    "reference_sources",
    "deflators",
    "audit_log",
    "comments",
    "return_values",
    "returns",
    "rounds",
    "users",
    "statistical_neighbours",
    "group_members",
    "groups",
    "authorities",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
