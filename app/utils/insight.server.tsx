/**
 * The "what works" and "every year at a glance" views, built once for the page, the briefing pack,
 * its PDF, the chart images and the downloads, so that all of them show the same figures.
 *
 * Group figures go through `groupSummariser`: today the minimum group size of
 * domain/policy-comparisons; the disclosure module of issue 12 replaces it in this one place.
 */
import type { Viewer } from "~/domain/permissions";
import { type TrendPoint, trendView } from "~/domain/comparisons.server";
import { GroupComparisonChart } from "~/components/charts/group-comparison/group-comparison";
import { TrendChart } from "~/components/charts/trend/trend";
import { ChartFigure } from "~/components/view-table";
import { differenceInDifferencesTable, ownFiguresExport, ownFiguresTable, policySummaryTable } from "~/domain/insight-tables";
import { type MetricDefinition } from "~/domain/metrics";
import { resolveMetricChoice, type Terms } from "~/domain/metric-choice";
import {
  type DifferenceInDifferences,
  type GroupSummariser,
  type PolicyComparison,
  type PolicyRecord,
  comparePolicies,
  differenceInDifferences,
  minimumSizeSummariser,
  policySideLabel,
} from "~/domain/policy-comparisons";
import { trendTable, type ViewTable } from "~/domain/view-tables";
import { readApprovedPolicyAnswers } from "~/models/policy-answers.server";
import { type RoundResults, loadRoundResults } from "~/models/round-results.server";
import { listRounds } from "~/models/round.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";
import { renderFigure } from "./figure-cache.server";
import { loadPublishedResults, pseudonymSecret, requireOwnAuthority, viewerCacheKey } from "./results-access.server";

/** The one route that serves these views' downloads: chart images (svg, png) and tables (csv, xlsx). */
export function insightFigureHref(slug: string, figure: InsightFigure, params: Record<string, string> = {}): string {
  return `/results/${slug}/figure?${new URLSearchParams({ figure, ...params }).toString()}`;
}

export type InsightFigure = "policies" | "years" | "own-figures";

function groupSummariser(minGroupSize: number): GroupSummariser {
  return minimumSizeSummariser(minGroupSize);
}

function policyRecords(results: RoundResults, answers: ReadonlyMap<number, Record<string, boolean>>, onlyIds: ReadonlySet<number> | null): PolicyRecord[] {
  return [...results.identities.keys()]
    .filter((id) => onlyIds === null || onlyIds.has(id))
    .map((authorityId) => {
      const metrics: Record<string, number> = {};
      for (const [key, metric] of results.byAuthority.get(authorityId) ?? []) metrics[key] = metric.value;
      return { authorityId, policies: answers.get(authorityId) ?? {}, metrics };
    });
}

/** The published round before this one (by financial year), if any: the "before" of the difference in differences. */
async function previousPublishedResults(results: RoundResults): Promise<RoundResults | null> {
  const db = getDb();
  const previous = (await listRounds(db))
    .filter((round) => round.status === "published" && round.financial_year < results.round.financial_year)
    .sort((a, b) => b.financial_year.localeCompare(a.financial_year))[0];
  return previous ? loadRoundResults(db, previous, await pseudonymSecret()) : null;
}

export interface PoliciesView {
  /** "the network" or the regional viewer's group name. */
  scopeName: string;
  comparisons: PolicyComparison[];
  did: DifferenceInDifferences[] | null;
  summaryTable: ViewTable;
  didTable: ViewTable | null;
  figureHtml: string;
  minGroupSize: number;
}

