/**
 * The briefing pack for a member's authority or a regional viewer's group, from the same view
 * functions and chart components as the results pages (domain/disclosure, the forecasts page's report,
 * the what-works and every-year views) and the public SEN2 series. See domain/briefing-pack.
 * Its charts are the figure registry's (services/figures.server), the very HTML the pages show.
 */
import { type PackBlock, type PackDocument, type PackSection, figureFromHtml, packTableFromView } from "~/domain/briefing-pack";
import { headlineView, neighbourView } from "~/domain/disclosure";
import { decompositionTable } from "~/domain/forecast-report";
import { formatCount, formatMetricValue } from "~/domain/format";
import { ASSOCIATION_CAVEAT } from "~/domain/policy-comparisons";
import { sumIfComplete } from "~/domain/sen2-series";
import { listAuthorities } from "~/models/authority.server";
import { loadSen2Figures } from "~/models/public-statistics.server";
import { listStatisticalNeighbourIds } from "~/models/round-results.server";
import { getDb } from "../utils/db.server";
import { getEnv } from "../utils/env.server";
import {
  FIGURES,
  type FigureContext,
  type FigureDefinition,
  type FigureParams,
  figureHrefs,
  forecastPageOf,
  renderRegisteredFigure,
  requireResultsFigures,
} from "./figures.server";
import { loadPolicyChanges, loadPolicyComparisons } from "./insight.server";
import { resultsHeaderData } from "./results-page.server";

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

type RenderedFigure = { html: string } | null;

function figureBlock(figure: RenderedFigure, imageHref: string | null = null): PackBlock[] {
  const block = figure ? figureFromHtml(figure.html, imageHref) : null;
  return block ? [block] : [];
}

/** A registered figure for the pack: the same HTML as on its page, and its image link. */
async function packFigure<P extends FigureParams, M>(ctx: FigureContext, definition: FigureDefinition<P, M>, params: P) {
  const rendered = await renderRegisteredFigure(definition, ctx, params);
  return figureBlock(rendered, figureHrefs(ctx.results.round.slug, definition.name, params).image);
}

const pct = (value: number) => formatMetricValue("percent", value * 100, { signed: true });

/** Why spend changed and where it is heading: the forecasts page's own report for this viewer (default assumptions). */
async function forecastBlocks(ctx: FigureContext): Promise<{ growth: PackBlock[]; forecast: PackBlock[] }> {
  const subject = { authority: "", cohort: "send" } as const;
  const page = await forecastPageOf(ctx, subject);
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
  for (const item of report.forecasts) {
    if (!item.result.ok) {
      forecast.push({ kind: "paragraph", text: `${item.label}: ${item.result.reason}` });
      continue;
    }
    const caption = `${item.label}: implied growth ${pct(item.result.forecast.annualGrowth)} a year.`;
    // The sentence travels with its chart: a caption, so print and PDF never part them.
    const blocks = await packFigure(ctx, FIGURES.forecast, { ...subject, metric: item.metric });
    forecast.push(...blocks.map((block) => ({ ...block, caption })));
  }
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
  const { viewer, results, ctx } = await requireResultsFigures(request, slug, "results.briefing_pack");
  const group = viewer.kind === "regional_viewer" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  const ownId = viewer.kind === "member" ? viewer.authorityId : null;
  const subject = group
    ? group.name
    : ownId !== null
      ? (results.identities.get(ownId)?.name ?? (await listAuthorities(getDb())).find((a) => a.id === ownId)?.name ?? "Your authority")
      : "The network";
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  // The overview's, what works' and every year's figures, drawn by the registry as on their pages.
  const [distribution, composition, regions, policies, policyFigure, years, neighbourIds, forecasts] = await Promise.all([
    packFigure(ctx, FIGURES.distribution, {}),
    packFigure(ctx, FIGURES.composition, {}),
    packFigure(ctx, FIGURES.groups, { metric: "unit_cost.send" }),
    ctx.memo("policy-comparisons", () => loadPolicyComparisons(viewer, results)),
    packFigure(ctx, FIGURES.policies, {}),
    ownId === null ? Promise.resolve([]) : packFigure(ctx, FIGURES.trend, { metric: "ehcp_rate_per_10k" }),
    ownId === null ? Promise.resolve(null) : listStatisticalNeighbourIds(getDb(), ownId),
    forecastBlocks(ctx),
  ]);
  const { did } = await loadPolicyChanges(results, policies);
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
    blocks: [...distribution, ...composition],
  });

  const placeBlocks: PackBlock[] = [...regions];
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
    blocks: await demandBlocks(subject, group?.authorityIds ?? (ownId === null ? [] : [ownId]), years),
  });

  sections.push({ id: "spend-growth", title: "Why spend changed", blocks: forecasts.growth });
  if (forecasts.forecast.length > 0) sections.push({ id: "forecast", title: "Forecast and savings scenarios", blocks: forecasts.forecast });

  sections.push({
    id: "what-works",
    title: "What works",
    blocks: [
      { kind: "paragraph", text: ASSOCIATION_CAVEAT, lead: true },
      ...policyFigure,
      {
        kind: "list",
        items: policies.comparisons.map(
          (comparison) => `${comparison.label}: ${comparison.sentence}${comparison.own === true ? " (You have this policy.)" : ""}`,
        ),
      },
      ...(did ? [{ kind: "list" as const, items: did.map((row) => row.sentence) }] : []),
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
async function demandBlocks(subject: string, authorityIds: readonly number[], ownRateFigure: readonly PackBlock[]): Promise<PackBlock[]> {
  const blocks: PackBlock[] = [...ownRateFigure];
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
