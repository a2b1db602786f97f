/**
 * The briefing pack for a member's authority or a regional viewer's group, assembled from what the
 * results pages themselves serve that viewer: the overview, regions, statistical neighbours and
 * forecasts pages' loaders (so every figure has been through the same rules as on those pages), the
 * what-works and every-year views, and the public SEN2 series. See domain/briefing-pack.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { ForecastChart } from "~/components/charts/forecast/forecast";
import { type PackBlock, type PackDocument, type PackSection, figureFromHtml, packTableFromView } from "~/domain/briefing-pack";
import { formatCount, formatMetricValue } from "~/domain/format";
import { ASSOCIATION_CAVEAT } from "~/domain/policy-comparisons";
import { sumIfComplete } from "~/domain/sen2-series";
import { listAuthorities } from "~/models/authority.server";
import { loadSen2Figures } from "~/models/public-statistics.server";
import { loader as forecastsLoader } from "~/routes/results.$slug.forecasts";
import { loader as overviewLoader } from "~/routes/results.$slug._index";
import { loader as neighboursLoader } from "~/routes/results.$slug.neighbours";
import { forbidden } from "./auth.server";
import { getDb } from "./db.server";
import { insightFigureHref, loadPoliciesView, loadYearsView } from "./insight.server";
import { requireRoundResults } from "./results-access.server";

/** Another results page's loader data for the same viewer and round, as that page would get it. */
async function pageData<T>(loader: (args: LoaderFunctionArgs) => Promise<T>, args: LoaderFunctionArgs, path: string): Promise<T> {
  const url = new URL(args.request.url);
  url.pathname = `/results/${args.params.slug}${path}`;
  url.search = "";
  return loader({ ...args, request: new Request(url, { headers: args.request.headers }) });
}

function figureBlock(html: string | null, imageHref: string | null = null): PackBlock[] {
  const figure = html ? figureFromHtml(html, imageHref) : null;
  return figure ? [figure] : [];
}

const pct = (value: number) => formatMetricValue("percent", value * 100, { signed: true });

