import type { Kysely } from "kysely";
import { type Migration, type MigrationResultSet, Migrator } from "kysely/migration";
import * as foundation from "./migrations/2026-11-28T06-00-00_foundation";
import * as warningExplanations from "./migrations/2026-11-28T07-00-00_warning-explanations";
import * as notifications from "./migrations/2026-11-28T08-00-00_notifications";
import * as pendingUploads from "./migrations/2026-11-28T09-00-00_pending-uploads";
import * as serverSessions from "./migrations/2026-12-01T10-00-00_server-sessions";
import * as sen2PublicStatistics from "./migrations/2026-12-01T11-00-00_sen2-public-statistics";
import * as returnWorkflow from "./migrations/2026-12-01T13-00-00_return-workflow";
import * as packedMetricResults from "./migrations/2026-12-01T14-00-00_packed-metric-results";
import * as resultsVersion from "./migrations/2026-12-01T14-10-00_results-version";
import * as roundContributors from "./migrations/2026-12-01T12-00-00_round-contributors";

/**
 * Migrations are listed statically (not discovered from the folder) so the same list runs under
 * tsx, vitest and bundlers alike. Names sort by their ISO-timestamp prefix.
 */
const MIGRATIONS: Record<string, Migration> = {
  "2026-11-28T06-00-00_foundation": foundation,
  "2026-11-28T07-00-00_warning-explanations": warningExplanations,
  "2026-11-28T08-00-00_notifications": notifications,
  "2026-11-28T09-00-00_pending-uploads": pendingUploads,
  "2026-12-01T10-00-00_server-sessions": serverSessions,
  "2026-12-01T11-00-00_sen2-public-statistics": sen2PublicStatistics,
  "2026-12-01T13-00-00_return-workflow": returnWorkflow,
  "2026-12-01T14-00-00_packed-metric-results": packedMetricResults,
  "2026-12-01T14-10-00_results-version": resultsVersion,
  "2026-12-01T12-00-00_round-contributors": roundContributors,
};

function migrator(db: Kysely<any>): Migrator {
  // Engineers land migrations with their own timestamp prefixes, so one may sort before another already run.
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS }, allowUnorderedMigrations: true });
}

/** True when no migration has ever run here: the database was created just now. */
export async function isNewDatabase(db: Kysely<any>): Promise<boolean> {
  const migrations = await migrator(db).getMigrations();
  return migrations.every((m) => m.executedAt === undefined);
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}
