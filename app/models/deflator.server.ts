import type { DeflatorRow, Executor } from "../../db/schema";
import type { Deflator } from "../domain/deflators";
import { bumpResultsVersion } from "./results-version.server";

export const DEFLATOR_SOURCE_NAME = "gdp_deflators";

export async function listDeflators(db: Executor): Promise<DeflatorRow[]> {
  return db.selectFrom("deflators").selectAll().orderBy("financial_year").execute();
}

/** The deflator table in the domain's shape, for real-terms figures. */
export async function readDeflatorTable(db: Executor): Promise<Deflator[]> {
  return (await listDeflators(db)).map((row) => ({ financialYear: row.financial_year, index: Number(row.index) }));
}

export interface ReferenceSource {
  source: string;
  releasedOn: string | null;
}

/** Replaces the whole deflator table and its source note; call inside the transaction that recomputes metrics. */
export async function replaceDeflators(db: Executor, deflators: readonly Deflator[], source: ReferenceSource): Promise<void> {
  await bumpResultsVersion(db);
  await db.deleteFrom("deflators").execute();
  if (deflators.length > 0) {
    await db
      .insertInto("deflators")
      .values(deflators.map((d) => ({ financial_year: d.financialYear, index: d.index })))
      .execute();
  }
  await db
    .insertInto("reference_sources")
    .values({
      name: DEFLATOR_SOURCE_NAME,
      source: source.source,
      released_on: source.releasedOn,
      loaded_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc.column("name").doUpdateSet({ source: source.source, released_on: source.releasedOn, loaded_at: new Date().toISOString() }),
    )
    .execute();
}

export async function findDeflatorSource(db: Executor): Promise<ReferenceSource | undefined> {
  const row = await db
    .selectFrom("reference_sources")
    .select(["source", "released_on"])
    .where("name", "=", DEFLATOR_SOURCE_NAME)
    .executeTakeFirst();
  return row && { source: row.source, releasedOn: row.released_on };
}
