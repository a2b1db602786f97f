import type { Executor } from "../../db/schema";

/**
 * The results version: one number for everything a results page or download may show. Call
 * `bumpResultsVersion` in the same transaction as any change to it (recompute, publish, withdraw,
 * deflators, authority renames, groups, statistical neighbours), so that a reader who sees the new
 * data also sees the new version, on any app server: stored pages are keyed by it
 * (app/utils/page-store.server.ts) and nothing else invalidates them.
 */
export async function bumpResultsVersion(db: Executor): Promise<void> {
  await db
    .updateTable("results_version")
    .set((eb) => ({ version: eb("version", "+", 1) }))
    .where("id", "=", 1)
    .execute();
}

export async function readResultsVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom("results_version").select("version").where("id", "=", 1).executeTakeFirstOrThrow();
  return Number(row.version);
}
