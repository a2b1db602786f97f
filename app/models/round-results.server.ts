import type { Kysely, Transaction } from "kysely";
import type { Database, Executor, RoundRow } from "../../db/schema";
import {
  type AuthorityIdentity,
  type ContributorSetKey,
  type ContributorSets,
  type FigureStatus,
  type ResultsData,
} from "../domain/disclosure";
import { keyedHash } from "../domain/disclosure-key.server";
import { type RealTerms, resolveRealTerms } from "../domain/deflators";
import type { MetricStatistics } from "../domain/pipeline";
import { DEFLATOR_SOURCE_NAME, readDeflatorTable } from "./deflator.server";
import { type RoundMetric, listRoundMetrics, listRoundStatistics } from "./metrics.server";

export interface GroupMembership {
  id: number;
  slug: string;
  name: string;
  kind: "region" | "family";
  authorityIds: readonly number[];
}

/**
 * Everything the comparison views read about one round's results. Identified: only
 * domain/disclosure turns it into what a member or regional viewer may see.
 */
export interface RoundResults extends ResultsData {
  /** Changes whenever the results do: part of the key of anything computed from them. */
  cacheKey: string;
  round: Pick<RoundRow, "id" | "slug" | "name" | "financial_year" | "status" | "published_at">;
  realTerms: RealTerms;
  identities: ReadonlyMap<number, AuthorityIdentity>;
  /** Each metric's values, lowest first. */
  byMetric: ReadonlyMap<string, readonly RoundMetric[]>;
  byAuthority: ReadonlyMap<number, ReadonlyMap<string, RoundMetric>>;
  statistics: ReadonlyMap<string, MetricStatistics>;
  groups: readonly GroupMembership[];
}

// Results change only when the round is recomputed: on publish/withdraw and base-year changes (which
// touch the round's updated_at), when deflators are replaced, and when a group or its membership
// changes (groups.updated_at: the command line can change them while servers run). The key follows
// all of these, so every app server rebuilds from the database when they change and otherwise
// reuses what it built.
const cache = new Map<number, { key: string; results: Promise<RoundResults> }>();

export async function loadRoundResults(
  db: Kysely<Database>,
  round: RoundRow,
  options: { pseudonymSecret: string; minGroupSize: number },
): Promise<RoundResults> {
  const versions = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("reference_sources").select("loaded_at").where("name", "=", DEFLATOR_SOURCE_NAME).as("deflatorsLoadedAt"),
      eb
        .selectFrom("groups")
        .select((inner) => inner.fn.max("updated_at").as("latest"))
        .as("groupsUpdatedAt"),
    ])
    .executeTakeFirstOrThrow();
  const key = `${round.updated_at}|${round.published_at ?? ""}|${round.status}|${versions.deflatorsLoadedAt ?? ""}|${versions.groupsUpdatedAt ?? ""}|${options.minGroupSize}`;
  const cached = cache.get(round.id);
  if (cached?.key === key) return cached.results;
  const results = buildRoundResults(db, round, options, `${round.id}|${key}`);
  cache.set(round.id, { key, results });
  results.catch(() => cache.delete(round.id));
  return results;
}

async function buildRoundResults(
  db: Kysely<Database>,
  round: RoundRow,
  options: { pseudonymSecret: string; minGroupSize: number },
  cacheKey: string,
): Promise<RoundResults> {
  const [metrics, statistics, authorities, memberships, deflators, current, fixed] = await Promise.all([
    listRoundMetrics(db, round.id),
    listRoundStatistics(db, round.id),
    db
      .selectFrom("authorities")
      .innerJoin("returns", "returns.authority_id", "authorities.id")
      .select(["authorities.id as authorityId", "authorities.code", "authorities.name"])
      .where("returns.round_id", "=", round.id)
      .where("returns.status", "=", "approved")
      .execute(),
    db
      .selectFrom("groups")
      .innerJoin("group_members", "group_members.group_id", "groups.id")
      .select(["groups.id", "groups.slug", "groups.name", "groups.kind", "group_members.authority_id"])
      .orderBy("groups.name")
      .execute(),
    readDeflatorTable(db),
    currentContributorSets(db, round.id),
    round.status === "published" ? readFixedContributorSets(db, round.id) : Promise.resolve(null),
  ]);
  const byMetric = new Map<string, RoundMetric[]>();
  const byAuthority = new Map<number, Map<string, RoundMetric>>();
  for (const metric of metrics) {
    const list = byMetric.get(metric.metricKey) ?? [];
    list.push(metric);
    byMetric.set(metric.metricKey, list);
    const own = byAuthority.get(metric.authorityId) ?? new Map<string, RoundMetric>();
    own.set(metric.metricKey, metric);
    byAuthority.set(metric.authorityId, own);
  }
  for (const list of byMetric.values()) list.sort((a, b) => a.value - b.value);
  const groups = new Map<number, GroupMembership & { authorityIds: number[] }>();
  for (const row of memberships) {
    const group = groups.get(row.id) ?? { id: row.id, slug: row.slug, name: row.name, kind: row.kind, authorityIds: [] };
    group.authorityIds.push(row.authority_id);
    groups.set(row.id, group);
  }
  return {
    cacheKey,
    round: {
      id: round.id,
      slug: round.slug,
      name: round.name,
      financial_year: round.financial_year,
      status: round.status,
      published_at: round.published_at,
    },
    realTerms: resolveRealTerms(deflators, round.financial_year, round.base_year),
    hash: keyedHash(options.pseudonymSecret),
    minGroupSize: options.minGroupSize,
    identities: new Map(authorities.map((a) => [a.authorityId, a])),
    byMetric,
    byAuthority,
    statistics: new Map(statistics.map((s) => [s.metricKey, s])),
    groups: [...groups.values()],
    contributors: narrowToApproved(fixed ?? current, new Set(authorities.map((a) => a.authorityId))),
    plans: new Map<string, ReadonlyMap<ContributorSetKey, FigureStatus>>(),
  };
}

