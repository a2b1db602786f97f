/**
 * The briefing pack for a member's authority or a regional viewer's group, from the same view
 * functions and chart components as the results pages (domain/disclosure, the forecasts page's report,
 * the what-works and every-year views) and the public SEN2 series. See domain/briefing-pack.
 * Routes are not imported here (the architecture test forbids it): where a page's figure is wanted,
 * the same view is built again from the same functions.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { CompositionChart } from "~/components/charts/composition/composition";
import { DistributionChart } from "~/components/charts/distribution/distribution";
import { ForecastChart } from "~/components/charts/forecast/forecast";
import { GroupComparisonChart } from "~/components/charts/group-comparison/group-comparison";
import { ChartFigure } from "~/components/view-table";
import { type PackBlock, type PackDocument, type PackSection, figureFromHtml, packTableFromView } from "~/domain/briefing-pack";
import { SEND_COHORTS } from "~/domain/cohorts";
import { compositionView, distributionView, groupComparisonView, headlineView, neighbourView } from "~/domain/disclosure";
import { decompositionTable, forecastTable } from "~/domain/forecast-report";
import { formatCount, formatMetricValue } from "~/domain/format";
import { ASSOCIATION_CAVEAT } from "~/domain/policy-comparisons";
import { sumIfComplete } from "~/domain/sen2-series";
import { compositionTable, distributionTable, groupComparisonTable } from "~/domain/view-tables";
import { listAuthorities } from "~/models/authority.server";
import { loadSen2Figures } from "~/models/public-statistics.server";
import { type RoundResults, listStatisticalNeighbourIds } from "~/models/round-results.server";
import { getDb } from "../utils/db.server";
import { getEnv } from "../utils/env.server";
import { renderFigure } from "../utils/figure-cache.server";
import { insightFigureHref, loadPoliciesView, loadYearsView } from "./insight.server";
import { downloadHref } from "../utils/results-links";
import { loadForecastPage, resultsHeaderData } from "./results-page.server";
import { requireRoundResults, viewerCacheKey } from "../utils/results-access.server";
import type { Viewer } from "~/domain/permissions";

/** The figures a director reads first: the SEND unit cost and the costliest cohorts. */
const PACK_HEADLINE_METRICS = [
  "unit_cost.send",
  "spend_per_ehcp",
  "ehcp_rate_per_10k",
  "unit_cost.special",
  "unit_cost.independent_special",
  "unit_cost.post16",
  "single_occupancy_share",
] as const;

/** The neighbours' aggregates the pack shows: the headline unit costs. */
const PACK_NEIGHBOUR_METRICS = [
  "unit_cost.send",
  "spend_per_ehcp",
  "unit_cost.special",
  "unit_cost.independent_special",
  "unit_cost.post16",
  "single_occupancy_share",
] as const;

function figureBlock(html: string | null, imageHref: string | null = null): PackBlock[] {
  const figure = html ? figureFromHtml(html, imageHref) : null;
  return figure ? [figure] : [];
}

const pct = (value: number) => formatMetricValue("percent", value * 100, { signed: true });

