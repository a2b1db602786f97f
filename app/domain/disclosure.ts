/**
 * Disclosure control (domain spec §5): the one place where a round's identified results become what a
 * member or regional viewer may see. Every view, table, chart, download and loader about other
 * authorities is built here, by the rules of §5.3:
 *
 * 1. the viewer's own authority: everything, named;
 * 2. others one by one only for confidential metrics, under labels drawn afresh for each figure
 *    (a keyed hash of round, figure and authority), at display precision, ties ordered by label;
 * 3. public-linkable and trend metrics of others only as a distribution (n, quartiles, median);
 * 4. group figures only over ≥ MIN_GROUP_SIZE contributors fixed at publication, never min or max,
 *    quantiles perturbed by a small keyed amount (ADR 012), and suppressed when their contributor set
 *    differs from another figure of the same quantity by 1 to MIN_GROUP_SIZE − 1 authorities.
 *
 * Pure: the keyed hash is passed in (domain/disclosure-key.server.ts holds the secret), so the rules
 * are tested without it. Coordinators get the identified, unperturbed views.
 */
import { quantileSorted } from "d3-array";
import { COHORTS, COHORT_LABELS, type Cohort } from "./cohorts";
import { regularisedIncompleteBeta } from "./forecasts";
import { describeRankedValue } from "./headlines";
import { type MetricDefinition, type MetricUnit, findMetric } from "./metrics";
import type { QuartileBand, RoundStatistics } from "./statistics";

import type { Viewer } from "./permissions";

/** Who is looking decides what they may see of other authorities (declared with the permissions). */
export type { Viewer };

export interface AuthorityIdentity {
  authorityId: number;
  code: string;
  name: string;
}

/** HMAC-SHA256 of a message under the pseudonym secret, as lower-case hex. */
export type KeyedHash = (message: string) => string;

export interface ResultMetric {
  authorityId: number;
  metricKey: string;
  value: number;
  rank: number | null;
  quartileBand: QuartileBand | null;
  percentile: number | null;
}

/** The key of a contributor set: the whole network, a group, or one authority's statistical neighbours. */
export type ContributorSetKey = "network" | `group:${number}` | `neighbours:${number}`;

/**
 * Which authorities stand behind each group figure of the round: fixed when the round was first
 * published (contributor-sets.ts), narrowed to the returns still approved. `lost` counts, per set,
 * members that were in it at publication and are no longer approved.
 */
export interface ContributorSets {
  sets: ReadonlyMap<ContributorSetKey, ReadonlySet<number>>;
  lost: ReadonlyMap<ContributorSetKey, number>;
}

/** The identified results of one round, as the views read them (services/round-results builds it). */
export interface ResultsData {
  round: { slug: string; name: string; financial_year: string };
  hash: KeyedHash;
  minGroupSize: number;
  identities: ReadonlyMap<number, AuthorityIdentity>;
  /** Each metric's values, lowest first. */
  byMetric: ReadonlyMap<string, readonly ResultMetric[]>;
  byAuthority: ReadonlyMap<number, ReadonlyMap<string, ResultMetric>>;
  /** True statistics over every approved return: for coordinators only. */
  statistics: ReadonlyMap<string, RoundStatistics>;
  groups: ReadonlyArray<{ id: number; slug: string; name: string; kind: "region" | "family"; authorityIds: readonly number[] }>;
  contributors: ContributorSets;
  /** Suppression plans, worked out once per round's results: by metric, and by the contributors lacking it (shared by metrics). */
  plans: Map<string, ReadonlyMap<ContributorSetKey, FigureStatus>>;
}

// ---------------------------------------------------------------------------------------------
// Display precision (rule 6)

/** The step others' values are shown and downloaded at: £1, 0.1 % and one decimal for rates, whole counts. */
export function displayStep(unit: MetricUnit): number {
  return unit === "gbp" || unit === "count" ? 1 : 0.1;
}

/** `value` rounded to its unit's display precision (half away from zero, as people round). */
export function atDisplayPrecision(unit: MetricUnit, value: number): number {
  const step = displayStep(unit);
  const rounded = Math.sign(value) * Math.round(Math.abs(value) / step) * step;
  // Tenths come out as 12.300000000000001 without this.
  return step === 1 ? rounded + 0 : Number(rounded.toFixed(1)) + 0;
}

// ---------------------------------------------------------------------------------------------
// Labels (rules 2 and 5)

/**
 * Labels for one figure: "Authority 01" … numbered in the order of a keyed hash of (round, figure,
 * authority code), so the same authority gets an unrelated label in every other figure, page and
 * round, and the numbering follows neither name, code nor value.
 */
