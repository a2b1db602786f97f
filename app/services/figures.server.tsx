/**
 * The one registry of figures. Each chart a results page shows is named here once — its parameters,
 * the view data it is drawn from (always through domain/disclosure), its chart, table and caption —
 * and pages, the download route (CSV, Excel) and the chart image route (SVG, PNG) all read it, so a
 * download or an image cannot differ from the figure on the page. The figure cache's key is derived
 * from the entry and its parameters (`figureKey`), never written by hand.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { ReactElement } from "react";
import { CompositionChart } from "~/components/charts/composition/composition";
import { DistributionChart } from "~/components/charts/distribution/distribution";
import { DemandSeriesChart } from "~/components/charts/demand-series/demand-series";
import { ForecastChart } from "~/components/charts/forecast/forecast";
import { GroupComparisonChart } from "~/components/charts/group-comparison/group-comparison";
import { ScatterChart } from "~/components/charts/scatter/scatter";
import { NARROW_CHART_WIDTH } from "~/components/charts/shared";
import { StripChart } from "~/components/charts/strip/strip";
import { TrendChart } from "~/components/charts/trend/trend";
import type { FigureSlot } from "~/components/figure-slot";
import { ChartFigure } from "~/components/view-table";
import { SEND_COHORTS } from "~/domain/cohorts";
import { compositionView, distributionView, groupComparisonView, rankingView, regionOf, scatterView, trendView } from "~/domain/disclosure";
import { decompositionTable, forecastTable, parseScenarioInputs, shareOfGrowth } from "~/domain/forecast-report";
import { formatMetricValue } from "~/domain/format";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { findMetric } from "~/domain/metrics";
import { type Permission, type Viewer, can } from "~/domain/permissions";
import { type DemandView, demandSeriesTable, indexedLines } from "~/domain/sen2-demand";
import { policySideLabel } from "~/domain/policy-comparisons";
import {
  type ViewTable,
  compositionTable,
  distributionTable,
  groupComparisonTable,
  placementTable,
  rankingTable,
  scatterTable,
  trendTable,
} from "~/domain/view-tables";
import type { RoundResults } from "./round-results.server";
import { forbidden, notFound } from "../utils/auth.server";
import { cachedFigure, figureSlot, renderFigureMarkup } from "../utils/figure-cache.server";
import { loadPolicyComparisons } from "./insight.server";
import { downloadHref } from "../utils/results-links";
import { loadForecastPage } from "./results-page.server";
import { loadPublishedResults, requireRoundResults, viewerCacheKey } from "../utils/results-access.server";

/** What every figure is drawn for: the viewer, the round's results, the minimum group size, and a per-request memo. */
export interface FigureContext {
  viewer: Viewer;
  results: RoundResults;
  minGroupSize: number;
  /** Shares a view between a page and its figures within one request (built at most once). */
  memo: <T>(name: string, build: () => T) => T;
}

export function figureContext(viewer: Viewer, results: RoundResults): FigureContext {
  const memos = new Map<string, unknown>();
  return {
    viewer,
    results,
    minGroupSize: results.minGroupSize,
    memo: <T,>(name: string, build: () => T): T => {
      if (!memos.has(name)) memos.set(name, build());
      return memos.get(name) as T;
    },
  };
}

/** The guard of every results page and download with figures: the viewer, the round's results and the figures' context. */
export async function requireResultsFigures(request: Request, slug: string | undefined, permission?: Permission) {
  const { viewer, results } = await requireRoundResults(request, slug, permission);
  return { viewer, results, ctx: figureContext(viewer, results), search: new URL(request.url).searchParams };
}

/** A figure's parameters: every choice it depends on, in canonical form (they name it in URLs and in its cache key). */
export type FigureParams = Readonly<Record<string, string>>;