export async function buildBriefingPack(args: LoaderFunctionArgs): Promise<PackDocument> {
  const { viewer, results } = await requireRoundResults(args.request, args.params.slug);
  if (viewer.kind === "coordinator") throw forbidden();
  const slug = results.round.slug;
  const group = viewer.kind === "regional" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  if (viewer.kind === "regional" && !group) throw forbidden();
  const ownId = viewer.kind === "member" ? viewer.authorityId : null;
  const subject = group ? group.name : (results.identities.get(ownId!)?.name ?? "Your authority");

  const [overview, forecasts, policies, neighbours, years] = await Promise.all([
    pageData(overviewLoader, args, ""),
    pageData(forecastsLoader, args, "/forecasts"),
    loadPoliciesView(viewer, results),
    ownId === null ? Promise.resolve(null) : pageData(neighboursLoader, args, "/neighbours"),
    ownId === null ? Promise.resolve(null) : loadYearsView(viewer, results, new URLSearchParams({ metric: "ehcp_rate_per_10k" })),
  ]);

  const sections: PackSection[] = [];

  // Headlines
  const headlineBlocks: PackBlock[] = [];
  if (ownId !== null) {
    headlineBlocks.push(
      overview.headlines.length === 0
        ? { kind: "paragraph", text: `${subject} has no approved return in ${results.round.name}, so there is nothing of its own to compare.` }
        : { kind: "list", items: overview.headlines.map((headline) => `${headline.metric.label}: ${headline.summary}.`) },
    );
  } else {
    headlineBlocks.push({ kind: "paragraph", text: `${subject} against the network and the other regions, from ${formatCount(overview.approvedReturns)} authorities' approved returns in ${results.round.name}.`, lead: true });
  }
  if (forecasts.kind === "report" && forecasts.decomposition) headlineBlocks.push({ kind: "paragraph", text: forecasts.decomposition.words });
  const firstPolicy = policies.comparisons.find((comparison) => comparison.withCount !== null);
  if (firstPolicy) headlineBlocks.push({ kind: "paragraph", text: `${firstPolicy.sentence} ${ASSOCIATION_CAVEAT}` });
  sections.push({ id: "headlines", title: "Headlines", blocks: headlineBlocks });

  // Key charts
  sections.push({
    id: "key-charts",
    title: "Unit costs and where the budget goes",
    blocks: [...figureBlock(overview.distributionHtml), ...figureBlock(overview.compositionHtml)],
  });

  // Region and neighbours
  const placeBlocks: PackBlock[] = [...figureBlock(overview.groupsHtml)];
  if (neighbours) {
    placeBlocks.push({
      kind: "table",
      table: {
        caption: `${subject} against its DfE statistical neighbours (${neighbours.contributing} of ${neighbours.neighbourCount} with an approved return; shown together only)`,
        columns: [
          { label: "Measure", numeric: false },
          { label: "Yours", numeric: true },
          { label: "Neighbours' lower quartile", numeric: true },
          { label: "Neighbours' median", numeric: true },
          { label: "Neighbours' upper quartile", numeric: true },
        ],
        rows: neighbours.rows.map((row) => {
          const format = (value: number | null) => (value === null ? "Not available" : formatMetricValue(row.metric.unit, value, { signed: row.metric.key.startsWith("growth.") }));
          return row.neighbours.suppressed
            ? [row.metric.label, format(row.own), neighbours.suppressed, "", ""]
            : [row.metric.label, format(row.own), format(row.neighbours.statistics.q1), format(row.neighbours.statistics.median), format(row.neighbours.statistics.q3)];
        }),
      },
    });
  }
  sections.push({ id: "region-and-neighbours", title: group ? "Your group among the regions" : "Your region and your statistical neighbours", blocks: placeBlocks });

  // Demand
  sections.push({ id: "demand", title: "The demand picture", blocks: await demandBlocks(subject, group?.authorityIds ?? [ownId!], years, slug) });

  // Spend growth, forecast and scenarios
  const growthBlocks: PackBlock[] = [];
  const forecastBlocks: PackBlock[] = [];
  if (forecasts.kind === "report") {
    if (forecasts.decomposition) {
      growthBlocks.push({ kind: "paragraph", text: forecasts.decomposition.words, lead: true });
      const network = forecasts.network;
      growthBlocks.push({
        kind: "table",
        table: {
          caption: `Growth factors, ${forecasts.firstYear} to ${forecasts.latestYear} (each compounds with the others to give the change in spend)`,
          columns: [
            { label: "Factor", numeric: false },
            { label: subject, numeric: true },
            { label: network ? `Network median (${network.n} authorities)` : "Network median", numeric: true },
          ],
          rows: [
            ["Children (volume)", pct(forecasts.decomposition.volume), network ? pct(network.volume) : "—"],
            ["Inflation (GDP deflator)", pct(forecasts.decomposition.inflation), network ? pct(network.inflation) : "—"],
            ["Real unit cost", pct(forecasts.decomposition.realUnitCost), network ? pct(network.realUnitCost) : "—"],
            ["Spend", pct(forecasts.decomposition.spendChange), network ? pct(network.spendChange) : "—"],
          ],
        },
      });
    } else {
      growthBlocks.push({ kind: "paragraph", text: "Not enough history: a decomposition needs spend, children and a deflator for two different rounds." });
    }
    if (forecasts.retro) {
      const retro = forecasts.retro;
      growthBlocks.push({
        kind: "paragraph",
        text: `Had unit costs risen only with inflation, ${forecasts.latestYear} spend would have been ${formatMetricValue("gbp", retro.inflationOnlySpend)}, against an actual ${formatMetricValue("gbp", retro.actualSpend)}: ${formatMetricValue("gbp", Math.abs(retro.difference))} ${retro.difference >= 0 ? "more" : "less"}.`,
      });
    }
    forecasts.forecasts.forEach((forecast, index) => {
      if (!forecast.result.ok) {
        forecastBlocks.push({ kind: "paragraph", text: `${forecast.label}: ${forecast.result.reason}` });
        return;
      }
      const svg = renderToStaticMarkup(<ForecastChart metricLabel={forecast.label} unit={forecast.unit} history={forecast.history} forecast={forecast.result.forecast} />, { identifierPrefix: `pack-forecast-${index}-` });
      forecastBlocks.push({ kind: "paragraph", text: `${forecast.label}: implied growth ${pct(forecast.result.annualGrowth)} a year.` });
      forecastBlocks.push(...figureBlock(svg));
    });
    forecastBlocks.push({
      kind: "table",
      table: {
        caption: `Savings scenarios on the ${forecasts.latestYear} figures (illustrative assumptions)`,
        columns: [
          { label: "Scenario", numeric: false },
          { label: "Assumptions", numeric: false },
          { label: "One year", numeric: true },
          { label: "Three years", numeric: true },
        ],
        rows: forecasts.scenarios.map((scenario) => [
          scenario.name,
          scenario.result ? scenario.result.assumptions.join("; ") : `Not available: ${scenario.missing}`,
          scenario.result ? formatMetricValue("gbp", scenario.result.annualSaving) : "—",
          scenario.horizon === null ? "—" : formatMetricValue("gbp", scenario.horizon),
        ]),
      },
    });
  } else {
    const reason = forecasts.kind === "suppressed" ? `${forecasts.message}.` : "There is no approved return up to this round to forecast from yet.";
    growthBlocks.push({ kind: "paragraph", text: reason });
  }
  sections.push({ id: "spend-growth", title: "Why spend changed", blocks: growthBlocks });
  if (forecastBlocks.length > 0) sections.push({ id: "forecast", title: "Forecast and savings scenarios", blocks: forecastBlocks });

  // What works
  sections.push({
    id: "what-works",
    title: "What works",
    blocks: [
      { kind: "paragraph", text: ASSOCIATION_CAVEAT, lead: true },
      ...figureBlock(policies.figureHtml, insightFigureHref(slug, "policies")),
      { kind: "list", items: policies.comparisons.map((comparison) => `${comparison.label}: ${comparison.sentence}${comparison.own === true ? " (You have this policy.)" : ""}`) },
      ...(policies.did ? [{ kind: "list" as const, items: policies.did.map((row) => row.sentence) }] : []),
    ],
  });

  // Notes and sources
  sections.push({
    id: "notes",
    title: "Data notes and sources",
    blocks: [
      {
        kind: "list",
        items: [
          `Figures come from ${formatCount(overview.approvedReturns)} authorities' approved returns to ${results.round.name} of the Benchmark Network, as published.`,
          "Other authorities are never named. Figures about groups of them (regions, statistical neighbours, councils with or without a policy) are shown only where enough authorities contribute; a figure that would come from too few is marked as suppressed.",
          overview.header.realTermsNote ?? "Real-terms figures use HM Treasury GDP deflators.",
          "EHCP counts in the demand picture are the Department for Education's SEN2 statistics (Education, health and care plans), which are public.",
          "Forecasts fit a straight line to the logarithm of each figure over the approved returns and carry it forward; savings scenarios use the assumptions printed beside them.",
          "Policy comparisons are associations, not proof of cause: councils that adopt a policy differ in other ways too.",
        ],
      },
    ],
  });

  return { title: `Briefing pack: ${subject}`, subject, roundName: results.round.name, sections };
}

/** Own EHCP rate against the network (members), and the public SEN2 EHCP series of the authority or the group's sum. */
async function demandBlocks(subject: string, authorityIds: readonly number[], years: Awaited<ReturnType<typeof loadYearsView>> | null, slug: string): Promise<PackBlock[]> {
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
