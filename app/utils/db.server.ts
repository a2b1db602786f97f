import type { Kysely } from "kysely";
import { createDb } from "../../db/client";
import type { Database } from "../../db/schema";
import { getEnv } from "./env.server";

let db: Kysely<Database> | undefined;

/** The process's one connection pool (SQLite file or PostgreSQL), opened on first use. */
export function getDb(): Kysely<Database> {
  db ??= createDb(getEnv().DATABASE_URL);
  return db;
}
