import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { parseCsv } from "../app/domain/csv";
import { parseDeflatorCsv } from "../app/domain/deflators";
import { listAuthorities, upsertAuthority } from "../app/models/authority.server";
import { listDeflators, replaceDeflators } from "../app/models/deflator.server";
import { upsertGroup } from "../app/models/group.server";
import { importSen2Files, readSen2Directory } from "../app/services/sen2-import.server";
import { readdirSync } from "node:fs";
import type { Database } from "./schema";
import { bumpResultsVersion } from "../app/models/results-version.server";

const REFERENCE_DIR = path.join(__dirname, "reference");

function readReference(file: string): string {
  return readFileSync(path.join(REFERENCE_DIR, file), "utf8");
}

/** A shipped reference CSV as one record per row, keyed by the header row's names. */
function readReferenceTable(file: string): Record<string, string | undefined>[] {
  const parsed = parseCsv(readReference(file));
  if (!parsed.ok) throw new Error(`db/reference/${file}: ${parsed.errors.join("; ")}`);
  const [header = [], ...rows] = parsed.rows;
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

export function regionSlug(regionName: string): string {
  return regionName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The release the shipped deflator table was taken from; shown beside real-terms figures. */
export const SHIPPED_DEFLATOR_SOURCE = {
  source:
    "HM Treasury, GDP deflators at market prices, and money GDP, March 2026 release (outturn to 2024-25, 2024-25 = 100); see db/reference/gdp-deflators.source.md",
  releasedOn: "2026-03-31" as string | null,
};

export interface ReferenceSeedSummary {
  authorities: number;
  regions: number;
  neighbourLinks: number;
  deflators: number;
  /** SEN2 releases in db/reference/sen2/, each loaded or found unchanged. */
  sen2Releases: Array<{ name: string; status: string; figures: number }>;
}

/**
 * Loads the reference data: authorities, the nine regions as groups, DfE statistical neighbours and,
 * when the table is still empty, the shipped deflators (a coordinator's upload is never overwritten).
 * Idempotent: a second run changes nothing. The DfE SEN2 releases in db/reference/sen2/ are loaded
 * too unless `publicStatistics` is false.
 */
export async function seedReference(db: Kysely<Database>, options: { publicStatistics?: boolean } = {}): Promise<ReferenceSeedSummary> {
  const authorities = readReferenceTable("la-lookup.csv");
  const neighbours = readReferenceTable("sn-model-long.csv");
  const deflatorFile = parseDeflatorCsv(readReference("gdp-deflators.csv"));
  if (!deflatorFile.ok) throw new Error(`db/reference/gdp-deflators.csv: ${deflatorFile.errors.join("; ")}`);

  const summary = await db.transaction().execute(async (trx) => {
    for (const row of authorities) {
      await upsertAuthority(trx, {
        code: row.la_code!,
        dfeCode: row.old_la_code || null,
        name: row.la_name!,
        regionCode: row.region_code!,
        regionName: row.region_name!,
      });
    }
    const all = await listAuthorities(trx);
    const idByCode = new Map(all.map((a) => [a.code, a.id]));

    const regions = new Map<string, number[]>();
    for (const authority of all) {
      const members = regions.get(authority.region_name) ?? [];
      members.push(authority.id);
      regions.set(authority.region_name, members);
    }
    for (const [name, ids] of regions) {
      await upsertGroup(trx, { slug: regionSlug(name), name, kind: "region", authorityIds: ids });
    }

    const links = neighbours.map((row) => ({
      authority_id: idByCode.get(row.la_code!)!,
      neighbour_id: idByCode.get(row.SN_code!)!,
      rank: Number(row.SN),
      proximity: row.SN_prox!.trim(),
    }));
    const unknown = neighbours.filter((row) => !idByCode.has(row.la_code!) || !idByCode.has(row.SN_code!));
    if (unknown.length > 0) throw new Error(`sn-model-long.csv names unknown authorities: ${unknown.map((r) => r.la_code).join(", ")}`);
    await trx.deleteFrom("statistical_neighbours").execute();
    await bumpResultsVersion(trx);
    for (let i = 0; i < links.length; i += 200) {
      await trx
        .insertInto("statistical_neighbours")
        .values(links.slice(i, i + 200))
        .execute();
    }

    if ((await listDeflators(trx)).length === 0) {
      await replaceDeflators(trx, deflatorFile.deflators, SHIPPED_DEFLATOR_SOURCE);
    }
    const deflatorCount = (await listDeflators(trx)).length;
    return { authorities: all.length, regions: regions.size, neighbourLinks: links.length, deflators: deflatorCount };
  });
  return { ...summary, sen2Releases: options.publicStatistics === false ? [] : await seedSen2(db) };
}

/** Each folder of db/reference/sen2/ is one DfE release, loaded in its own transaction (idempotent). */
async function seedSen2(db: Kysely<Database>): Promise<ReferenceSeedSummary["sen2Releases"]> {
  const root = path.join(REFERENCE_DIR, "sen2");
  const releases = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const loaded: ReferenceSeedSummary["sen2Releases"] = [];
  for (const release of releases) {
    const result = await importSen2Files(db, readSen2Directory(path.join(root, release)), { actorId: null });
    if (!result.ok) throw new Error(`db/reference/sen2/${release}: ${result.errors.slice(0, 10).join("; ")}`);
    loaded.push({ name: result.outcome.releaseName, status: result.outcome.status, figures: result.outcome.figureCount });
  }
  return loaded;
}