export function figureLabels(
  hash: KeyedHash,
  roundSlug: string,
  figure: string,
  authorities: readonly AuthorityIdentity[],
): Map<number, string> {
  const width = Math.max(2, String(authorities.length).length);
  const hashed = authorities.map((authority) => ({
    id: authority.authorityId,
    key: hash(`label\u0000${roundSlug}\u0000${figure}\u0000${authority.code}`),
  }));
  hashed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Map(hashed.map((entry, index) => [entry.id, `Authority ${String(index + 1).padStart(width, "0")}`]));
}

/** The one line every page with labels carries (rule 2). */
export const LABELS_NOTE =
  "Labels such as “Authority 07” are drawn afresh for each chart and table: the same label in two charts is not the same council.";

// ---------------------------------------------------------------------------------------------
// Group figures (rule 4)

export type FigureStatus = { shown: true } | { shown: false; reason: "too_few" | "overlap" | "changed" };

export function suppressionMessage(minGroupSize: number, reason: "too_few" | "overlap" | "changed" = "too_few"): string {
  switch (reason) {
    case "too_few":
      return `suppressed: fewer than ${minGroupSize} authorities`;
    case "overlap":
      return `suppressed: differs from another figure shown by fewer than ${minGroupSize} authorities`;
    case "changed":
      return `suppressed: fewer than ${minGroupSize} authorities changed since publication`;
  }
}

function symmetricDifferenceAtLeast(a: ReadonlySet<number>, b: ReadonlySet<number>, limit: number): number {
  let count = 0;
  for (const id of a) if (!b.has(id) && ++count >= limit) return count;
  for (const id of b) if (!a.has(id) && ++count >= limit) return count;
  return count;
}

/**
 * Which figures of one quantity may be offered. Candidates are taken in the given order (the network
 * first, then groups, then statistical neighbours), each accepted when it has at least `minGroupSize`
 * members, lost fewer than none or at least `minGroupSize` since publication, and differs from every
 * figure already accepted by none (the same figure) or by at least `minGroupSize` authorities —
 * otherwise two figures on offer could be differenced to one council's value. Deterministic: the same
 * question always gets the same answer.
 */
export function planGroupFigures<K extends string>(
  candidates: ReadonlyArray<{ key: K; members: ReadonlySet<number>; lost?: number }>,
  minGroupSize: number,
): Map<K, FigureStatus> {
  const plan = new Map<K, FigureStatus>();
  const accepted: Array<ReadonlySet<number>> = [];
  for (const candidate of candidates) {
    const lost = candidate.lost ?? 0;
    if (candidate.members.size < minGroupSize) plan.set(candidate.key, { shown: false, reason: "too_few" });
    else if (lost > 0 && lost < minGroupSize) plan.set(candidate.key, { shown: false, reason: "changed" });
    else if (
      accepted.some((other) => {
        // Sets whose sizes differ by at least minGroupSize differ by at least that many members.
        if (Math.abs(candidate.members.size - other.size) >= minGroupSize) return false;
        const d = symmetricDifferenceAtLeast(candidate.members, other, minGroupSize);
        return d > 0 && d < minGroupSize;
      })
    ) {
      plan.set(candidate.key, { shown: false, reason: "overlap" });
    } else {
      plan.set(candidate.key, { shown: true });
      accepted.push(candidate.members);
    }
  }
  return plan;
}

/**
 * The perturbation of a group quantile or mean (ADR 012): 1 % to 4 % of the value (or of the
 * interquartile range when that is wider), and never less than 2 to 4 display steps, so that a
 * one-decimal figure such as 2.7 children per route still moves by at least 0.2.
 */
export const PERTURBATION = { minRelative: 0.01, maxRelative: 0.04, minSteps: 2, maxSteps: 4 } as const;

/** The regularised incomplete beta function I_x(a, b), the Beta(a, b) CDF (the forecasts' own, for Student's t). */
export function incompleteBeta(x: number, a: number, b: number): number {
  return regularisedIncompleteBeta(a, b, x);
}

// The weights depend only on n and p, and a round asks for the same few (n ≤ the network's size,
// three quartiles) thousands of times: each is worked out once per process.
const HARRELL_DAVIS_WEIGHTS = new Map<string, Float64Array>();
const MAX_CACHED_WEIGHTS = 10_000;

