import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import { createDb, databaseKind } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { seedReference } from "../../db/seed";

export interface TestDatabase {
  url: string;
  db: Kysely<Database>;
  destroy: () => Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: a SQLite file in a temporary folder, or,
 * when TEST_DATABASE_URL / DATABASE_URL names a PostgreSQL server, a new database on that server.
 */
export async function createTestDatabase(options: { reference?: boolean; publicStatistics?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
  let url: string;
  let drop: () => Promise<void>;
  if (databaseKind(serverUrl) === "postgres") {
    const name = `bn_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "bn-test-"));
    url = `file:${path.join(dir, "test.db")}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const db = createDb(url);
  await migrateToLatest(db);
  // DfE SEN2 figures only where a test file asks for them: elsewhere returns carry made-up EHCP totals,
  // each of which would otherwise also draw the SEN2 cross-check warning.
  if (options.reference !== false) await seedReference(db, { publicStatistics: options.publicStatistics ?? false });
  return {
    url,
    db,
    destroy: async () => {
      await db.destroy();
      await drop();
    },
  };
}
