import type { Kysely, Transaction } from "kysely";
import type { Database, RoundRow } from "../../db/schema";
import { contributorSetsOf, narrowToApproved } from "../domain/contributor-sets";
import { type RealTerms, resolveRealTerms } from "../domain/deflators";
import type { AuthorityIdentity, ContributorSetKey, FigureStatus, ResultsData } from "../domain/disclosure";
import { keyedHash } from "../domain/disclosure-key.server";
import type { MetricStatistics } from "../domain/pipeline";
import { readDeflatorTable } from "../models/deflator.server";
import { type RoundMetric, listRoundMetrics, listRoundStatistics } from "../models/metrics.server";
import {
  type GroupMembership,
  hasFixedContributorSets,
  insertContributorSets,
  listApprovedIdentities,
  listGroupMemberships,
  readContributorSources,
  readFixedContributorSets,
  readResultsSourceVersions,
} from "../models/round-results.server";

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

/** A round's identified results, built once per results version and kept per process. */
export async function loadRoundResults(
  db: Kysely<Database>,
  round: RoundRow,
  options: { pseudonymSecret: string; minGroupSize: number },
): Promise<RoundResults> {
  const versions = await readResultsSourceVersions(db);
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
  const [metrics, statistics, authorities, groups, deflators, sources, fixed] = await Promise.all([
    listRoundMetrics(db, round.id),
    listRoundStatistics(db, round.id),
    listApprovedIdentities(db, round.id),
    listGroupMemberships(db),
    readDeflatorTable(db),
    readContributorSources(db, round.id),
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
  const current = contributorSetsOf(sources.approved, sources.memberships, sources.neighbours);
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
    groups,
    contributors: narrowToApproved(fixed ?? current, new Set(authorities.map((a) => a.authorityId))),
    plans: new Map<string, ReadonlyMap<ContributorSetKey, FigureStatus>>(),
  };
}

/**
 * Fixes the round's contributor sets when it is first published (domain spec §5.3 rule 4); a
 * republished round keeps the sets of its first publication, so a return approved in between never
 * moves a group figure by one council. Call inside the publishing transaction.
 */
export async function fixContributorSets(trx: Transaction<Database>, roundId: number): Promise<void> {
  if (await hasFixedContributorSets(trx, roundId)) return;
  const sources = await readContributorSources(trx, roundId);
  await insertContributorSets(trx, roundId, contributorSetsOf(sources.approved, sources.memberships, sources.neighbours));
}