/** The overview page's charts, built by the same views and components (and cached under the pack's own keys). */
function overviewFigures(results: RoundResults, viewer: Viewer) {
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const slug = results.round.slug;
  const key = (figure: string) => `${results.cacheKey}|${viewerCacheKey(viewer)}|pack|${figure}|${minGroupSize}`;
  const distribution = distributionView(results, viewer, "unit_cost", SEND_COHORTS);
  const groups = groupComparisonView(results, viewer, "unit_cost.send", {
    kind: "region",
    highlightGroupId: viewer.kind === "regional_viewer" ? viewer.groupId : null,
  });
  const composition = viewer.kind === "member" ? compositionView(results, viewer) : null;
  return {
    distribution: renderFigure(
      key("distribution"),
      "pack-distribution-",
      <ChartFigure
        chart={<DistributionChart unit="gbp" groups={distribution} title="Unit cost per child by SEND cohort across the network" />}
        table={distributionTable("Unit cost per child", "gbp", distribution)}
        downloadHref={downloadHref(slug, "distribution")}
      />,
    ),
    composition: composition
      ? renderFigure(
          key("composition"),
          "pack-composition-",
          <ChartFigure
            chart={
              <CompositionChart rows={composition} title="Share of transport spend by cohort: your authority against the network median" />
            }
            table={compositionTable(composition)}
            downloadHref={downloadHref(slug, "composition")}
          />,
        )
      : null,
    groups: renderFigure(
      key("groups"),
      "pack-groups-",
      <ChartFigure
        chart={
          <GroupComparisonChart
            unit="gbp"
            groups={groups.map((g) => ({ ...g, n: g.n ?? 0 }))}
            minGroupSize={minGroupSize}
            title="Unit cost per child (all SEND cohorts) by region: median and interquartile range"
          />
        }
        table={groupComparisonTable("Unit cost per child: all SEND cohorts", "gbp", groups)}
        downloadHref={downloadHref(slug, "groups", { metric: "unit_cost.send" })}
      />,
    ),
  };
}

/** Why spend changed and where it is heading: the forecasts page's own report for this viewer (default assumptions). */
async function forecastBlocks(viewer: Viewer, results: RoundResults): Promise<{ growth: PackBlock[]; forecast: PackBlock[] }> {
  const page = await loadForecastPage(viewer, results, new URLSearchParams());
  if (page.kind !== "report") {
    const text = page.kind === "suppressed" ? `${page.message}.` : "There is no approved return up to this round to forecast from yet.";
    return { growth: [{ kind: "paragraph", text }], forecast: [] };
  }
  const { report, subjectName } = page;
  const growth: PackBlock[] = [];
  const forecast: PackBlock[] = [];
  const table = decompositionTable(report, subjectName);
  if (report.decomposition && table) {
    growth.push({ kind: "paragraph", text: report.decomposition.words, lead: true });
    growth.push({ kind: "table", table: packTableFromView(table) });
  } else {
    growth.push({
      kind: "paragraph",
      text: "Not enough history: a decomposition needs spend, children and a deflator for two different rounds.",
    });
  }
  if (report.retro) {
    const retro = report.retro;
    growth.push({
      kind: "paragraph",
      text: `Had unit costs risen only with inflation, ${report.latestYear} spend would have been ${formatMetricValue("gbp", retro.inflationOnlySpend)}, against an actual ${formatMetricValue("gbp", retro.actualSpend)}: ${formatMetricValue("gbp", Math.abs(retro.difference))} ${retro.difference >= 0 ? "more" : "less"}.`,
    });
  }
  report.forecasts.forEach((item, index) => {
    if (!item.result.ok) {
      forecast.push({ kind: "paragraph", text: `${item.label}: ${item.result.reason}` });
      return;
    }
    const svg = renderToStaticMarkup(
      <ForecastChart metricLabel={item.label} unit={item.unit} history={item.history} forecast={item.result.forecast.forecast} />,
      { identifierPrefix: `pack-forecast-${index}-` },
    );
    const caption = `${item.label}: implied growth ${pct(item.result.forecast.annualGrowth)} a year.`;
    // The sentence travels with its chart: a caption, so print and PDF never part them.
    forecast.push(...figureBlock(svg).map((block) => ({ ...block, caption, table: packTableFromView(forecastTable(item)) })));
  });
  forecast.push({
    kind: "table",
    table: {
      caption: `Savings scenarios on the ${report.latestYear} figures, with the forecasts page's default assumptions (set your own there)`,
      columns: [
        { label: "Scenario", numeric: false },
        { label: "Assumptions", numeric: false },
        { label: "One year", numeric: true },
        { label: "Three years", numeric: true },
      ],
      rows: report.scenarios.map((scenario) => [
        scenario.name,
        scenario.result ? scenario.result.assumptions.join("; ") : `Not available: ${scenario.missing}`,
        scenario.result ? formatMetricValue("gbp", scenario.result.annualSaving) : "—",
        scenario.horizon === null ? "—" : formatMetricValue("gbp", scenario.horizon),
      ]),
    },
  });
  return { growth, forecast };
}

