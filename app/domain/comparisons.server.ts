/**
 * The comparison views' data, built from a round's identified results for one viewer. Every figure
 * about another authority passes through domain/anonymity here, so loaders, pages and downloads
 * cannot forget to anonymise: nothing else turns results into view data.
 */
import { type AuthorityIdentity, type GroupAggregate, type Viewer, aggregateGroup, labelAuthority } from "./anonymity.server";
import { COHORTS, COHORT_LABELS, type Cohort } from "./cohorts";
import { describeRankedValue } from "./headlines";
import { type MetricDefinition, findMetric } from "./metrics";
import type { QuartileBand, RoundStatistics } from "./statistics";

export interface ResultMetric {
  authorityId: number;
  metricKey: string;
  value: number;
  rank: number | null;
  quartileBand: QuartileBand | null;
  percentile: number | null;
}

/** The identified results of one round, as the views read them (models/round-results builds it). */
export interface ResultsData {
  round: { slug: string; name: string; financial_year: string };
  identities: ReadonlyMap<number, AuthorityIdentity>;
  pseudonyms: ReadonlyMap<number, string>;
  byMetric: ReadonlyMap<string, readonly ResultMetric[]>;
  byAuthority: ReadonlyMap<number, ReadonlyMap<string, ResultMetric>>;
  statistics: ReadonlyMap<string, RoundStatistics & { metricKey: string }>;
  groups: ReadonlyArray<{ id: number; slug: string; name: string; kind: "region" | "family"; authorityIds: readonly number[] }>;
}

function label(results: ResultsData, viewer: Viewer, authorityId: number) {
  return labelAuthority(viewer, results.identities.get(authorityId)!, results.pseudonyms);
}

/** "special school" → "Special school", for labels that start a row. */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ownAuthorityId(viewer: Viewer): number | null {
  return viewer.kind === "member" ? viewer.authorityId : null;
}

const PER: Partial<Record<string, string>> = { unit_cost: "a child", real_unit_cost: "a child", cost_per_route: "a route", spend_per_ehcp: "an EHCP" };

export interface RankedRow {
  key: string;
  label: string;
  own: boolean;
  value: number;
  rank: number | null;
  quartileBand: QuartileBand | null;
}

export interface RankingView {
  metric: MetricDefinition;
  rows: RankedRow[];
  statistics: RoundStatistics | null;
  /** The viewer's own figure in words, when they are a member with a value for this metric. */
  ownSummary: string | null;
}

/** One metric across the round, lowest first, with the viewer's own authority (if any) named. */
export function rankingView(results: ResultsData, viewer: Viewer, metricKey: string): RankingView | null {
  const metric = findMetric(metricKey);
  if (!metric) return null;
  const values = results.byMetric.get(metricKey) ?? [];
  const rows = values.map((value) => ({
    ...label(results, viewer, value.authorityId),
    value: value.value,
    rank: value.rank,
    quartileBand: value.quartileBand,
  }));
  const statistics = results.statistics.get(metricKey) ?? null;
  const own = rows.find((row) => row.own);
  return {
    metric,
    rows,
    statistics,
    ownSummary: own
      ? describeRankedValue({ value: own.value, unit: metric.unit, rank: own.rank, n: rows.length, quartileBand: own.quartileBand, per: PER[metric.family] })
      : null,
  };
}

export interface Headline {
  metric: MetricDefinition;
  summary: string;
  value: number;
  rank: number | null;
  n: number;
  quartileBand: QuartileBand | null;
  change: number | null;
  growth: number | null;
  median: number | null;
}

/** A member's headline figures: own value, rank of n, quartile band, change and growth. */
export function headlineView(results: ResultsData, authorityId: number, metricKeys: readonly string[]): Headline[] {
  const own = results.byAuthority.get(authorityId);
  if (!own) return [];
  return metricKeys.flatMap((key) => {
    const metric = findMetric(key);
    const value = own.get(key);
    if (!metric || !value) return [];
    const n = results.byMetric.get(key)?.length ?? 0;
    return [
      {
        metric,
        summary: describeRankedValue({ value: value.value, unit: metric.unit, rank: value.rank, n, quartileBand: value.quartileBand, per: PER[metric.family] }),
        value: value.value,
        rank: value.rank,
        n,
        quartileBand: value.quartileBand,
        change: own.get(`change.${key}`)?.value ?? null,
        growth: own.get(`growth.${key}`)?.value ?? null,
        median: results.statistics.get(key)?.median ?? null,
      },
    ];
  });
}

export interface DistributionGroup {
  label: string;
  stats: RoundStatistics | null;
  own: number | null;
}

/** Box plots of one metric family across cohorts (e.g. unit cost by cohort), the member's own value marked. */
export function distributionView(results: ResultsData, viewer: Viewer, family: "unit_cost" | "real_unit_cost", cohorts: readonly Cohort[] = COHORTS): DistributionGroup[] {
  const ownId = ownAuthorityId(viewer);
  return cohorts.map((cohort) => {
    const key = `${family}.${cohort}`;
    return {
      label: sentenceCase(COHORT_LABELS[cohort]),
      stats: results.statistics.get(key) ?? null,
      own: ownId === null ? null : (results.byAuthority.get(ownId)?.get(key)?.value ?? null),
    };
  });
}

