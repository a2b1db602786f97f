import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type DatabaseKind = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/app.db";

/** Which engine a DATABASE_URL names: `postgres://…` / `postgresql://…`, otherwise a SQLite `file:` path. */
export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

export function sqlitePath(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be file:PATH for SQLite or postgres://… for PostgreSQL, not "${url}"`);
  }
  return url.slice("file:".length);
}

export function createDb(url: string = DEFAULT_DATABASE_URL): Kysely<Database> {
  if (databaseKind(url) === "postgres") {
    // COUNT(*) and SUM() come back as bigint/numeric strings; our figures fit in a double.
    pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, (text) => Number(text));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection can be closed under us (a server restart, a dropped database). The pool
    // discards it and opens another when needed; without a listener the error would end the process.
    pool.on("error", (error) => console.warn(`PostgreSQL closed an idle connection (${error.message}); the pool will reconnect`));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const database = new SQLite(sqlitePath(url));
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  // Several processes (app servers, the CLI) may share one file.
  database.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}