/** I_{i/n}(a, b) − I_{(i−1)/n}(a, b) for i = 1 … n, a = p(n + 1), b = (1 − p)(n + 1). */
function harrellDavisWeights(n: number, p: number): Float64Array {
  const key = `${n}|${p}`;
  let weights = HARRELL_DAVIS_WEIGHTS.get(key);
  if (!weights) {
    const a = p * (n + 1);
    const b = (1 - p) * (n + 1);
    weights = new Float64Array(n);
    let below = 0;
    for (let i = 1; i <= n; i++) {
      const upTo = incompleteBeta(i / n, a, b);
      weights[i - 1] = upTo - below;
      below = upTo;
    }
    if (HARRELL_DAVIS_WEIGHTS.size >= MAX_CACHED_WEIGHTS) HARRELL_DAVIS_WEIGHTS.clear();
    HARRELL_DAVIS_WEIGHTS.set(key, weights);
  }
  return weights;
}

/**
 * The Harrell–Davis estimate of the p-quantile of sorted values: a weighted mean of every order
 * statistic, x(i) weighted by I_{i/n}(a, b) − I_{(i−1)/n}(a, b) with a = p(n + 1), b = (1 − p)(n + 1).
 * Unlike R-7, which for n = 5, 9, 13 … gives one authority's own value, it is never an order statistic
 * of a group of distinct values (ADR 012), so a labelled value equal to it places no one.
 */
export function harrellDavisQuantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  const weights = harrellDavisWeights(n, p);
  let estimate = 0;
  for (let i = 0; i < n; i++) estimate += weights[i]! * sorted[i]!;
  // Twelve significant figures: the weights' rounding error (1e-13) must not tip a figure's last digit.
  return Number(estimate.toPrecision(12));
}

/**
 * A group quantile moved by a small keyed amount (ONS cell-key style, ADR 012): the cell key is a
 * keyed hash of the round, the quantity, the statistic and the sorted contributor codes, so the same
 * figure over the same authorities always gets the same answer, and a figure over different
 * authorities an unrelated one. The shift is 1 % to 4 % of the value (of the interquartile range
 * when that is larger), and at least 2 to 4 display steps, up or down; the result, at display
 * precision, equals neither the unperturbed value nor any value in `avoid` (the contributors' own
 * values and every value of the quantity shown one by one in the round): it moves on a step at a time.
 */
export function perturbQuantile(input: {
  hash: KeyedHash;
  cell: string;
  value: number;
  scale: number;
  unit: MetricUnit;
  avoid: readonly number[];
}): number {
  return perturbAvoiding({ ...input, avoid: displayedValues(input.unit, input.avoid) });
}

/** Values at display precision, as a set to avoid. */
function displayedValues(unit: MetricUnit, values: readonly number[]): ReadonlySet<number> {
  return new Set(values.map((value) => atDisplayPrecision(unit, value)));
}

/** perturbQuantile with the values to avoid already at display precision (built once for a figure's three statistics). */
function perturbAvoiding(input: {
  hash: KeyedHash;
  cell: string;
  value: number;
  scale: number;
  unit: MetricUnit;
  avoid: ReadonlySet<number>;
}): number {
  const key = input.hash(`cell\u0000${input.cell}`);
  const fraction = parseInt(key.slice(0, 8), 16) / 0x1_0000_0000;
  const sign = parseInt(key.slice(8, 9), 16) % 2 === 0 ? 1 : -1;
  const step = displayStep(input.unit);
  const { minRelative, maxRelative, minSteps, maxSteps } = PERTURBATION;
  const relative = (minRelative + (maxRelative - minRelative) * fraction) * Math.max(Math.abs(input.value), input.scale);
  const floor = (minSteps + (maxSteps - minSteps) * fraction) * step;
  let perturbed = atDisplayPrecision(input.unit, input.value + sign * Math.max(relative, floor));
  const unperturbed = atDisplayPrecision(input.unit, input.value);
  while (perturbed === unperturbed || input.avoid.has(perturbed)) perturbed = atDisplayPrecision(input.unit, perturbed + sign * step);
  return perturbed;
}

export type Distribution =
  | { shown: true; n: number; q1: number; median: number; q3: number }
  | { shown: false; reason: "too_few" | "overlap" | "changed"; message: string };

/**
 * Quartiles of contributors' values under one cell name. Coordinators: exact R-7 quartiles. Others:
 * Harrell–Davis quartiles (no authority's own value), each perturbed by its cell key, never landing on
 * a contributor's value or on any value in `displayed` (the quantity's values shown one by one).
 */