export interface DrawnFigure<M = null> {
  /** The chart's title: its accessible name, the spreadsheet's title and the image links' hidden text. */
  caption: string;
  chart: ReactElement;
  /** The same chart laid out for phones (NARROW_CHART_WIDTH): shown instead of `chart` on a small screen. */
  narrowChart?: ReactElement;
  table: ViewTable;
  summary?: string | null;
  /** What the page says about the figure besides drawing it; cached with it. */
  meta: M;
}

export interface FigureDefinition<P extends FigureParams = FigureParams, M = unknown> {
  /** Its name in `?view=` and `?figure=`, file names, element ids and cache keys. */
  name: string;
  /** Its parameters from a query string, defaults filled in (a choice it cannot draw makes `draw` return null). */
  params: (search: URLSearchParams, ctx: FigureContext) => P;
  /** Results of rounds besides this one that it is drawn from: their versions join its key. */
  sources?: (ctx: FigureContext) => Promise<readonly RoundResults[]>;
  /** Its view data (through domain/disclosure) drawn as chart and table; null: nothing to draw for this viewer. */
  draw: (ctx: FigureContext, params: P, sources: readonly RoundResults[]) => Promise<DrawnFigure<M> | null> | DrawnFigure<M> | null;
  /** False for figures drawn from data no results version covers (approved history): drawn per request. */
  cached?: false;
  /** What the viewer needs beyond "results.published" (the page's own permission). */
  permission?: Permission;
}

function defineFigure<P extends FigureParams, M = null>(definition: FigureDefinition<P, M>): FigureDefinition<P, M> {
  return definition;
}

const metricParams = (search: URLSearchParams, ctx: FigureContext) => ({
  metric: resolveMetricChoice(search, { realTermsAvailable: ctx.results.realTerms.available }).metric.key,
});

function metricOf(params: { metric: string }) {
  return findMetric(params.metric)!;
}

const ownAuthorityOf = (viewer: Viewer) => (viewer.kind === "member" ? viewer.authorityId : null);

/** Regions side by side: a regional viewer's own group highlighted, or a member's own region. */
const groupsOf = (ctx: FigureContext, metricKey: string) => {
  const ownId = ownAuthorityOf(ctx.viewer);
  return groupComparisonView(ctx.results, ctx.viewer, metricKey, {
    kind: "region",
    highlightGroupId:
      ctx.viewer.kind === "regional_viewer" ? ctx.viewer.groupId : ownId === null ? null : (regionOf(ctx.results, ownId)?.id ?? null),
  });
};

/** A member's own authority and value of a metric, to mark on a chart; null for anyone else or without a value. */
function ownValueOf(ctx: FigureContext, metricKey: string): { label: string; value: number } | null {
  const ownId = ownAuthorityOf(ctx.viewer);
  if (ownId === null) return null;
  const value = ctx.results.byAuthority.get(ownId)?.get(metricKey)?.value;
  const name = ctx.results.identities.get(ownId)?.name;
  return value === undefined || name === undefined ? null : { label: name, value };
}

/** A chart at the usual width and at NARROW_CHART_WIDTH for phones. */
function atBothWidths(render: (width: number | undefined) => ReactElement): { chart: ReactElement; narrowChart: ReactElement } {
  return { chart: render(undefined), narrowChart: render(NARROW_CHART_WIDTH) };
}

