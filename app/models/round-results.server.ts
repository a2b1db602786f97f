import type { Transaction } from "kysely";
import type { Database, Executor } from "../../db/schema";
import type { ContributorSetMap } from "../domain/contributor-sets";
import type { AuthorityIdentity, ContributorSetKey } from "../domain/disclosure";
import { DEFLATOR_SOURCE_NAME } from "./deflator.server";

/** The SQL behind a round's results (services/round-results.server.ts puts them together). */

export interface GroupMembership {
  id: number;
  slug: string;
  name: string;
  kind: "region" | "family";
  authorityIds: readonly number[];
}

/**
 * When what a round's results are built from, besides the round itself, last changed: the deflators
 * and the groups (the command line can change either while servers run).
 */
export async function readResultsSourceVersions(
  db: Executor,
): Promise<{ deflatorsLoadedAt: string | null; groupsUpdatedAt: string | null }> {
  const versions = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("reference_sources").select("loaded_at").where("name", "=", DEFLATOR_SOURCE_NAME).as("deflatorsLoadedAt"),
      eb
        .selectFrom("groups")
        .select((inner) => inner.fn.max("updated_at").as("latest"))
        .as("groupsUpdatedAt"),
    ])
    .executeTakeFirstOrThrow();
  return { deflatorsLoadedAt: versions.deflatorsLoadedAt ?? null, groupsUpdatedAt: versions.groupsUpdatedAt ?? null };
}

/** The authorities with an approved return in the round, identified. */
export function listApprovedIdentities(db: Executor, roundId: number): Promise<AuthorityIdentity[]> {
  return db
    .selectFrom("authorities")
    .innerJoin("returns", "returns.authority_id", "authorities.id")
    .select(["authorities.id as authorityId", "authorities.code", "authorities.name"])
    .where("returns.round_id", "=", roundId)
    .where("returns.status", "=", "approved")
    .execute();
}

/** Every group (regions and families) with its members, by name. */
export async function listGroupMemberships(db: Executor): Promise<GroupMembership[]> {
  const rows = await db
    .selectFrom("groups")
    .innerJoin("group_members", "group_members.group_id", "groups.id")
    .select(["groups.id", "groups.slug", "groups.name", "groups.kind", "group_members.authority_id"])
    .orderBy("groups.name")
    .execute();
  const groups = new Map<number, GroupMembership & { authorityIds: number[] }>();
  for (const row of rows) {
    const group = groups.get(row.id) ?? { id: row.id, slug: row.slug, name: row.name, kind: row.kind, authorityIds: [] };
    group.authorityIds.push(row.authority_id);
    groups.set(row.id, group);
  }
  return [...groups.values()];
}

/** What a round's contributor sets are made from: its approved authorities, group memberships and statistical neighbours. */
export async function readContributorSources(db: Executor, roundId: number) {
  const [approved, memberships, neighbours] = await Promise.all([
    db.selectFrom("returns").select("authority_id").where("round_id", "=", roundId).where("status", "=", "approved").execute(),
    db.selectFrom("group_members").select(["group_id as groupId", "authority_id as authorityId"]).execute(),
    db.selectFrom("statistical_neighbours").select(["authority_id as authorityId", "neighbour_id as neighbourId"]).execute(),
  ]);
  return { approved: approved.map((row) => row.authority_id), memberships, neighbours };
}

/** The contributor sets fixed when the round was first published; null before that. */
export async function readFixedContributorSets(db: Executor, roundId: number): Promise<ContributorSetMap | null> {
  const rows = await db.selectFrom("round_contributors").select(["set_key", "authority_id"]).where("round_id", "=", roundId).execute();
  if (rows.length === 0) return null;
  const sets: ContributorSetMap = new Map();
  for (const row of rows) {
    const key = row.set_key as ContributorSetKey;
    sets.set(key, (sets.get(key) ?? new Set()).add(row.authority_id));
  }
  return sets;
}

export async function hasFixedContributorSets(db: Executor, roundId: number): Promise<boolean> {
  const existing = await db.selectFrom("round_contributors").select("round_id").where("round_id", "=", roundId).limit(1).executeTakeFirst();
  return existing !== undefined;
}

export async function insertContributorSets(trx: Transaction<Database>, roundId: number, sets: ContributorSetMap): Promise<void> {
  const rows = [...sets].flatMap(([setKey, members]) =>
    [...members].map((authorityId) => ({ round_id: roundId, set_key: setKey, authority_id: authorityId })),
  );
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto("round_contributors")
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** A member's DfE statistical neighbours (ids), nearest first. */
export async function listStatisticalNeighbourIds(db: Executor, authorityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("statistical_neighbours")
    .select("neighbour_id")
    .where("authority_id", "=", authorityId)
    .orderBy("rank")
    .execute();
  return rows.map((row) => row.neighbour_id);
}
