import type { Kysely } from "kysely";
import type { Database, RoundRow } from "../../db/schema";
import { type AuthorityIdentity, assignPseudonyms } from "../domain/anonymity.server";
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
 * Everything the comparison views read about one round's results. Identified: anonymise with
 * domain/anonymity before any of it reaches a member or regional viewer.
 */
export interface RoundResults {
  /** Changes whenever the results do: part of the key of anything computed from them. */
  cacheKey: string;
  round: Pick<RoundRow, "id" | "slug" | "name" | "financial_year" | "status" | "published_at">;
  realTerms: RealTerms;
  identities: ReadonlyMap<number, AuthorityIdentity>;
  pseudonyms: ReadonlyMap<number, string>;
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

export async function loadRoundResults(db: Kysely<Database>, round: RoundRow, pseudonymSecret: string): Promise<RoundResults> {
  const versions = await db
    .selectNoFrom((eb) => [
      eb.selectFrom("reference_sources").select("loaded_at").where("name", "=", DEFLATOR_SOURCE_NAME).as("deflatorsLoadedAt"),
      eb.selectFrom("groups").select((inner) => inner.fn.max("updated_at").as("latest")).as("groupsUpdatedAt"),
    ])
    .executeTakeFirstOrThrow();
  const key = `${round.updated_at}|${round.published_at ?? ""}|${round.status}|${versions.deflatorsLoadedAt ?? ""}|${versions.groupsUpdatedAt ?? ""}`;
  const cached = cache.get(round.id);
  if (cached?.key === key) return cached.results;
  const results = buildRoundResults(db, round, pseudonymSecret, `${round.id}|${key}`);
  cache.set(round.id, { key, results });
  results.catch(() => cache.delete(round.id));
  return results;
}

async function buildRoundResults(db: Kysely<Database>, round: RoundRow, pseudonymSecret: string, cacheKey: string): Promise<RoundResults> {
  const [metrics, statistics, authorities, memberships, deflators] = await Promise.all([
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
    round: { id: round.id, slug: round.slug, name: round.name, financial_year: round.financial_year, status: round.status, published_at: round.published_at },
    realTerms: resolveRealTerms(deflators, round.financial_year, round.base_year),
    identities: new Map(authorities.map((a) => [a.authorityId, a])),
    pseudonyms: assignPseudonyms(pseudonymSecret, round.slug, authorities),
    byMetric,
    byAuthority,
    statistics: new Map(statistics.map((s) => [s.metricKey, s])),
    groups: [...groups.values()],
  };
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
