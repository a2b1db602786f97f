import type { Executor, GroupKind, GroupRow } from "../../db/schema";
import { bumpResultsVersion } from "./results-version.server";

export interface GroupInput {
  slug: string;
  name: string;
  kind: GroupKind;
  authorityIds: readonly number[];
}

/**
 * Creates the group or renames it, and makes its membership exactly `authorityIds`.
 * Call inside a transaction so readers never see a half-replaced membership.
 */
export async function upsertGroup(db: Executor, input: GroupInput): Promise<GroupRow> {
  // Stamped on every change, so cached round results (services/round-results.server.ts) rebuild their groups.
  const now = new Date().toISOString();
  const group = await db
    .insertInto("groups")
    .values({ slug: input.slug, name: input.name, kind: input.kind, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column("slug").doUpdateSet({ name: input.name, kind: input.kind, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.deleteFrom("group_members").where("group_id", "=", group.id).execute();
  await bumpResultsVersion(db);
  if (input.authorityIds.length > 0) {
    await db
      .insertInto("group_members")
      .values([...new Set(input.authorityIds)].map((authorityId) => ({ group_id: group.id, authority_id: authorityId })))
      .execute();
  }
  return group;
}

export async function findGroupBySlug(db: Executor, slug: string): Promise<GroupRow | undefined> {
  return db.selectFrom("groups").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findGroupById(db: Executor, id: number): Promise<GroupRow | undefined> {
  return db.selectFrom("groups").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every group's slug and name, by name (what a coordinator chooses from). */
export async function listGroupNames(db: Executor): Promise<Array<{ slug: string; name: string }>> {
  return db.selectFrom("groups").select(["slug", "name"]).orderBy("name").execute();
}