export async function buildBriefingPack(request: Request, slug: string | undefined): Promise<PackDocument> {
  const { viewer, results } = await requireRoundResults(request, slug, "results.briefing_pack");
  const group = viewer.kind === "regional_viewer" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  const ownId = viewer.kind === "member" ? viewer.authorityId : null;
  const subject = group
    ? group.name
    : ownId !== null
      ? (results.identities.get(ownId)?.name ?? (await listAuthorities(getDb())).find((a) => a.id === ownId)?.name ?? "Your authority")
      : "The network";
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const overview = overviewFigures(results, viewer);

  const [policies, years, neighbourIds, forecasts] = await Promise.all([
    loadPoliciesView(viewer, results),
    ownId === null ? Promise.resolve(null) : loadYearsView(viewer, results, new URLSearchParams({ metric: "ehcp_rate_per_10k" })),
    ownId === null ? Promise.resolve(null) : listStatisticalNeighbourIds(getDb(), ownId),
    forecastBlocks(viewer, results),
  ]);
  const sections: PackSection[] = [];

  const headlines = ownId === null ? [] : headlineView(results, ownId, PACK_HEADLINE_METRICS);
  const headlineBlocks: PackBlock[] = [];
  if (ownId !== null) {
    headlineBlocks.push(
      headlines.length === 0
        ? {
            kind: "paragraph",
            text: `${subject} has no approved return in ${results.round.name}, so there is nothing of its own to compare.`,
          }
        : { kind: "list", items: headlines.map((headline) => `${headline.metric.label}: ${headline.summary}.`) },
    );
  } else {
    headlineBlocks.push({
      kind: "paragraph",
      text: `${subject} against the network and the other regions, from ${formatCount(results.identities.size)} authorities' approved returns in ${results.round.name}.`,
      lead: true,
    });
  }
  const firstPolicy = policies.comparisons.find((comparison) => comparison.withCount !== null);
  if (firstPolicy) headlineBlocks.push({ kind: "paragraph", text: `${firstPolicy.sentence} ${ASSOCIATION_CAVEAT}` });
  sections.push({ id: "headlines", title: "Headlines", blocks: headlineBlocks });

  sections.push({
    id: "key-charts",
    title: "Unit costs and where the budget goes",
    blocks: [...figureBlock(overview.distribution), ...figureBlock(overview.composition)],
  });

  const placeBlocks: PackBlock[] = [...figureBlock(overview.groups)];
  if (ownId !== null && neighbourIds) {
    const rows = neighbourView(results, ownId, PACK_NEIGHBOUR_METRICS);
    const contributing = neighbourIds.filter((id) => results.identities.has(id)).length;
    placeBlocks.push({
      kind: "table",
      table: {
        caption: `${subject} against its DfE statistical neighbours (${contributing} of ${neighbourIds.length} with an approved return; shown together only)`,
        columns: [
          { label: "Measure", numeric: false },
          { label: "Yours", numeric: true },
          { label: "Neighbours' lower quartile", numeric: true },
          { label: "Neighbours' median", numeric: true },
          { label: "Neighbours' upper quartile", numeric: true },
        ],
        rows: rows.map((row) => {
          const format = (value: number | null) => (value === null ? "Not available" : formatMetricValue(row.metric.unit, value));
          return !row.neighbours.shown
            ? [row.metric.label, format(row.own), row.neighbours.message, "", ""]
            : [row.metric.label, format(row.own), format(row.neighbours.q1), format(row.neighbours.median), format(row.neighbours.q3)];
        }),
      },
    });
  }
  sections.push({
    id: "region-and-neighbours",
    title: group ? "Your group among the regions" : "Your region and your statistical neighbours",
    blocks: placeBlocks,
  });

  sections.push({
    id: "demand",
    title: "The demand picture",
    blocks: await demandBlocks(subject, group?.authorityIds ?? (ownId === null ? [] : [ownId]), years, results.round.slug),
  });

  sections.push({ id: "spend-growth", title: "Why spend changed", blocks: forecasts.growth });
  if (forecasts.forecast.length > 0) sections.push({ id: "forecast", title: "Forecast and savings scenarios", blocks: forecasts.forecast });

  sections.push({
    id: "what-works",
    title: "What works",
    blocks: [
      { kind: "paragraph", text: ASSOCIATION_CAVEAT, lead: true },
      ...figureBlock(policies.figureHtml, insightFigureHref(results.round.slug, "policies")),
      {
        kind: "list",
        items: policies.comparisons.map(
          (comparison) => `${comparison.label}: ${comparison.sentence}${comparison.own === true ? " (You have this policy.)" : ""}`,
        ),
      },
      ...(policies.did ? [{ kind: "list" as const, items: policies.did.map((row) => row.sentence) }] : []),
    ],
  });

  sections.push({
    id: "notes",
    title: "Data notes and sources",
    blocks: [
      {
        kind: "list",
        items: [
          `Figures come from ${formatCount(results.identities.size)} authorities' approved returns to ${results.round.name} of the Benchmark Network, as published.`,
          `Other authorities are never named. Figures about groups of them (regions, statistical neighbours, councils with or without a policy) are shown only where at least ${minGroupSize} authorities contribute; a figure that would come from fewer is marked as suppressed.`,
          resultsHeaderData(results).realTermsNote ?? "Real-terms figures use HM Treasury GDP deflators.",
          "EHCP counts in the demand picture are the Department for Education's SEN2 statistics (Education, health and care plans), which are public.",
          "Forecasts fit a straight line to the logarithm of each figure over the approved returns and carry it forward, with an 80% prediction interval.",
          "Policy comparisons are associations, not proof of cause: councils that adopt a policy differ in other ways too.",
        ],
      },
    ],
  });

  return { title: `Briefing pack: ${subject}`, subject, roundName: results.round.name, sections };
}

