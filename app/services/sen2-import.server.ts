import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database, Executor } from "../../db/schema";
import { type Sen2File, type Sen2ReadResult, readSen2Files } from "../domain/sen2";
import { type Sen2ImportOutcome, Sen2ReleaseError, knownAuthorityCodes, storeSen2Release } from "../models/public-statistics.server";

/** Loading a DfE SEN2 release: its files read, checked by domain/sen2.ts against today's authority codes, and stored whole or not at all. */

/** The CSV files of a release folder, as the domain reads them (other files, such as DfE's guidance, are left alone). */
export function readSen2Directory(dir: string): Sen2File[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such folder" : (error as Error).message;
    throw new Error(`Cannot read ${dir}: ${reason}`, { cause: error });
  }
  return names
    .filter((name) => name.toLowerCase().endsWith(".csv"))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), "utf8") }));
}

export async function readSen2Release(db: Executor, files: readonly Sen2File[]): Promise<Sen2ReadResult> {
  return readSen2Files(files, await knownAuthorityCodes(db));
}

export type Sen2ImportResult = { ok: true; outcome: Sen2ImportOutcome; notices: string[] } | { ok: false; errors: string[] };

/** Reads, checks and stores one release's files in one transaction: any error and nothing is written. */
export async function importSen2Files(
  db: Kysely<Database>,
  files: readonly Sen2File[],
  options: { actorId: number | null; name?: string },
): Promise<Sen2ImportResult> {
  const read = await readSen2Release(db, files);
  if (!read.ok) return read;
  try {
    const outcome = await db.transaction().execute((trx) =>
      storeSen2Release(trx, {
        reportingYear: read.lastCensusYear,
        files: files.map((file) => file.name),
        figures: read.figures,
        actorId: options.actorId,
        ...(options.name ? { name: options.name } : {}),
      }),
    );
    return { ok: true, outcome, notices: read.notices };
  } catch (error) {
    if (error instanceof Sen2ReleaseError) return { ok: false, errors: [error.message] };
    throw error;
  }
}