/** The explorer's chart: every authority ranked (confidential metrics) or the network's spread with the own value placed. */
const ranking = defineFigure({
  name: "ranking",
  params: metricParams,
  draw: (ctx, params) => {
    const metric = metricOf(params);
    const view = rankingView(ctx.results, ctx.viewer, metric.key)!;
    const available = view.mode === "ranked" ? view.rows.length > 0 : (ctx.results.byMetric.get(metric.key)?.length ?? 0) > 0;
    if (!available) return null;
    const stats = view.distribution.shown ? view.distribution : null;
    const meta = { mode: view.mode };
    if (view.mode === "ranked") {
      const caption = `${metric.label}: every authority as a dot, with the network's middle half and median`;
      return {
        caption,
        summary: view.ownSummary,
        meta,
        table: rankingTable({ metricLabel: metric.label, unit: metric.unit, rows: view.rows }),
        ...atBothWidths((width) => (
          <StripChart
            width={width}
            metricLabel={metric.label}
            unit={metric.unit}
            points={view.rows.map((row) => ({ id: row.key, label: row.label, value: row.value, own: row.own }))}
            stats={stats && { q1: stats.q1, median: stats.median, q3: stats.q3 }}
            title={caption}
          />
        )),
      };
    }
    const caption = `${metric.label}: the network's middle half and median${view.own ? ", with your value marked" : ""}`;
    return {
      caption,
      summary: view.ownSummary,
      meta,
      table: placementTable(metric.label, metric.unit, stats, view.own, view.distribution.shown ? null : view.distribution.message),
      ...atBothWidths((width) => (
        <DistributionChart
          width={width}
          unit={metric.unit}
          metricLabel={metric.label}
          groups={[{ label: "All authorities", stats, own: view.own?.value ?? null }]}
          title={caption}
        />
      )),
    };
  },
});

const distribution = defineFigure({
  name: "distribution",
  params: () => ({}),
  draw: (ctx) => {
    const groups = distributionView(ctx.results, ctx.viewer, "unit_cost", SEND_COHORTS);
    const caption = "Unit cost per child by SEND cohort across the network";
    return {
      caption,
      meta: null,
      table: distributionTable("Unit cost per child", "gbp", groups),
      ...atBothWidths((width) => (
        <DistributionChart width={width} unit="gbp" groups={groups} metricLabel="Unit cost per child" title={caption} />
      )),
    };
  },
});

/** A member's spend by cohort against the network median: for members only. */
const composition = defineFigure({
  name: "composition",
  params: () => ({}),
  permission: "results.own_authority",
  draw: (ctx) => {
    const authorityId = ownAuthorityOf(ctx.viewer);
    if (authorityId === null) return null;
    const rows = compositionView(ctx.results, { kind: "member", authorityId });
    const caption = "Share of transport spend by cohort: your authority against the network median";
    return {
      caption,
      meta: null,
      table: compositionTable(rows),
      ...atBothWidths((width) => <CompositionChart width={width} rows={rows} metricLabel="Share of transport spend" title={caption} />),
    };
  },
});

const groups = defineFigure({
  name: "groups",
  params: metricParams,
  draw: (ctx, params) => {
    const metric = metricOf(params);
    const view = groupsOf(ctx, metric.key);
    const caption = `${metric.label} by region: median and interquartile range`;
    return {
      caption,
      meta: null,
      table: groupComparisonTable(metric.label, metric.unit, view),
      ...atBothWidths((width) => (
        <GroupComparisonChart
          width={width}
          unit={metric.unit}
          groups={view.map((g) => ({ ...g, n: g.n ?? 0 }))}
          minGroupSize={ctx.minGroupSize}
          ownLabel={ctx.viewer.kind === "member" ? "Your region" : undefined}
          own={ownValueOf(ctx, metric.key)}
          metricLabel={metric.label}
          title={caption}
        />
      )),
    };
  },
});

const DEFAULT_SCATTER_AXES = { x: "ehcp_rate_per_10k", y: "unit_cost.send" };

const scatter = defineFigure({
  name: "scatter",
  params: (search) => ({
    x: (findMetric(search.get("x") ?? "") ?? findMetric(DEFAULT_SCATTER_AXES.x)!).key,
    y: (findMetric(search.get("y") ?? "") ?? findMetric(DEFAULT_SCATTER_AXES.y)!).key,
  }),
  draw: (ctx, params) => {
    const x = findMetric(params.x)!;
    const y = findMetric(params.y)!;
    const view = scatterView(ctx.results, ctx.viewer, x.key, y.key);
    const caption = `${y.label} against ${x.label}`;
    return {
      caption,
      meta: { othersShown: view.othersShown },
      table: scatterTable({ key: x.key, label: x.label, unit: x.unit }, { key: y.key, label: y.label, unit: y.unit }, view.points),
      ...atBothWidths((width) => (
        <ScatterChart
          width={width}
          x={{ label: x.label, unit: x.unit }}
          y={{ label: y.label, unit: y.unit }}
          points={view.points.map((p) => ({
            id: p.key,
            x: p.x,
            y: p.y,
            highlighted: p.highlighted,
            ...(p.highlighted ? { label: p.label } : {}),
          }))}
          title={caption}
        />
      )),
    };
  },
});

