/**
 * The "what works" and "every year at a glance" views, built once for the page, the briefing pack,
 * its PDF, the chart images and the downloads, so that all of them show the same figures.
 *
 * Group figures go through `groupSummariser`, which applies domain/disclosure: at least
 * MIN_GROUP_SIZE contributors, quartiles and means perturbed by their cell key, and no figure whose
 * contributor set differs by 1 to MIN_GROUP_SIZE − 1 from the network's or another figure of the
 * same quantity already offered on the page.
 */
import type { Viewer } from "~/domain/permissions";
import { type TrendPoint, groupQuartiles, perturbQuantile, planGroupFigures, trendView } from "~/domain/disclosure";
import { GroupComparisonChart } from "~/components/charts/group-comparison/group-comparison";
import { TrendChart } from "~/components/charts/trend/trend";
import { ChartFigure } from "~/components/view-table";
import { differenceInDifferencesTable, ownFiguresExport, ownFiguresTable, policySummaryTable } from "~/domain/insight-tables";
import { type MetricDefinition, findMetric } from "~/domain/metrics";
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
import { getDb } from "../utils/db.server";
import { getEnv } from "../utils/env.server";
import { renderFigure } from "../utils/figure-cache.server";
import { loadPublishedResults, pseudonymSecret, requireOwnAuthority, viewerCacheKey } from "../utils/results-access.server";

/** The one route that serves these views' downloads: chart images (svg, png) and tables (csv, xlsx). */
export function insightFigureHref(slug: string, figure: InsightFigure, params: Record<string, string> = {}): string {
  return `/results/${slug}/figure?${new URLSearchParams({ figure, ...params }).toString()}`;
}

export type InsightFigure = "policies" | "years" | "own-figures";

function groupSummariser(results: RoundResults, viewer: Viewer): GroupSummariser {
  const minGroupSize = results.minGroupSize;
  if (viewer.kind === "coordinator") return minimumSizeSummariser(minGroupSize);
  // Per quantity (the metric, the last part of the figure's name): the sets already offered, the network's first.
  const offered = new Map<string, Array<ReadonlySet<number>>>();
  return (contributors, figure) => {
    const quantity = figure.split("|").at(-1)!;
    const metric = results.byMetric.get(quantity);
    const before = offered.get(quantity) ?? (metric ? [new Set(metric.map((m) => m.authorityId))] : []);
    offered.set(quantity, before);
    const members = new Set(contributors.map((c) => c.authorityId));
    const status = planGroupFigures(
      [...before.map((set, i) => ({ key: `before:${i}`, members: set })), { key: "this", members }],
      minGroupSize,
    ).get("this")!;
    if (!status.shown) return null;
    if (!before.some((set) => set.size === members.size && [...members].every((id) => set.has(id)))) before.push(members);
    const unit = findMetric(quantity)?.unit ?? "percent";
    const coded = contributors.map((c) => ({ code: results.identities.get(c.authorityId)?.code ?? String(c.authorityId), value: c.value }));
    const quartiles = groupQuartiles({ hash: results.hash, cell: `${results.round.slug}\u0000${figure}`, unit, contributors: coded });
    const values = contributors.map((c) => c.value);
    const exactMean = values.reduce((a, b) => a + b, 0) / values.length;
    const codes = coded
      .map((c) => c.code)
      .sort()
      .join(",");
    const mean = perturbQuantile({
      hash: results.hash,
      cell: `${results.round.slug}\u0000${figure}\u0000mean\u0000${codes}`,
      value: exactMean,
      scale: Math.abs(quartiles.q3 - quartiles.q1),
      unit,
      contributorValues: values,
    });
    return { q1: quartiles.q1, median: quartiles.median, q3: quartiles.q3, mean };
  };
}

function policyRecords(
  results: RoundResults,
  answers: ReadonlyMap<number, Record<string, boolean>>,
  onlyIds: ReadonlySet<number> | null,
): PolicyRecord[] {
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
  return previous
    ? loadRoundResults(db, previous, { pseudonymSecret: await pseudonymSecret(), minGroupSize: getEnv().MIN_GROUP_SIZE })
    : null;
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
  const summarise = groupSummariser(results, viewer);
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
  const trend = trendView(published, { kind: "member", authorityId }, metric.key);
  const table = trendTable(metric.label, metric.unit, trend);
  const years = published.map((round) => round.round.financial_year);
  const ownValues = published.map(
    (round) => new Map([...(round.byAuthority.get(authorityId) ?? [])].map(([key, value]) => [key, value.value])),
  );
  const figureHtml = renderFigure(
    `${published.map((round) => round.cacheKey).join(",")}|${viewerCacheKey(viewer)}|years|${metric.key}`,
    "years-",
    <ChartFigure
      chart={
        <TrendChart
          unit={metric.unit}
          points={trend}
          title={`${metric.label}: your authority against the network's middle half and median, every published round`}
        />
      }
      table={table}
      downloadHref={insightFigureHref(results.round.slug, "years", { metric: metric.key, format: "csv" })}
      imageHref={insightFigureHref(results.round.slug, "years", { metric: metric.key, terms })}
    />,
  );
  return {
    metric,
    requestedKey,
    terms,
    trend,
    trendTable: table,
    figureHtml,
    ownTable: ownFiguresTable(years, ownValues),
    ownExport: ownFiguresExport(years, ownValues),
    years,
  };
}
