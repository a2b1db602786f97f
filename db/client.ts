import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";
import { type CompiledQuery, Kysely, PostgresDialect, type QueryResult, type SqliteDatabase, SqliteDialect } from "kysely";
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
    // Queries run with runPrepared go to PostgreSQL as named prepared statements: parsed and planned
    // once per connection instead of on every request.
    pool.on("connect", (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (text: unknown, ...rest: unknown[]) => {
        const name = typeof text === "string" ? preparedNames.get(text) : undefined;
        return name ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
      };
    });
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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(database) }) });
}

/**
 * better-sqlite3 for Kysely, with each statement prepared once and kept (the 256 most recently used):
 * Kysely prepares every query afresh. Kysely runs one query at a time on the connection, so a kept
 * statement is never in use twice at once.
 */
function keepingStatements(database: SQLite.Database, max = 256): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

/** SQL text → prepared-statement name, for PostgreSQL (see createDb). */
const preparedNames = new Map<string, string>();

/**
 * Runs a query whose SQL text never varies (no lists of varying length) as a prepared statement:
 * named on PostgreSQL, kept on SQLite (as every statement is). For the queries every request runs.
 */
export function runPrepared<R>(db: Kysely<Database>, name: string, query: { compile(): CompiledQuery<R> }): Promise<QueryResult<R>> {
  const compiled = query.compile();
  if (!preparedNames.has(compiled.sql)) {
    preparedNames.set(compiled.sql, `${name}_${createHash("sha256").update(compiled.sql).digest("hex").slice(0, 12)}`);
  }
  return db.executeQuery(compiled);
}