/** A member's own line over every published round against the network's band (explorer, every year at a glance). */
const trend = defineFigure({
  name: "trend",
  params: metricParams,
  permission: "results.own_authority",
  sources: () => loadPublishedResults(),
  draw: (ctx, params, published) => {
    const authorityId = ownAuthorityOf(ctx.viewer);
    if (authorityId === null) return null;
    const metric = metricOf(params);
    const points = trendView(published, { kind: "member", authorityId }, metric.key);
    const caption = `${metric.label}: your authority against the network's middle half and median, every published round`;
    return {
      caption,
      meta: null,
      table: trendTable(metric.label, metric.unit, points),
      ...atBothWidths((width) => <TrendChart width={width} unit={metric.unit} points={points} title={caption} />),
    };
  },
});

/** What works: the SEND unit cost of councils with each policy against those without. */
const policies = defineFigure({
  name: "policies",
  params: () => ({}),
  draw: async (ctx) => {
    const view = await ctx.memo("policy-comparisons", () => loadPolicyComparisons(ctx.viewer, ctx.results));
    const caption = `SEND unit cost a child, councils with each policy against those without, in ${view.scopeName}: median and middle half`;
    return {
      caption,
      meta: null,
      table: view.summaryTable,
      ...atBothWidths((width) => (
        <GroupComparisonChart
          width={width}
          unit="gbp"
          minGroupSize={ctx.minGroupSize}
          ownLabel="The side your authority is on"
          groups={view.comparisons.flatMap((comparison) => {
            const unitCost = comparison.outcomes[0]!;
            return (["with", "without"] as const).map((side) => ({
              label: `${policySideLabel(comparison.policyKey, comparison.label, side)}${comparison.own === (side === "with") ? " (you)" : ""}`,
              n: unitCost[side].n ?? 0,
              suppressed: unitCost[side].figure === null,
              stats: unitCost[side].figure,
              highlighted: comparison.own === (side === "with"),
            }));
          })}
          title={caption}
        />
      )),
    };
  },
});

/** The forecasts page's choices that change its charts: whose figures (coordinators pick) and which cohort. */
const forecastSubjectParams = (search: URLSearchParams, ctx: FigureContext) => ({
  authority: ctx.viewer.kind === "coordinator" ? (search.get("authority") ?? "") : "",
  cohort: parseScenarioInputs(search).cohort,
});

/**
 * The forecasts page's report, built once a request for the page and all its figures. Its charts
 * depend only on whose figures and the cohort; the page passes its whole query (the scenarios' inputs too).
 */
export function forecastPageOf(ctx: FigureContext, params: { authority: string; cohort: string }, search?: URLSearchParams) {
  return ctx.memo(`forecast-page|${params.authority}|${params.cohort}`, () =>
    loadForecastPage(ctx.viewer, ctx.results, search ?? new URLSearchParams({ authority: params.authority, cohort: params.cohort })),
  );
}

const FACTOR_LABELS = {
  volume: "More children (volume)",
  inflation: "Inflation",
  realUnitCost: "Dearer journeys (real unit cost)",
} as const;