type ContributorSetMap = Map<ContributorSetKey, Set<number>>;

/**
 * The contributor sets the round's approved returns make now: the network, each group's approved
 * members, and each authority's approved statistical neighbours.
 */
async function currentContributorSets(db: Executor, roundId: number): Promise<ContributorSetMap> {
  const [approved, members, neighbours] = await Promise.all([
    db.selectFrom("returns").select("authority_id").where("round_id", "=", roundId).where("status", "=", "approved").execute(),
    db.selectFrom("group_members").select(["group_id", "authority_id"]).execute(),
    db.selectFrom("statistical_neighbours").select(["authority_id", "neighbour_id"]).execute(),
  ]);
  const inRound = new Set(approved.map((row) => row.authority_id));
  const sets: ContributorSetMap = new Map([["network", inRound]]);
  const add = (key: ContributorSetKey, id: number) => {
    if (!inRound.has(id)) return;
    const set = sets.get(key) ?? new Set<number>();
    set.add(id);
    sets.set(key, set);
  };
  for (const row of members) add(`group:${row.group_id}`, row.authority_id);
  for (const row of neighbours) add(`neighbours:${row.authority_id}`, row.neighbour_id);
  return sets;
}

async function readFixedContributorSets(db: Kysely<Database>, roundId: number): Promise<ContributorSetMap | null> {
  const rows = await db.selectFrom("round_contributors").select(["set_key", "authority_id"]).where("round_id", "=", roundId).execute();
  if (rows.length === 0) return null;
  const sets: ContributorSetMap = new Map();
  for (const row of rows) {
    const key = row.set_key as ContributorSetKey;
    sets.set(key, (sets.get(key) ?? new Set()).add(row.authority_id));
  }
  return sets;
}

/** Fixed sets narrowed to the returns still approved, counting per set the members lost since publication. */
function narrowToApproved(sets: ContributorSetMap, approved: ReadonlySet<number>): ContributorSets {
  const narrowed = new Map<ContributorSetKey, ReadonlySet<number>>();
  const lost = new Map<ContributorSetKey, number>();
  for (const [key, members] of sets) {
    const kept = new Set([...members].filter((id) => approved.has(id)));
    narrowed.set(key, kept);
    if (kept.size < members.size) lost.set(key, members.size - kept.size);
  }
  return { sets: narrowed, lost };
}

/**
 * Fixes the round's contributor sets when it is first published (domain spec §5.3 rule 4); a
 * republished round keeps the sets of its first publication, so a return approved in between never
 * moves a group figure by one council. Call inside the publishing transaction.
 */
export async function fixContributorSets(trx: Transaction<Database>, roundId: number): Promise<void> {
  const existing = await trx
    .selectFrom("round_contributors")
    .select("round_id")
    .where("round_id", "=", roundId)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const rows = [...(await currentContributorSets(trx, roundId))].flatMap(([setKey, members]) =>
    [...members].map((authorityId) => ({ round_id: roundId, set_key: setKey, authority_id: authorityId })),
  );
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto("round_contributors")
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** A member's DfE statistical neighbours (ids), nearest first. */
export async function listStatisticalNeighbourIds(db: Kysely<Database>, authorityId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("statistical_neighbours")
    .select("neighbour_id")
    .where("authority_id", "=", authorityId)
    .orderBy("rank")
    .execute();
  return rows.map((row) => row.neighbour_id);
}
