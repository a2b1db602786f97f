import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listRoundMetrics } from "../../app/models/metrics.server";

/** One authority's stored value of one metric in a round (by slug), or undefined when it has none. */
export async function storedMetric(db: Kysely<Database>, code: string, slug: string, metricKey: string): Promise<number | undefined> {
  const round = await db.selectFrom("rounds").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!round) return undefined;
  const metrics = await listRoundMetrics(db, round.id, { metricKey });
  return metrics.find((m) => m.authorityCode === code)?.value;
}

/** How many (round, authority, metric) results are stored in all. */
export async function countStoredMetrics(db: Kysely<Database>): Promise<number> {
  const rounds = await db.selectFrom("rounds").select("id").execute();
  let count = 0;
  for (const round of rounds) count += (await listRoundMetrics(db, round.id)).length;
  return count;
}