const decomposition = defineFigure({
  name: "decomposition",
  params: forecastSubjectParams,
  cached: false,
  permission: "results.forecasts",
  draw: async (ctx, params) => {
    const page = await forecastPageOf(ctx, params);
    if (page.kind !== "report" || !page.report.decomposition) return null;
    const { report } = page;
    const table = decompositionTable(report, page.subjectName);
    if (!table) return null;
    const network = report.network?.shown ? report.network : null;
    // A member's own bars are "You"; a regional viewer's are their group's, a coordinator's the authority's.
    const caption = `Each factor's share of the change in spend: ${page.ownLabel === "You" ? "yours" : page.ownLabel} against the network median`;
    return {
      caption,
      summary: report.decomposition!.words,
      meta: null,
      table,
      ...atBothWidths((width) => (
        <CompositionChart
          width={width}
          title={caption}
          ownLabel={page.ownLabel}
          rows={(["volume", "inflation", "realUnitCost"] as const).map((factor) => ({
            label: FACTOR_LABELS[factor],
            own: shareOfGrowth(report.decomposition!, factor),
            networkMedian: network && shareOfGrowth(network, factor),
          }))}
        />
      )),
    };
  },
});

const forecast = defineFigure({
  name: "forecast",
  params: (search, ctx) => ({ ...forecastSubjectParams(search, ctx), metric: search.get("metric") ?? "" }),
  cached: false,
  permission: "results.forecasts",
  draw: async (ctx, params) => {
    const page = await forecastPageOf(ctx, params);
    if (page.kind !== "report") return null;
    const found = page.report.forecasts.find((f) => f.metric === params.metric);
    if (!found || !found.result.ok) return null;
    const caption = `${found.label}: history and forecast with its 80% prediction interval`;
    const { forecast } = found.result;
    return {
      caption,
      summary: `Implied growth ${formatMetricValue("percent", forecast.annualGrowth * 100, { signed: true })} a year. Sources: ${found.sources}`,
      meta: null,
      table: forecastTable(found),
      ...atBothWidths((width) => (
        <ForecastChart width={width} metricLabel={found.label} unit={found.unit} history={found.history} forecast={forecast.forecast} />
      )),
    };
  },
});

/**
 * The demand page's chart: DfE's public SEN2 series, every authority named (§5.3 rule 9), drawn per
 * request (SEN2 releases are not part of any results version). Its page, CSV and images share it.
 */
export function demandFigure(view: DemandView): { id: string; html: string; caption: string } {
  const id = "figure-demand";
  const caption = `EHCPs by January census, ${view.from} = 100`;
  const query = new URLSearchParams({ authority: view.authority.code, from: String(view.from), to: String(view.to) }).toString();
  const html = renderFigureMarkup(
    <ChartFigure
      {...atBothWidths((width) => (
        <DemandSeriesChart width={width} years={view.years} baseYear={view.from} lines={indexedLines(view)} title={caption} />
      ))}
      table={demandSeriesTable(view)}
      downloadHref={`/demand/download?${query}`}
      imageHref={`/demand/figure?${query}`}
      caption={caption}
    />,
    `${id}-`,
  );
  return { id, html, caption };
}

/** Every figure, by name. */
export const FIGURES = {
  ranking,
  distribution,
  composition,
  groups,
  scatter,
  trend,
  policies,
  decomposition,
  forecast,
} as const;

export type FigureName = keyof typeof FIGURES;

export function findFigure(name: string | null): FigureDefinition<FigureParams, unknown> | undefined {
  return name !== null && Object.hasOwn(FIGURES, name)
    ? (FIGURES[name as FigureName] as unknown as FigureDefinition<FigureParams, unknown>)
    : undefined;
}

/** A figure named in a download's or image's query, with its parameters: 404 when there is none, 403 when the viewer may not have it. */
export function requireFigure(ctx: FigureContext, name: string | null, search: URLSearchParams) {
  const definition = findFigure(name);
  if (!definition) throw notFound();
  const params = definition.params(search, ctx);
  if (definition.permission && !can(ctx.viewer, definition.permission)) throw forbidden();
  return { definition, params };
}

/**
 * The figure cache's key: the figure's name, the version of every results set it is drawn from, the
 * viewer's view, the minimum group size and each parameter by name — everything `draw` receives.
 */