/** Own EHCP rate against the network (members), and the public SEN2 EHCP series of the authority or the group's sum. */
async function demandBlocks(
  subject: string,
  authorityIds: readonly number[],
  years: Awaited<ReturnType<typeof loadYearsView>> | null,
  slug: string,
): Promise<PackBlock[]> {
  const blocks: PackBlock[] = [];
  if (years) blocks.push(...figureBlock(years.figureHtml, insightFigureHref(slug, "years", { metric: years.metric.key })));
  const db = getDb();
  const ids = new Set(authorityIds);
  const codes = (await listAuthorities(db)).filter((authority) => ids.has(authority.id)).map((authority) => authority.code);
  const figures = await loadSen2Figures(db, { codes, breakdowns: ["ehcp.total"] });
  const rows = figures
    .censusYears()
    .flatMap((year) => {
      const total = sumIfComplete(figures, codes, "ehcp.total", year);
      return total === null ? [] : [{ year, total }];
    })
    .slice(-6);
  if (rows.length === 0) {
    blocks.push({ kind: "paragraph", text: "The Department for Education's SEN2 statistics have no EHCP figures for this area yet." });
    return blocks;
  }
  const first = rows[0]!;
  const last = rows.at(-1)!;
  if (rows.length > 1) {
    blocks.push({
      kind: "paragraph",
      text: `EHCPs maintained by ${subject} rose from ${formatCount(first.total)} in January ${first.year} to ${formatCount(last.total)} in January ${last.year} (${formatMetricValue("percent", (last.total / first.total - 1) * 100, { signed: true })}), by the Department for Education's SEN2 statistics.`,
    });
  }
  blocks.push({
    kind: "table",
    table: packTableFromView({
      caption: `EHCPs maintained by ${subject}, January census (DfE SEN2, public statistics)`,
      columns: [
        { key: "census", label: "January census" },
        { key: "ehcps", label: "EHCPs", unit: "count" },
      ],
      rows: rows.map((row) => [String(row.year), row.total]),
    }),
  });
  return blocks;
}