export function groupQuartiles(input: {
  hash: KeyedHash;
  cell: string;
  unit: MetricUnit;
  contributors: ReadonlyArray<{ code: string; value: number }>;
  displayed?: readonly number[];
  exact?: boolean;
}): { n: number; q1: number; median: number; q3: number } {
  const sorted = input.contributors.map((c) => c.value).sort((a, b) => a - b);
  if (input.exact)
    return { n: sorted.length, q1: quantileSorted(sorted, 0.25)!, median: quantileSorted(sorted, 0.5)!, q3: quantileSorted(sorted, 0.75)! };
  const smooth = {
    q1: harrellDavisQuantile(sorted, 0.25),
    median: harrellDavisQuantile(sorted, 0.5),
    q3: harrellDavisQuantile(sorted, 0.75),
  };
  const codes = input.contributors
    .map((c) => c.code)
    .sort()
    .join(",");
  const scale = Math.abs(smooth.q3 - smooth.q1);
  const avoid = displayedValues(input.unit, [...sorted, ...(input.displayed ?? [])]);
  const [q1, median, q3] = (["q1", "median", "q3"] as const)
    .map((statistic) =>
      perturbAvoiding({
        hash: input.hash,
        cell: `${input.cell}\u0000${statistic}\u0000${codes}`,
        value: smooth[statistic],
        scale,
        unit: input.unit,
        avoid,
      }),
    )
    .sort((a, b) => a - b) as [number, number, number];
  return { n: sorted.length, q1, median, q3 };
}

/**
 * A group median outside a round's results (the network's median decomposition in forecasts, a
 * group's): over `contributors`, offered only if the plan accepts it after the figures of the same
 * quantity already offered (`offeredBefore`), perturbed like every group quantile.
 */
export function medianFigure(input: {
  hash: KeyedHash;
  cell: string;
  unit: MetricUnit;
  minGroupSize: number;
  contributors: ReadonlyArray<{ id: number; code: string; value: number }>;
  offeredBefore?: ReadonlyArray<ReadonlySet<number>>;
  exact?: boolean;
}): { shown: true; n: number; median: number } | { shown: false; message: string } {
  const members = new Set(input.contributors.map((c) => c.id));
  const candidates = [
    ...(input.offeredBefore ?? []).map((set, index) => ({ key: `before:${index}`, members: set })),
    { key: "this", members },
  ];
  const status = input.exact
    ? members.size >= input.minGroupSize
      ? ({ shown: true } as const)
      : ({ shown: false, reason: "too_few" } as const)
    : planGroupFigures(candidates, input.minGroupSize).get("this")!;
  if (!status.shown) return { shown: false, message: suppressionMessage(input.minGroupSize, status.reason) };
  const figure = groupQuartiles({
    hash: input.hash,
    cell: input.cell,
    unit: input.unit,
    contributors: input.contributors,
    exact: input.exact === true,
  });
  return { shown: true, n: figure.n, median: figure.median };
}

function ownAuthorityId(viewer: Viewer): number | null {
  return viewer.kind === "member" ? viewer.authorityId : null;
}

function setMembers(results: ResultsData, setKey: ContributorSetKey, metricKey: string): Set<number> {
  const members = new Set<number>();
  for (const id of results.contributors.sets.get(setKey) ?? []) if (results.byAuthority.get(id)?.has(metricKey)) members.add(id);
  return members;
}

/** The offered figures of one metric over every contributor set, in priority order: network, groups, neighbours. */
function planFor(results: ResultsData, metricKey: string): ReadonlyMap<ContributorSetKey, FigureStatus> {
  let plan = results.plans.get(metricKey);
  if (!plan) {
    // A plan depends on the metric only through which contributors lack a value for it, and most
    // metrics are answered by the same authorities: metrics with the same ones share one plan.
    const lacking: number[] = [];
    for (const members of results.contributors.sets.values())
      for (const id of members) if (!results.byAuthority.get(id)?.has(metricKey)) lacking.push(id);
    const shared = `\u0000lacking:${[...new Set(lacking)].sort((a, b) => a - b).join(",")}`;
    plan = results.plans.get(shared);
    if (!plan) {
      const keys = [...results.contributors.sets.keys()];
      const order = (key: ContributorSetKey) => (key === "network" ? 0 : key.startsWith("group:") ? 1 : 2);
      keys.sort((a, b) => order(a) - order(b) || Number(a.split(":")[1]) - Number(b.split(":")[1]));
      plan = planGroupFigures(
        keys.map((key) => ({ key, members: setMembers(results, key, metricKey), lost: results.contributors.lost.get(key) ?? 0 })),
        results.minGroupSize,
      );
      results.plans.set(shared, plan);
    }
    results.plans.set(metricKey, plan);
  }
  return plan;
}