export function figureKey(
  definition: Pick<FigureDefinition, "name">,
  ctx: FigureContext,
  params: FigureParams,
  sources: readonly RoundResults[],
): string {
  const choices = Object.keys(params)
    .sort()
    .map((name) => `${name}=${encodeURIComponent(params[name]!)}`);
  return [
    definition.name,
    ctx.results.cacheKey,
    `sources=${sources.map((source) => source.cacheKey).join(",")}`,
    viewerCacheKey(ctx.viewer),
    `min=${ctx.minGroupSize}`,
    ...choices,
  ].join("|");
}

/** Where a figure's data downloads (CSV; `format=xlsx` for Excel) and its chart images come from. */
export function figureHrefs(slug: string, name: string, params: FigureParams) {
  // An empty parameter is its default: left out of the link.
  const given = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== ""));
  return {
    csv: downloadHref(slug, name, given),
    image: `/results/${slug}/figure?${new URLSearchParams({ figure: name, ...given }).toString()}`,
  };
}

/** The element id of a figure on a page, and its render's id prefix: unique for each figure and parameters. */
export function figureElementId(name: string, params: FigureParams): string {
  const parts = Object.keys(params)
    .sort()
    .map((key) => params[key]!)
    .filter((value) => value !== "");
  return ["figure", name, ...parts].join("-").replace(/[^a-zA-Z0-9_-]+/g, "-");
}

/** A figure drawn (and, unless `cached: false`, cached) as the page's HTML, with its meta: `draw` runs only on a miss. */
export async function renderRegisteredFigure<P extends FigureParams, M>(
  definition: FigureDefinition<P, M>,
  ctx: FigureContext,
  params: P,
): Promise<{ id: string; html: string; meta: M } | null> {
  const sources = definition.sources ? await definition.sources(ctx) : [];
  const id = figureElementId(definition.name, params);
  const draw = async () => {
    const drawn = await definition.draw(ctx, params, sources);
    if (drawn === null) return null;
    const hrefs = figureHrefs(ctx.results.round.slug, definition.name, params);
    return {
      meta: drawn.meta,
      element: (
        <ChartFigure
          chart={drawn.chart}
          narrowChart={drawn.narrowChart}
          table={drawn.table}
          summary={drawn.summary ?? null}
          downloadHref={hrefs.csv}
          imageHref={hrefs.image}
          caption={drawn.caption}
        />
      ),
    };
  };
  const rendered =
    definition.cached === false
      ? await draw().then((drawn) => drawn && { html: renderFigureMarkup(drawn.element, `${id}-`), meta: drawn.meta })
      : await cachedFigure(figureKey(definition, ctx, params, sources), `${id}-`, draw);
  return rendered && { id, ...rendered };
}

/**
 * A figure for a page's loader: its slot (see components/figure-slot) and meta, or null when there
 * is nothing to draw. `search` is the page's query string; `fixed` pins parameters the page chooses.
 */
export async function pageFigure<P extends FigureParams, M>(
  context: AppLoadContext,
  ctx: FigureContext,
  definition: FigureDefinition<P, M>,
  search: URLSearchParams,
  fixed: Partial<P> = {},
): Promise<{ slot: FigureSlot; meta: M } | null> {
  const params = definition.params(search, ctx);
  const rendered = await renderRegisteredFigure(definition, ctx, { ...params, ...fixed });
  return rendered && { slot: figureSlot(context, rendered.id, rendered.html), meta: rendered.meta };
}

/** A figure's drawing for its table download: the same view data, chart and caption as the page. */
export async function drawFigure<P extends FigureParams, M>(
  definition: FigureDefinition<P, M>,
  ctx: FigureContext,
  params: P,
): Promise<DrawnFigure<M> | null> {
  const sources = definition.sources ? await definition.sources(ctx) : [];
  return definition.draw(ctx, params, sources);
}
