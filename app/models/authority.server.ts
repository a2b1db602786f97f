import type { AuthorityRow, Executor } from "../../db/schema";
import { bumpResultsVersion } from "./results-version.server";

export interface AuthorityInput {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  dfeCode?: string | null;
}

/** Adds an authority, or updates its name and region when the ONS code is already known. */
export async function upsertAuthority(db: Executor, input: AuthorityInput): Promise<AuthorityRow> {
  await bumpResultsVersion(db);
  return db
    .insertInto("authorities")
    .values({
      code: input.code,
      dfe_code: input.dfeCode ?? null,
      name: input.name,
      region_code: input.regionCode,
      region_name: input.regionName,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc.column("code").doUpdateSet({
        name: input.name,
        region_code: input.regionCode,
        region_name: input.regionName,
        dfe_code: input.dfeCode ?? null,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listAuthorities(db: Executor): Promise<AuthorityRow[]> {
  return db.selectFrom("authorities").selectAll().orderBy("name").execute();
}

export async function findAuthorityByCode(db: Executor, code: string): Promise<AuthorityRow | undefined> {
  return db.selectFrom("authorities").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function findAuthorityById(db: Executor, id: number): Promise<AuthorityRow | undefined> {
  return db.selectFrom("authorities").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Region name for a region code, taken from the authorities already loaded. */
export async function findRegionName(db: Executor, regionCode: string): Promise<string | undefined> {
  const row = await db.selectFrom("authorities").select("region_name").where("region_code", "=", regionCode).executeTakeFirst();
  return row?.region_name;
}

/** The first authority by name — within the group `groupId`, when given — or undefined when there is none. */
export async function findFirstAuthorityByName(db: Executor, groupId: number | null): Promise<AuthorityRow | undefined> {
  let query = db.selectFrom("authorities").selectAll().orderBy("name").limit(1);
  if (groupId !== null)
    query = query.where("id", "in", db.selectFrom("group_members").select("authority_id").where("group_id", "=", groupId));
  return query.executeTakeFirst();
}
