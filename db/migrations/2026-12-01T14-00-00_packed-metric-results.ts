import type { Kysely } from "kysely";

// Frozen in time: this migration uses Kysely<any> and never the application's types.

interface PackedColumns {
  authorityIds: number[];
  values: number[];
  ranks: Array<number | null>;
  quartileBands: Array<number | null>;
  percentiles: Array<number | null>;
}

/**
 * A round's metric results, one row per (round, metric) holding every authority's value, rank,
 * quartile band and percentile as JSON columns, instead of one row per (round, authority, metric):
 * a recompute writes about 100 rows instead of 11,800 (docs/decisions/006-packed-metric-results.md).
 * Existing results are carried over unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("round_metric_results")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("metric_key", "text", (c) => c.notNull())
    .addColumn("results", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("round_metric_results_pk", ["round_id", "metric_key"])
    .execute();

  const rows = await db
    .selectFrom("return_metrics")
    .select(["round_id", "authority_id", "metric_key", "value", "rank", "quartile_band", "percentile"])
    .orderBy("round_id")
    .orderBy("metric_key")
    .orderBy("authority_id")
    .execute();
  const packed = new Map<string, { round_id: number; metric_key: string; columns: PackedColumns }>();
  for (const row of rows) {
    const key = `${row.round_id}|${row.metric_key}`;
    let entry = packed.get(key);
    if (!entry) {
      entry = {
        round_id: row.round_id,
        metric_key: row.metric_key,
        columns: { authorityIds: [], values: [], ranks: [], quartileBands: [], percentiles: [] },
      };
      packed.set(key, entry);
    }
    entry.columns.authorityIds.push(Number(row.authority_id));
    entry.columns.values.push(Number(row.value));
    entry.columns.ranks.push(row.rank === null ? null : Number(row.rank));
    entry.columns.quartileBands.push(row.quartile_band === null ? null : Number(row.quartile_band));
    entry.columns.percentiles.push(row.percentile === null ? null : Number(row.percentile));
  }
  const inserts = [...packed.values()].map((e) => ({ round_id: e.round_id, metric_key: e.metric_key, results: JSON.stringify(e.columns) }));
  for (let i = 0; i < inserts.length; i += 500)
    await db
      .insertInto("round_metric_results")
      .values(inserts.slice(i, i + 500))
      .execute();

  await db.schema.dropTable("return_metrics").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
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
  const rows = await db.selectFrom("round_metric_results").select(["round_id", "metric_key", "results"]).execute();
  const unpacked = rows.flatMap((row) => {
    const c = JSON.parse(row.results) as PackedColumns;
    return c.authorityIds.map((authorityId, i) => ({
      round_id: row.round_id,
      authority_id: authorityId,
      metric_key: row.metric_key,
      value: c.values[i],
      rank: c.ranks[i],
      quartile_band: c.quartileBands[i],
      percentile: c.percentiles[i],
    }));
  });
  for (let i = 0; i < unpacked.length; i += 1000)
    await db
      .insertInto("return_metrics")
      .values(unpacked.slice(i, i + 1000))
      .execute();
  await db.schema.dropTable("round_metric_results").execute();
}