/** What works, for a member or coordinator over the network, for a regional viewer over their group. */
export async function loadPoliciesView(viewer: Viewer, results: RoundResults): Promise<PoliciesView> {
  const db = getDb();
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const group = viewer.kind === "regional_viewer" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  const onlyIds = group ? new Set(group.authorityIds) : null;
  const scope = group ? `group:${group.id}` : "network";
  const previous = await previousPublishedResults(results);
  const [answers, previousAnswers] = await Promise.all([
    readApprovedPolicyAnswers(db, results.round.id),
    previous ? readApprovedPolicyAnswers(db, previous.round.id) : Promise.resolve(null),
  ]);
  const summarise = groupSummariser(minGroupSize);
  const ownAuthorityId = viewer.kind === "member" ? viewer.authorityId : null;
  const comparisons = comparePolicies(policyRecords(results, answers, onlyIds), { minGroupSize, summarise, ownAuthorityId, scope });
  const did =
    previous && previousAnswers
      ? differenceInDifferences(
          { slug: previous.round.slug, name: previous.round.name, records: policyRecords(previous, previousAnswers, onlyIds) },
          { slug: results.round.slug, name: results.round.name, records: policyRecords(results, answers, onlyIds) },
          { minGroupSize, summarise, scope },
        )
      : null;
  const summaryTable = policySummaryTable(comparisons, viewer.kind === "member");
  const scopeName = group ? group.name : "the network";
  const cacheKey = `${results.cacheKey}|${previous?.cacheKey ?? ""}|${viewerCacheKey(viewer)}|policies|${minGroupSize}`;
  const figureHtml = renderFigure(
    cacheKey,
    "policies-",
    <ChartFigure
      chart={
        <GroupComparisonChart
          unit="gbp"
          minGroupSize={minGroupSize}
          ownLabel="The side your authority is on"
          groups={comparisons.flatMap((comparison) => {
            const unitCost = comparison.outcomes[0]!;
            return (["with", "without"] as const).map((side) => ({
              label: `${policySideLabel(comparison.policyKey, comparison.label, side)}${comparison.own === (side === "with") ? " (you)" : ""}`,
              n: unitCost[side].n ?? 0,
              suppressed: unitCost[side].figure === null,
              stats: unitCost[side].figure,
              highlighted: comparison.own === (side === "with"),
            }));
          })}
          title={`SEND unit cost a child, councils with each policy against those without, in ${scopeName}: median and middle half`}
        />
      }
      table={summaryTable}
      downloadHref={insightFigureHref(results.round.slug, "policies", { format: "csv" })}
      imageHref={insightFigureHref(results.round.slug, "policies")}
    />,
  );
  return { scopeName, comparisons, did, summaryTable, didTable: did && differenceInDifferencesTable(did), figureHtml, minGroupSize };
}

export interface YearsView {
  metric: MetricDefinition;
  requestedKey: string;
  terms: Terms;
  trend: TrendPoint[];
  trendTable: ViewTable;
  figureHtml: string;
  ownTable: ViewTable;
  ownExport: ReturnType<typeof ownFiguresExport>;
  years: string[];
}

/** A member's own figures over every published round, and one metric against the network's band. */
export async function loadYearsView(viewer: Viewer, results: RoundResults, search: URLSearchParams): Promise<YearsView> {
  const authorityId = requireOwnAuthority(viewer);
  const published = [...(await loadPublishedResults())].sort((a, b) => a.round.financial_year.localeCompare(b.round.financial_year));
  const { metric, requestedKey, terms } = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const trend = trendView(published, authorityId, metric.key);
  const table = trendTable(metric.label, metric.unit, trend);
  const years = published.map((round) => round.round.financial_year);
  const ownValues = published.map((round) => new Map([...(round.byAuthority.get(authorityId) ?? [])].map(([key, value]) => [key, value.value])));
  const figureHtml = renderFigure(
    `${published.map((round) => round.cacheKey).join(",")}|${viewerCacheKey(viewer)}|years|${metric.key}`,
    "years-",
    <ChartFigure
      chart={<TrendChart unit={metric.unit} points={trend} title={`${metric.label}: your authority against the network's middle half and median, every published round`} />}
      table={table}
      downloadHref={insightFigureHref(results.round.slug, "years", { metric: metric.key, format: "csv" })}
      imageHref={insightFigureHref(results.round.slug, "years", { metric: metric.key, terms })}
    />,
  );
  return { metric, requestedKey, terms, trend, trendTable: table, figureHtml, ownTable: ownFiguresTable(years, ownValues), ownExport: ownFiguresExport(years, ownValues), years };
}