/**
 * One metric over one contributor set, as a viewer may see it: perturbed quartiles when the plan
 * offers it, else why not. Coordinators get exact quartiles, suppressed only below the minimum size.
 */
export function groupFigure(results: ResultsData, viewer: Viewer, setKey: ContributorSetKey, metricKey: string): Distribution {
  // The figure depends on the viewer only through whether they are a coordinator, so every member
  // and regional viewer of a round shares one: worked out once per round's results (read-only).
  let figures = GROUP_FIGURES.get(results);
  if (!figures) GROUP_FIGURES.set(results, (figures = new Map()));
  const key = `${viewer.kind === "coordinator"}\u0000${setKey}\u0000${metricKey}`;
  let figure = figures.get(key);
  if (!figure) figures.set(key, (figure = computeGroupFigure(results, viewer, setKey, metricKey)));
  return figure;
}

const GROUP_FIGURES = new WeakMap<ResultsData, Map<string, Distribution>>();

function computeGroupFigure(results: ResultsData, viewer: Viewer, setKey: ContributorSetKey, metricKey: string): Distribution {
  const metric = findMetric(metricKey);
  const members = setMembers(results, setKey, metricKey);
  const coordinator = viewer.kind === "coordinator";
  const status: FigureStatus = coordinator
    ? members.size >= results.minGroupSize
      ? { shown: true }
      : { shown: false, reason: "too_few" }
    : (planFor(results, metricKey).get(setKey) ?? { shown: false, reason: "too_few" });
  if (!status.shown || !metric) {
    const reason = status.shown ? "too_few" : status.reason;
    return { shown: false, reason, message: suppressionMessage(results.minGroupSize, reason) };
  }
  const contributors = [...members].map((id) => ({
    code: results.identities.get(id)!.code,
    value: results.byAuthority.get(id)!.get(metricKey)!.value,
  }));
  return {
    shown: true,
    ...groupQuartiles({
      hash: results.hash,
      cell: `${results.round.slug}\u0000${metricKey}`,
      unit: metric.unit,
      contributors,
      displayed: (results.byMetric.get(metricKey) ?? []).map((m) => m.value),
      exact: coordinator,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Where the viewer stands (rule 1, with rule 3's distribution)

export interface Placement {
  value: number;
  rank: number;
  n: number;
  quartileBand: QuartileBand | null;
}

function bandOf(value: number, distribution: Distribution): QuartileBand | null {
  if (!distribution.shown) return null;
  return value <= distribution.q1 ? 1 : value <= distribution.median ? 2 : value <= distribution.q3 ? 3 : 4;
}

/** The own value's rank of n among the network's values (at display precision) and its band in the distribution shown. */
function placeOwn(results: ResultsData, metric: MetricDefinition, authorityId: number, distribution: Distribution): Placement | null {
  const own = results.byAuthority.get(authorityId)?.get(metric.key);
  if (!own) return null;
  const values = (results.byMetric.get(metric.key) ?? []).map((m) => atDisplayPrecision(metric.unit, m.value));
  const mine = atDisplayPrecision(metric.unit, own.value);
  return {
    value: own.value,
    rank: values.filter((v) => v < mine).length + 1,
    n: values.length,
    quartileBand: bandOf(own.value, distribution),
  };
}

const PER: Partial<Record<string, string>> = {
  unit_cost: "a child",
  real_unit_cost: "a child",
  cost_per_route: "a route",
  spend_per_ehcp: "an EHCP",
};

function describePlacement(metric: MetricDefinition, placement: Placement): string {
  return describeRankedValue({
    value: placement.value,
    unit: metric.unit,
    rank: placement.rank,
    n: placement.n,
    quartileBand: placement.quartileBand,
    per: PER[metric.family],
  });
}

// ---------------------------------------------------------------------------------------------
// Views

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
  /** "ranked": every authority one by one; "distribution": only the distribution, with the own value placed. */
  mode: "ranked" | "distribution";
  rows: RankedRow[];
  distribution: Distribution;
  own: Placement | null;
  /** The viewer's own figure in words, when they are a member with a value for this metric. */
  ownSummary: string | null;
}

/**
 * One metric across the round. Coordinators: every authority, named. Others: for a confidential
 * metric every authority under this figure's labels, at display precision, lowest first and ties by
 * label; for a public-linkable or trend metric only the network's distribution, the own value placed.
 */
export function rankingView(results: ResultsData, viewer: Viewer, metricKey: string): RankingView | null {
  const metric = findMetric(metricKey);
  if (!metric) return null;
  const values = results.byMetric.get(metricKey) ?? [];
  const distribution = groupFigure(results, viewer, "network", metricKey);
  const ownId = ownAuthorityId(viewer);
  const own = ownId === null ? null : placeOwn(results, metric, ownId, distribution);
  const ownSummary = own ? describePlacement(metric, own) : null;
  if (viewer.kind === "coordinator") {
    const rows = values.map((v) => {
      const identity = results.identities.get(v.authorityId)!;
      return { key: identity.code, label: identity.name, own: false, value: v.value, rank: v.rank, quartileBand: v.quartileBand };
    });
    return { metric, mode: "ranked", rows, distribution, own, ownSummary };
  }
  if (metric.disclosure !== "confidential") return { metric, mode: "distribution", rows: [], distribution, own, ownSummary };
  const labels = figureLabels(
    results.hash,
    results.round.slug,
    `metric:${metricKey}`,
    values.map((v) => results.identities.get(v.authorityId)!),
  );
  const shown = values.map((v) => {
    const isOwn = v.authorityId === ownId;
    const label = isOwn ? results.identities.get(v.authorityId)!.name : labels.get(v.authorityId)!;
    return {
      key: isOwn ? "own" : label.toLowerCase().replace(/\s+/g, "-"),
      label,
      own: isOwn,
      value: isOwn ? v.value : atDisplayPrecision(metric.unit, v.value),
      sortValue: atDisplayPrecision(metric.unit, v.value),
    };
  });
  shown.sort((a, b) => a.sortValue - b.sortValue || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const rows = shown.map((row): RankedRow => ({
    key: row.key,
    label: row.label,
    own: row.own,
    value: row.value,
    rank: shown.filter((other) => other.sortValue < row.sortValue).length + 1,
    quartileBand: bandOf(row.sortValue, distribution),
  }));
  return { metric, mode: "ranked", rows, distribution, own, ownSummary };
}

export interface Headline {
  metric: MetricDefinition;
  summary: string;
  value: number;
  rank: number;
  n: number;
  quartileBand: QuartileBand | null;
  change: number | null;
  growth: number | null;
  median: number | null;
  /** The member's own region's figure (shown only under rule 4), null when the authority is in no region. */
  region: { name: string; figure: Distribution } | null;
  /** The member's statistical neighbours' figure, under rule 4. */
  neighbours: Distribution;
}

/** The region an authority belongs to, if any. */
export function regionOf(results: ResultsData, authorityId: number): ResultsData["groups"][number] | null {
  return results.groups.find((group) => group.kind === "region" && group.authorityIds.includes(authorityId)) ?? null;
}

/**
 * A member's headline figures: own value, rank of n, quartile band, change and growth, against the
 * (perturbed) medians of the network, their region and their statistical neighbours — each group
 * figure through groupFigure, so suppressed where rule 4 says so.
 */
export function headlineView(results: ResultsData, authorityId: number, metricKeys: readonly string[]): Headline[] {
  const viewer: Viewer = { kind: "member", authorityId };
  const own = results.byAuthority.get(authorityId);
  if (!own) return [];
  const region = regionOf(results, authorityId);
  return metricKeys.flatMap((key) => {
    const metric = findMetric(key);
    if (!metric) return [];
    const distribution = groupFigure(results, viewer, "network", key);
    const placement = placeOwn(results, metric, authorityId, distribution);
    if (!placement) return [];
    return [
      {
        metric,
        summary: describePlacement(metric, placement),
        value: placement.value,
        rank: placement.rank,
        n: placement.n,
        quartileBand: placement.quartileBand,
        change: own.get(`change.${key}`)?.value ?? null,
        growth: own.get(`growth.${key}`)?.value ?? null,
        median: distribution.shown ? distribution.median : null,
        region: region && { name: region.name, figure: groupFigure(results, viewer, `group:${region.id}`, key) },
        neighbours: groupFigure(results, viewer, `neighbours:${authorityId}`, key),
      },
    ];
  });
}

/** "special school" → "Special school", for labels that start a row. */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface DistributionGroup {
  label: string;
  stats: { n: number; q1: number; median: number; q3: number } | null;
  own: number | null;
}

function statsOf(distribution: Distribution): DistributionGroup["stats"] {
  return distribution.shown ? { n: distribution.n, q1: distribution.q1, median: distribution.median, q3: distribution.q3 } : null;
}

/** Box plots of one metric family across cohorts (e.g. unit cost by cohort), the member's own value marked. */
export function distributionView(
  results: ResultsData,
  viewer: Viewer,
  family: "unit_cost" | "real_unit_cost",
  cohorts: readonly Cohort[] = COHORTS,
): DistributionGroup[] {
  const ownId = ownAuthorityId(viewer);
  return cohorts.map((cohort) => {
    const key = `${family}.${cohort}`;
    return {
      label: sentenceCase(COHORT_LABELS[cohort]),
      stats: statsOf(groupFigure(results, viewer, "network", key)),
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
    const network = groupFigure(results, viewer, "network", key);
    return {
      label: sentenceCase(COHORT_LABELS[cohort]),
      own: ownId === null ? null : (results.byAuthority.get(ownId)?.get(key)?.value ?? null),
      networkMedian: network.shown ? network.median : null,
    };
  });
}

export interface ScatterPoint {
  key: string;
  x: number;
  y: number;
  highlighted: boolean;
  /** The own authority's name (or, for coordinators, every name); empty for others, whose points carry no label. */
  label: string;
}

export interface ScatterView {
  points: ScatterPoint[];
  /** Whether other authorities' points are shown: only when both metrics are confidential (or for coordinators). */
  othersShown: boolean;
}

/**
 * Two metrics against each other. Others' points only where both metrics are confidential, with no
 * labels, at display precision, in value order; otherwise only the viewer's own point.
 */
export function scatterView(results: ResultsData, viewer: Viewer, xKey: string, yKey: string): ScatterView {
  const x = findMetric(xKey);
  const y = findMetric(yKey);
  const ownId = ownAuthorityId(viewer);
  const coordinator = viewer.kind === "coordinator";
  const othersShown = coordinator || (x?.disclosure === "confidential" && y?.disclosure === "confidential");
  const points: ScatterPoint[] = [];
  if (!x || !y) return { points, othersShown: false };
  for (const [authorityId, metrics] of results.byAuthority) {
    const xValue = metrics.get(xKey);
    const yValue = metrics.get(yKey);
    if (!xValue || !yValue) continue;
    const own = authorityId === ownId;
    if (!own && !othersShown) continue;
    const identity = results.identities.get(authorityId)!;
    if (coordinator || own) {
      points.push({ key: coordinator ? identity.code : "own", x: xValue.value, y: yValue.value, highlighted: own, label: identity.name });
    } else {
      points.push({
        key: "",
        x: atDisplayPrecision(x.unit, xValue.value),
        y: atDisplayPrecision(y.unit, yValue.value),
        highlighted: false,
        label: "",
      });
    }
  }
  // Sorted by value, not by authority, so the order of points says nothing about who they are.
  points.sort((a, b) => a.x - b.x || a.y - b.y);
  if (!coordinator)
    points.forEach((point, index) => {
      if (!point.highlighted) point.key = `point-${index + 1}`;
    });
  return { points, othersShown };
}

export interface GroupComparisonRow {
  label: string;
  /** Contributors, shown only when the figure is (rule 8). */
  n: number | null;
  suppressed: boolean;
  message: string | null;
  stats: { n: number; q1: number; median: number; q3: number } | null;
  highlighted: boolean;
}

function groupRow(label: string, figure: Distribution, highlighted: boolean): GroupComparisonRow {
  return figure.shown
    ? { label, n: figure.n, suppressed: false, message: null, stats: statsOf(figure), highlighted }
    : { label, n: null, suppressed: true, message: figure.message, stats: null, highlighted };
}

/**
 * Groups side by side (median and IQR) for one metric, plus the whole network. A group whose figure
 * may not be offered is listed as suppressed, with why, never dropped.
 */
export function groupComparisonView(
  results: ResultsData,
  viewer: Viewer,
  metricKey: string,
  options: { kind: "region" | "family"; highlightGroupId?: number | null },
): GroupComparisonRow[] {
  const rows = results.groups
    .filter((group) => group.kind === options.kind)
    .map((group) =>
      groupRow(group.name, groupFigure(results, viewer, `group:${group.id}`, metricKey), group.id === options.highlightGroupId),
    );
  return [...rows, groupRow("All authorities", groupFigure(results, viewer, "network", metricKey), false)];
}

export interface NeighbourComparison {
  metric: MetricDefinition;
  own: number | null;
  neighbours: Distribution;
}

/**
 * A member against their DfE statistical neighbours: group figures only (the list is public, so
 * marking them among labels would identify them), under the same rules as every group.
 */
export function neighbourView(results: ResultsData, authorityId: number, metricKeys: readonly string[]): NeighbourComparison[] {
  const viewer: Viewer = { kind: "member", authorityId };
  return metricKeys.flatMap((key) => {
    const metric = findMetric(key);
    if (!metric) return [];
    return [
      {
        metric,
        own: results.byAuthority.get(authorityId)?.get(key)?.value ?? null,
        neighbours: groupFigure(results, viewer, `neighbours:${authorityId}`, key),
      },
    ];
  });
}

export interface TrendPoint {
  year: string;
  own: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

/** The member's own value over rounds against each round's network distribution; no other authority's line. */
export function trendView(rounds: readonly ResultsData[], viewer: Viewer, metricKey: string): TrendPoint[] {
  const ownId = ownAuthorityId(viewer);
  return [...rounds]
    .sort((a, b) => a.round.financial_year.localeCompare(b.round.financial_year))
    .map((results) => {
      const network = groupFigure(results, viewer, "network", metricKey);
      return {
        year: results.round.financial_year,
        own: ownId === null ? null : (results.byAuthority.get(ownId)?.get(metricKey)?.value ?? null),
        q1: network.shown ? network.q1 : null,
        median: network.shown ? network.median : null,
        q3: network.shown ? network.q3 : null,
      };
    });
}

export const METRICS_DOWNLOAD_COLUMNS = ["round", "authority", "metric", "statistic", "value"] as const;

/**
 * The long metrics download (domain spec §6). Coordinators: `round,authority,metric,value`, every
 * authority by ONS code, full precision. Others: the own authority's metrics named at full precision;
 * other authorities only for confidential metrics, under each metric's own labels at display
 * precision; for every other metric the network's distribution (n, q1, median, q3).
 */
export function metricsDownloadRows(
  results: ResultsData,
  viewer: Viewer,
  metricKeys: readonly string[] | null,
): Array<Array<string | number>> {
  const keys = metricKeys ?? [...results.byMetric.keys()];
  if (viewer.kind === "coordinator") {
    return keys.flatMap((key) =>
      (results.byMetric.get(key) ?? []).map((m) => [results.round.slug, results.identities.get(m.authorityId)!.code, key, m.value]),
    );
  }
  const slug = results.round.slug;
  return keys.flatMap((key): Array<Array<string | number>> => {
    const ranking = rankingView(results, viewer, key);
    if (!ranking) return [];
    if (ranking.mode === "ranked") return ranking.rows.map((row) => [slug, row.label, key, "value", row.value]);
    const own = ownAuthorityId(viewer);
    const ownRows: Array<Array<string | number>> =
      ranking.own && own !== null ? [[slug, results.identities.get(own)!.name, key, "value", ranking.own.value]] : [];
    const d = ranking.distribution;
    const network: Array<Array<string | number>> = d.shown
      ? [
          ["n", d.n],
          ["q1", d.q1],
          ["median", d.median],
          ["q3", d.q3],
        ].map(([statistic, value]) => [slug, "All authorities", key, statistic!, value!])
      : [[slug, "All authorities", key, "suppressed", d.message]];
    return [...ownRows, ...network];
  });
}

// ---------------------------------------------------------------------------------------------
// Public figures over a named group (rule 9 with rule 4)

/**
 * A group's total of a public figure (DfE SEN2 EHCPs) year by year, for a regional viewer's
 * forecasts. Public statistics, so exact and unperturbed; but still a group figure: offered only for
 * a group of at least `minGroupSize` authorities, and only in years where every member has a figure —
 * a total with one member missing would read as a fall in demand, and beside the complete total of
 * another year it would be that member's figure by difference.
 */
export function publicGroupTotals<Y>(input: {
  memberCodes: readonly string[];
  minGroupSize: number;
  years: readonly Y[];
  figureOf: (code: string, year: Y) => { value: number; releaseName: string } | null;
}): { shown: true; totals: Array<{ year: Y; total: number; releaseNames: string[] }> } | { shown: false; message: string } {
  const members = new Set(input.memberCodes.map((_, index) => index));
  const status = planGroupFigures([{ key: "group", members }], input.minGroupSize).get("group")!;
  if (!status.shown) return { shown: false, message: suppressionMessage(input.minGroupSize, status.reason) };
  const totals = input.years.flatMap((year) => {
    let total = 0;
    const releases = new Set<string>();
    for (const code of input.memberCodes) {
      const figure = input.figureOf(code, year);
      if (!figure) return [];
      total += figure.value;
      releases.add(figure.releaseName);
    }
    return [{ year, total, releaseNames: [...releases].sort() }];
  });
  return { shown: true, totals };
}