export interface CompositionRow {
  label: string;
  own: number | null;
  networkMedian: number | null;
}

/** Share of transport spend by cohort: the member's own against the network median. */
export function compositionView(results: ResultsData, viewer: Viewer): CompositionRow[] {
  const ownId = ownAuthorityId(viewer);
  return COHORTS.map((cohort) => {
    const key = `spend_share.${cohort}`;
    return {
      label: sentenceCase(COHORT_LABELS[cohort]),
      own: ownId === null ? null : (results.byAuthority.get(ownId)?.get(key)?.value ?? null),
      networkMedian: results.statistics.get(key)?.median ?? null,
    };
  });
}

export interface ScatterPoint {
  key: string;
  x: number;
  y: number;
  highlighted: boolean;
  /** What the viewer may call this authority (pseudonym or own name); charts draw only the highlighted one. */
  label: string;
}

/** Two metrics against each other for every authority that has both. */
export function scatterView(results: ResultsData, viewer: Viewer, xKey: string, yKey: string): ScatterPoint[] {
  const points: ScatterPoint[] = [];
  for (const [authorityId, metrics] of results.byAuthority) {
    const x = metrics.get(xKey);
    const y = metrics.get(yKey);
    if (!x || !y) continue;
    const { key, label: name, own } = label(results, viewer, authorityId);
    points.push({ key, x: x.value, y: y.value, highlighted: own, label: name });
  }
  // Sorted by value, not by authority, so the order of points says nothing about who they are.
  return points.sort((a, b) => a.x - b.x || a.y - b.y);
}

export interface GroupComparisonRow {
  label: string;
  n: number;
  suppressed: boolean;
  stats: RoundStatistics | null;
  highlighted: boolean;
}

/**
 * Groups side by side (median and IQR) for one metric, plus the whole network. A group with fewer
 * than `minGroupSize` values is listed as suppressed, never dropped.
 */
export function groupComparisonView(
  results: ResultsData,
  metricKey: string,
  options: { kind: "region" | "family"; minGroupSize: number; highlightGroupId?: number | null },
): GroupComparisonRow[] {
  const values = new Map((results.byMetric.get(metricKey) ?? []).map((metric) => [metric.authorityId, metric.value]));
  const toRow = (name: string, aggregate: GroupAggregate, highlighted: boolean): GroupComparisonRow => ({
    label: name,
    n: aggregate.n,
    suppressed: aggregate.suppressed,
    stats: aggregate.suppressed ? null : aggregate.statistics,
    highlighted,
  });
  const rows = results.groups
    .filter((group) => group.kind === options.kind)
    .map((group) => {
      const groupValues = group.authorityIds.flatMap((id) => (values.has(id) ? [values.get(id)!] : []));
      return toRow(group.name, aggregateGroup(groupValues, options.minGroupSize), group.id === options.highlightGroupId);
    });
  return [...rows, toRow("All authorities", aggregateGroup([...values.values()], options.minGroupSize), false)];
}

export interface NeighbourComparison {
  metric: MetricDefinition;
  own: number | null;
  neighbours: GroupAggregate;
}

/**
 * A member against their DfE statistical neighbours: aggregates only (the neighbours are a publicly
 * known list, so marking them among pseudonyms would identify them), under the same minimum size.
 */
export function neighbourView(
  results: ResultsData,
  authorityId: number,
  neighbourIds: readonly number[],
  metricKeys: readonly string[],
  minGroupSize: number,
): NeighbourComparison[] {
  return metricKeys.flatMap((key) => {
    const metric = findMetric(key);
    if (!metric) return [];
    const values = neighbourIds.flatMap((id) => {
      const value = results.byAuthority.get(id)?.get(key)?.value;
      return value === undefined ? [] : [value];
    });
    return [{ metric, own: results.byAuthority.get(authorityId)?.get(key)?.value ?? null, neighbours: aggregateGroup(values, minGroupSize) }];
  });
}

export interface TrendPoint {
  year: string;
  own: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

/** The member's own value over rounds against the network's quartile band; no other authority's line. */
export function trendView(rounds: readonly ResultsData[], authorityId: number | null, metricKey: string): TrendPoint[] {
  return [...rounds]
    .sort((a, b) => a.round.financial_year.localeCompare(b.round.financial_year))
    .map((results) => {
      const stats = results.statistics.get(metricKey);
      return {
        year: results.round.financial_year,
        own: authorityId === null ? null : (results.byAuthority.get(authorityId)?.get(metricKey)?.value ?? null),
        q1: stats?.q1 ?? null,
        median: stats?.median ?? null,
        q3: stats?.q3 ?? null,
      };
    });
}

/**
 * The long metrics download (domain spec §6): `round,authority,metric,value` — coordinators get the
 * ONS code, everyone else the label they see on screen. Full precision.
 */
export function metricsDownloadRows(results: ResultsData, viewer: Viewer, metricKeys: readonly string[] | null): Array<[string, string, string, number]> {
  const keys = metricKeys ?? [...results.byMetric.keys()];
  return keys.flatMap((key) =>
    (results.byMetric.get(key) ?? []).map((metric): [string, string, string, number] => {
      const shown = label(results, viewer, metric.authorityId);
      return [results.round.slug, viewer.kind === "coordinator" ? shown.key : shown.label, key, metric.value];
    }),
  );
}
