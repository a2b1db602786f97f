import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { AuthorityRow, Database, Executor, Sen2ReleaseRow } from "../../db/schema";
import { SEN2_RETURN_KEYS, type Sen2Figure, sen2FileKind, sen2ReleaseName, sen2ReleaseSource } from "../domain/sen2";
import { Sen2Figures, type Sen2Series, type StoredSen2Figure } from "../domain/sen2-series";
import { ENGLAND_CODE, FORMER_AREAS } from "../domain/code-succession";
import type { PublicEhcpTotal } from "../domain/validation";
import { appendAudit } from "./audit.server";

/** Today's codes the SEN2 files may name: every authority in the reference data. */
export async function knownAuthorityCodes(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom("authorities").select("code").execute();
  return new Set(rows.map((row) => row.code));
}

function contentHash(figures: readonly Sen2Figure[]): string {
  const lines = figures.map((f) => `${f.censusYear}|${f.authorityCode}|${f.breakdown}|${f.value}`).sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

/** A release that cannot be stored as given; nothing was written. */
export class Sen2ReleaseError extends Error {}

export interface Sen2ImportOutcome {
  releaseName: string;
  /** "unchanged" when the same release with the same figures was already loaded. */
  status: "loaded" | "replaced" | "unchanged";
  figureCount: number;
}

/**
 * Stores a release's figures (call inside a transaction). The same release with the same figures
 * changes nothing; the same release with other figures (DfE revised it) replaces its own figures
 * only. Returns are never touched.
 */
export async function storeSen2Release(
  trx: Transaction<Database>,
  input: { reportingYear: number; files: readonly string[]; figures: readonly Sen2Figure[]; actorId: number | null; name?: string },
): Promise<Sen2ImportOutcome> {
  const name = input.name ?? sen2ReleaseName(input.reportingYear);
  const hash = contentHash(input.figures);
  const existing = await trx.selectFrom("sen2_releases").selectAll().where("name", "=", name).executeTakeFirst();
  if (existing && existing.content_hash === hash) return { releaseName: name, status: "unchanged", figureCount: existing.figure_count };
  if (existing) {
    // A release is replaced whole: one file of it alone would take the others' figures away.
    const kinds = (files: readonly string[]) => [...new Set(files.map((file) => sen2FileKind(file)))].sort().join(", ");
    const before = kinds(JSON.parse(existing.files) as string[]);
    if (kinds(input.files) !== before) {
      throw new Sen2ReleaseError(
        `${name} is loaded from ${before} files: give all of them to replace it (these were ${kinds(input.files)})`,
      );
    }
  }
  const now = new Date().toISOString();
  const row = {
    reporting_year: input.reportingYear,
    source: sen2ReleaseSource(input.reportingYear),
    files: JSON.stringify(input.files),
    content_hash: hash,
    figure_count: input.figures.length,
    loaded_at: now,
    loaded_by: input.actorId,
  };
  let releaseId: number;
  if (existing) {
    await trx.deleteFrom("sen2_figures").where("release_id", "=", existing.id).execute();
    await trx.updateTable("sen2_releases").set(row).where("id", "=", existing.id).execute();
    releaseId = existing.id;
  } else {
    releaseId = (
      await trx
        .insertInto("sen2_releases")
        .values({ name, ...row })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }
  const values = input.figures.map((f) => ({
    release_id: releaseId,
    census_year: f.censusYear,
    authority_code: f.authorityCode,
    breakdown: f.breakdown,
    value: f.value,
  }));
  for (let i = 0; i < values.length; i += 500) {
    await trx
      .insertInto("sen2_figures")
      .values(values.slice(i, i + 500))
      .execute();
  }
  await appendAudit(trx, {
    userId: input.actorId,
    action: "reference.sen2.import",
    detail: { release: name, files: input.files, figures: input.figures.length, replaced: Boolean(existing) },
  });
  return { releaseName: name, status: existing ? "replaced" : "loaded", figureCount: input.figures.length };
}

/** The January censuses SEN2 gives England's EHCP total for, ascending: the years a demand series can span. */
export async function listEnglandCensusYears(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom("sen2_figures")
    .select("census_year")
    .distinct()
    .where("authority_code", "=", ENGLAND_CODE)
    .where("breakdown", "=", "ehcp.total")
    .execute();
  return rows.map((row) => Number(row.census_year)).sort((a, b) => a - b);
}

export async function listSen2Releases(db: Executor): Promise<Sen2ReleaseRow[]> {
  return db.selectFrom("sen2_releases").selectAll().orderBy("reporting_year", "desc").execute();
}

/** Stored figures for the given authorities (all when omitted), the latest release winning per census. */
export async function loadSen2Figures(
  db: Executor,
  options: { codes?: readonly string[]; breakdowns?: readonly string[] } = {},
): Promise<Sen2Figures> {
  let query = db
    .selectFrom("sen2_figures")
    .innerJoin("sen2_releases", "sen2_releases.id", "sen2_figures.release_id")
    .select([
      "sen2_figures.census_year",
      "sen2_figures.authority_code",
      "sen2_figures.breakdown",
      "sen2_figures.value",
      "sen2_releases.name",
      "sen2_releases.reporting_year",
    ]);
  if (options.codes) {
    if (options.codes.length === 0) return new Sen2Figures([]);
    query = query.where("sen2_figures.authority_code", "in", [...options.codes]);
  }
  if (options.breakdowns) query = query.where("sen2_figures.breakdown", "in", [...options.breakdowns]);
  const rows = await query.execute();
  return new Sen2Figures(
    rows.map((row): StoredSen2Figure => ({
      censusYear: Number(row.census_year),
      authorityCode: row.authority_code,
      breakdown: row.breakdown,
      value: Number(row.value),
      releaseName: row.name,
      reportingYear: Number(row.reporting_year),
    })),
  );
}

/** An authority's SEN2 EHCP series (statements + plans), every point with its release: for growth and forecasts. */
export async function getSen2EhcpSeries(db: Executor, authorityCode: string): Promise<Sen2Series> {
  return (await loadSen2Figures(db, { codes: [authorityCode], breakdowns: ["ehcp.total"] })).series(authorityCode);
}

export interface Sen2Prefill {
  censusYear: number;
  releaseName: string;
  /** Field key → SEN2 figure, for the return's EHCP questions SEN2 has. */
  values: Record<string, number>;
}

/** What SEN2 says about an authority's EHCPs at one January census, keyed as the return asks; null when it has no total. */
export async function findSen2Prefill(db: Executor, authorityCode: string, censusYear: number): Promise<Sen2Prefill | null> {
  const figures = await loadSen2Figures(db, { codes: [authorityCode], breakdowns: SEN2_RETURN_KEYS });
  const total = figures.point(authorityCode, "ehcp.total", censusYear);
  if (!total) return null;
  return { censusYear, releaseName: total.releaseName, values: figures.valuesAt(authorityCode, censusYear, SEN2_RETURN_KEYS) };
}

/** Each authority's SEN2 EHCP total at one census, by authority id: what the cross-check compares returns with. */
export async function listSen2Totals(
  db: Executor,
  censusYear: number,
  authorityIds?: readonly number[],
): Promise<Map<number, PublicEhcpTotal>> {
  let query = db
    .selectFrom("authorities")
    .innerJoin("sen2_figures", "sen2_figures.authority_code", "authorities.code")
    .innerJoin("sen2_releases", "sen2_releases.id", "sen2_figures.release_id")
    .select(["authorities.id", "sen2_figures.value", "sen2_releases.name", "sen2_releases.reporting_year"])
    .where("sen2_figures.breakdown", "=", "ehcp.total")
    .where("sen2_figures.census_year", "=", censusYear);
  if (authorityIds) {
    if (authorityIds.length === 0) return new Map();
    query = query.where("authorities.id", "in", [...authorityIds]);
  }
  const rows = await query.orderBy("sen2_releases.reporting_year").execute();
  // Ordered oldest release first, so the latest release's figure is the one kept.
  return new Map(rows.map((row) => [row.id, { value: Number(row.value), censusYear, releaseName: row.name }]));
}

/** The codes whose figures make up each region's totals: today's authorities and the former areas that were in it. */
export async function regionMembership(db: Executor): Promise<Map<string, { name: string; codes: string[] }>> {
  const rows = await db.selectFrom("authorities").select(["code", "region_code", "region_name"]).execute();
  const regions = new Map<string, { name: string; codes: string[] }>();
  for (const row of rows) {
    const region = regions.get(row.region_code) ?? { name: row.region_name, codes: [] };
    region.codes.push(row.code);
    regions.set(row.region_code, region);
  }
  for (const former of FORMER_AREAS) regions.get(former.regionCode)?.codes.push(former.code);
  return regions;
}

/** A neighbour list in DfE's order (nearest first), named: statistical neighbours are public. */
async function listNamedNeighbours(db: Executor, authorityId: number): Promise<Array<{ code: string; name: string }>> {
  return db
    .selectFrom("statistical_neighbours")
    .innerJoin("authorities", "authorities.id", "statistical_neighbours.neighbour_id")
    .select(["authorities.code", "authorities.name"])
    .where("statistical_neighbours.authority_id", "=", authorityId)
    .orderBy("statistical_neighbours.rank")
    .execute();
}

/** Everything the demand view of one authority is built from: its, its region's, its neighbours' and England's figures. */
export async function loadDemandInput(db: Executor, authority: Pick<AuthorityRow, "id" | "code" | "name" | "region_code" | "region_name">) {
  const [neighbours, regions] = await Promise.all([listNamedNeighbours(db, authority.id), regionMembership(db)]);
  const regionCodes = regions.get(authority.region_code)?.codes ?? [authority.code];
  const codes = [...new Set([authority.code, ENGLAND_CODE, ...regionCodes, ...neighbours.map((n) => n.code)])];
  const figures = await loadSen2Figures(db, { codes });
  return { figures, authority: { code: authority.code, name: authority.name, regionName: authority.region_name }, regionCodes, neighbours };
}
