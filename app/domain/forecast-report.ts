/**
 * From an authority's approved history to the forecast page and the forecast/decompose commands:
 * which figures feed each formula in domain/forecasts, and the JSON shape the command line prints.
 */
import { z } from "zod";
import { COHORTS, COHORT_LABELS, SEND_COHORTS, type Cohort } from "./cohorts";
import { type Deflator, deflatorIndex } from "./deflators";
import { type KeyedHash, medianFigure } from "./disclosure";
import { formatFinancialYear, parseFinancialYear } from "./financial-year";
import {
  type Decomposition,
  type ForecastResult,
  type GrowthPoint,
  type RetroModel,
  type ScenarioResult,
  decomposeSpendGrowth,
  describeDecomposition,
  forecastLogLinear,
  post16ChargeScenario,
  ptbScenario,
  retroModel,
  routeBundlingScenario,
  savingOverHorizon,
  travelTrainingScenario,
} from "./forecasts";
import { findMetric, type MetricUnit } from "./metrics";
import { type Sen2Series, ehcpHistoryWithSources } from "./sen2-series";
import { type ReturnValues, numberAt } from "./values";
import type { ViewTable } from "./view-tables";

export const FORECAST_METRICS = ["ehcps", "children.send", "spend.send", "unit_cost.send", "spend.total"] as const;
export type ForecastMetric = (typeof FORECAST_METRICS)[number];

export interface HistoryEntry {
  financialYear: string;
  values: ReturnValues;
  metrics: Readonly<Record<string, number>>;
}

/**
 * Spend and children for a cohort, or for SEND as a whole (Σ over SEND cohorts that give both, the
 * same rule as unit_cost.send), with the year's deflator. Null when a figure is missing.
 */
export function growthPoint(entry: HistoryEntry, cohort: Cohort | "send", deflators: readonly Deflator[]): GrowthPoint | null {
  const deflator = deflatorIndex(deflators, entry.financialYear);
  const cohorts = cohort === "send" ? SEND_COHORTS : [cohort];
  let spend = 0;
  let children = 0;
  let any = false;
  for (const c of cohorts) {
    const s = numberAt(entry.values, `transport.${c}.spend`);
    const n = numberAt(entry.values, `transport.${c}.children`);
    if (s === null || n === null) continue;
    spend += s;
    children += n;
    any = true;
  }
  return any && deflator !== null ? { spend, children, deflator } : null;
}

/** The history of one metric as (start year, value) pairs, for the rounds that have it. */
export function metricHistory(history: readonly HistoryEntry[], metric: string): Array<{ year: number; value: number }> {
  return history.flatMap((entry) => {
    const value = entry.metrics[metric];
    const year = parseFinancialYear(entry.financialYear);
    return value === undefined || year === null ? [] : [{ year, value }];
  });
}

export function forecastMetric(
  history: readonly HistoryEntry[],
  metric: string,
): { history: Array<{ year: number; value: number }>; result: ForecastResult } {
  const points = metricHistory(history, metric);
  return { history: points, result: forecastLogLinear(points) };
}

/** The `forecast` command's JSON: full precision, keys as documented. */
export function forecastJson(metric: string, forecast: ReturnType<typeof forecastMetric>) {
  return {
    metric,
    history: forecast.history,
    ...(forecast.result.ok
      ? {
          forecast: forecast.result.forecast.forecast.map((p) => ({ year: p.year, central: p.central, low: p.low, high: p.high })),
          annual_growth: forecast.result.forecast.annualGrowth,
        }
      : { forecast: [], annual_growth: null, reason: forecast.result.reason }),
  };
}

/** The `decompose` command's JSON. */
export function decompositionJson(from: GrowthPoint, to: GrowthPoint, decomposition: Decomposition) {
  return {
    from,
    to,
    volume: decomposition.volume,
    inflation: decomposition.inflation,
    real_unit_cost: decomposition.realUnitCost,
    spend_change: decomposition.spendChange,
    shares: decomposition.shares && {
      volume: decomposition.shares.volume,
      inflation: decomposition.shares.inflation,
      real_unit_cost: decomposition.shares.realUnitCost,
    },
  };
}

/**
 * The change in spend between two of a history's years, split into volume, inflation and real unit
 * cost: the one decomposition behind the forecasts page and the `decompose` command. Null when either
 * year lacks spend, children or a deflator, or spend or children is zero.
 */
export function decomposeBetween(
  history: readonly HistoryEntry[],
  fromYear: string,
  toYear: string,
  cohort: Cohort | "send",
  deflators: readonly Deflator[],
): { from: GrowthPoint; to: GrowthPoint; decomposition: Decomposition } | null {
  const pointAt = (year: string) => {
    const entry = history.find((candidate) => candidate.financialYear === year);
    return entry ? growthPoint(entry, cohort, deflators) : null;
  };
  const from = pointAt(fromYear);
  const to = pointAt(toYear);
  const decomposition = from && to ? decomposeSpendGrowth(from, to) : null;
  return from && to && decomposition ? { from, to, decomposition } : null;
}

export const HORIZON_YEARS = 3;

/** Scenario inputs a user sets (GET parameters, so the page works without JavaScript); defaults are illustrative. */
const scenarioSchema = z.object({
  cohort: z.enum(["send", ...COHORTS]).catch("send"),
  ptbPercent: z.coerce.number().min(0).max(100).catch(10),
  ptbBudget: z.coerce.number().min(0).max(100_000).catch(3_000),
  ittChildren: z.coerce.number().int().min(0).max(10_000).catch(20),
  ittCost: z.coerce.number().min(0).max(100_000).catch(2_500),
  post16Charge: z.coerce.number().min(0).max(10_000).catch(700),
  post16Fewer: z.coerce.number().min(0).max(100).catch(10),
  bundlingPercent: z.coerce.number().min(0).max(100).catch(5),
});
export type ScenarioInputs = z.infer<typeof scenarioSchema>;

export function parseScenarioInputs(search: URLSearchParams): ScenarioInputs {
  return scenarioSchema.parse(Object.fromEntries(search));
}

export interface DecompositionFactors {
  volume: number;
  inflation: number;
  realUnitCost: number;
  spendChange: number;
}

export type NetworkDecomposition = ({ shown: true; n: number } & DecompositionFactors) | { shown: false; message: string };

const FACTORS = ["volume", "inflation", "realUnitCost", "spendChange"] as const;

/**
 * The median of each growth factor over a group of authorities (the network, or a regional viewer's
 * group), between the same two years: a group figure, so it goes through domain/disclosure — at least
 * MIN_GROUP_SIZE contributors, perturbed, and not offered when it differs from a figure of the same
 * quantity already offered (`offeredBefore`) by fewer than MIN_GROUP_SIZE authorities.
 */
export function groupDecomposition(input: {
  hash: KeyedHash;
  minGroupSize: number;
  exact: boolean;
  members: ReadonlyArray<{ id: number; code: string; history: readonly HistoryEntry[] }>;
  fromYear: string;
  toYear: string;
  cohort: Cohort | "send";
  deflators: readonly Deflator[];
  offeredBefore?: ReadonlyArray<ReadonlySet<number>>;
}): NetworkDecomposition {
  const decomposed = input.members.flatMap((member) => {
    const result = decomposeBetween(member.history, input.fromYear, input.toYear, input.cohort, input.deflators);
    return result ? [{ id: member.id, code: member.code, factors: result.decomposition }] : [];
  });
  const factors: Partial<DecompositionFactors> = {};
  let n = 0;
  for (const factor of FACTORS) {
    const figure = medianFigure({
      hash: input.hash,
      // No round in the cell: the same two years over the same authorities get the same answer from any round's page.
      cell: `decomposition:${input.cohort}:${input.fromYear}:${input.toYear}:${factor}`,
      unit: "percent",
      minGroupSize: input.minGroupSize,
      // Perturbed at 0.1 % precision: the factors are fractions, so they are scaled to percentages.
      contributors: decomposed.map((d) => ({ id: d.id, code: d.code, value: d.factors[factor] * 100 })),
      exact: input.exact,
      ...(input.offeredBefore ? { offeredBefore: input.offeredBefore } : {}),
    });
    if (!figure.shown) return { shown: false, message: figure.message };
    factors[factor] = figure.median / 100;
    n = figure.n;
  }
  return { shown: true, n, ...(factors as DecompositionFactors) };
}

/** One year of a forecast's history, with where its figure comes from. */
export interface ForecastPoint {
  /** The financial year's start: 2023 is 2023-24. */
  year: number;
  value: number;
  source: string;
}

/**
 * An EHCP history that reaches further back than the network's rounds: the subject's own points where
 * it has them, and in their place, or before them, the public series' points (the EHCP forecast of a
 * member, from SEN2; of a group, its members' SEN2 total). `label` renames the series when it is not
 * the subject's own figure (a group's total, not its median authority).
 */
export interface EhcpHistory {
  label?: string;
  points: readonly ForecastPoint[];
}

export const OWN_RETURN_SOURCE = "Approved return";

/**
 * One authority's EHCPs by year for its forecast: its approved returns up to the round, and before
 * them (or in a year it made none) DfE SEN2's figure for that year's January census (2022-23 ↔
 * January 2023), each point saying which. Nothing after the round's year.
 */
export function authorityEhcpHistory(
  history: readonly HistoryEntry[],
  sen2: Pick<Sen2Series, "points">,
  roundYear: string,
  ownSource = OWN_RETURN_SOURCE,
): ForecastPoint[] {
  const own = history.map((entry) => ({ financialYear: entry.financialYear, value: entry.metrics["ehcps"] ?? null }));
  return ehcpHistoryWithSources(own, sen2).flatMap((point) => {
    const year = parseFinancialYear(point.financialYear);
    if (year === null || point.financialYear > roundYear) return [];
    return [{ year, value: point.value, source: point.source === "network return" ? ownSource : point.source }];
  });
}

/** The sources of a history in words, run by run: "DfE SEN2 (SEN2 2025) for 2014-15 to 2020-21; approved return for 2021-22 to 2023-24." */
export function describeSources(points: readonly ForecastPoint[]): string {
  const runs: Array<{ source: string; from: number; to: number }> = [];
  for (const point of points) {
    const last = runs.at(-1);
    if (last && last.source === point.source) last.to = point.year;
    else runs.push({ source: point.source, from: point.year, to: point.year });
  }
  const words = runs.map((run, index) => {
    const source = index === 0 ? run.source : run.source.charAt(0).toLowerCase() + run.source.slice(1);
    const years =
      run.from === run.to ? formatFinancialYear(run.from) : `${formatFinancialYear(run.from)} to ${formatFinancialYear(run.to)}`;
    return `${source} for ${years}`;
  });
  return words.length === 0 ? "" : `${words.join("; ")}.`;
}

/** Who the report is about: one authority (its own return's history), or a group (its members' medians by year). */
export interface ForecastSubject {
  name: string;
  history: readonly HistoryEntry[];
  /** Where its history's figures come from, said beside each point: "Approved return", "Network returns: group median". */
  source: string;
  /** Scenarios and the retro-model need one authority's own answers. */
  ownReturns: boolean;
}

export interface ForecastReport {
  firstYear: string;
  latestYear: string;
  cohort: Cohort | "send";
  decomposition: (Decomposition & { words: string }) | null;
  network: NetworkDecomposition | null;
  retro: RetroModel | null;
  forecasts: Array<{
    metric: ForecastMetric;
    label: string;
    unit: MetricUnit;
    history: ForecastPoint[];
    /** "DfE SEN2 (SEN2 2025) for 2014-15 to 2020-21; approved return for 2021-22 to 2023-24." */
    sources: string;
    result: ForecastResult;
  }>;
  scenarios: Array<{ name: string; result: ScenarioResult | null; missing: string; horizon: number | null }>;
  spendGrowth: number | null;
}

/**
 * The forecasts page's report for one subject: why spend changed between its first and latest year
 * (against the network's median decomposition), the retro-model, log-linear forecasts of each
 * forecast metric and the savings scenarios.
 */
export function forecastReport(input: {
  subject: ForecastSubject;
  deflators: readonly Deflator[];
  inputs: ScenarioInputs;
  network: (firstYear: string, latestYear: string) => NetworkDecomposition | null;
  /** For a group subject: its members' median factors, in place of a decomposition of its own answers. */
  groupFactors?: (firstYear: string, latestYear: string) => NetworkDecomposition;
  /** A longer EHCP history from public statistics, in place of the subject's own EHCP points. */
  ehcpHistory?: EhcpHistory;
}): ForecastReport | null {
  const { subject, inputs } = input;
  const history = subject.history;
  const first = history[0];
  const latest = history.at(-1);
  if (!first || !latest) return null;
  const cohort = inputs.cohort as Cohort | "send";
  const twoYears = first !== latest;
  const own = twoYears ? decomposeBetween(history, first.financialYear, latest.financialYear, cohort, input.deflators) : null;
  const group = twoYears && input.groupFactors ? input.groupFactors(first.financialYear, latest.financialYear) : null;
  const decomposition = group ? (group.shown ? fromFactors(group) : null) : (own?.decomposition ?? null);
  const forecasts = FORECAST_METRICS.map((metric) => {
    const definition = findMetric(metric)!;
    const longer = metric === "ehcps" && input.ehcpHistory && input.ehcpHistory.points.length > 0 ? input.ehcpHistory : null;
    const points: ForecastPoint[] = longer
      ? [...longer.points]
      : metricHistory(history, metric).map((point) => ({ ...point, source: subject.source }));
    const result = forecastLogLinear(points.map(({ year, value }) => ({ year, value })));
    return {
      metric,
      label: longer?.label ?? definition.label,
      unit: definition.unit,
      history: points,
      sources: describeSources(points),
      result,
    };
  });
  const spend = forecasts.find((f) => f.metric === "spend.send")!.result;
  const spendGrowth = spend.ok ? spend.forecast.annualGrowth : null;
  const scenarios = subject.ownReturns ? savingsScenarios(latest, inputs) : [];
  return {
    firstYear: first.financialYear,
    latestYear: latest.financialYear,
    cohort,
    decomposition: decomposition && { ...decomposition, words: describeDecomposition(decomposition) },
    network: twoYears ? input.network(first.financialYear, latest.financialYear) : null,
    retro: subject.ownReturns && own ? retroModel(own.from, own.to) : null,
    forecasts,
    scenarios: scenarios.map((s) => ({
      ...s,
      horizon: s.result ? savingOverHorizon(s.result.annualSaving, spendGrowth, HORIZON_YEARS) : null,
    })),
    spendGrowth,
  };
}

/** A decomposition from median factors: spend change is their product, so the shares add up. */
function fromFactors(factors: DecompositionFactors): Decomposition {
  const ratio = (1 + factors.volume) * (1 + factors.inflation) * (1 + factors.realUnitCost);
  const log = Math.log(ratio);
  return {
    volume: factors.volume,
    inflation: factors.inflation,
    realUnitCost: factors.realUnitCost,
    spendChange: ratio - 1,
    shares:
      Math.abs(log) < 1e-12
        ? null
        : {
            volume: Math.log1p(factors.volume) / log,
            inflation: Math.log1p(factors.inflation) / log,
            realUnitCost: Math.log1p(factors.realUnitCost) / log,
          },
  };
}

function savingsScenarios(
  latest: HistoryEntry,
  inputs: ScenarioInputs,
): Array<{ name: string; result: ScenarioResult | null; missing: string }> {
  const values = latest.values;
  const sendUnitCost = latest.metrics["unit_cost.send"] ?? null;
  const taxiUsers = numberAt(values, "mode.taxi");
  const post16Users = numberAt(values, "transport.post16.children");
  const post16UnitCost = latest.metrics["unit_cost.post16"];
  const routed = COHORTS.filter((c) => numberAt(values, `transport.${c}.routes`) !== null).reduce(
    (sum, c) => sum + (numberAt(values, `transport.${c}.spend`) ?? 0),
    0,
  );
  return [
    {
      name: "Personal transport budgets instead of taxis",
      result:
        sendUnitCost !== null && taxiUsers !== null
          ? ptbScenario({ percentMoved: inputs.ptbPercent, budgetPerChild: inputs.ptbBudget, taxiUsers, sendUnitCost })
          : null,
      missing: "needs taxi users and the SEND unit cost",
    },
    {
      name: "Independent travel training",
      result:
        sendUnitCost !== null ? travelTrainingScenario({ children: inputs.ittChildren, costPerChild: inputs.ittCost, sendUnitCost }) : null,
      missing: "needs the SEND unit cost",
    },
    {
      name: "A charge for post-16 transport",
      result:
        post16Users !== null && post16UnitCost !== undefined
          ? post16ChargeScenario({ charge: inputs.post16Charge, percentFewer: inputs.post16Fewer, post16Users, post16UnitCost })
          : null,
      missing: "needs post-16 users and the post-16 unit cost",
    },
    {
      name: "Cheaper routes through bundling",
      result: routed > 0 ? routeBundlingScenario({ percentCheaper: inputs.bundlingPercent, spendOnRoutedCohorts: routed }) : null,
      missing: "needs spend on cohorts that report their routes",
    },
  ];
}

/** A factor's share of the growth, ln(1+factor) / ln(product), as a percentage; null when spend did not change. */
export function shareOfGrowth(factors: DecompositionFactors, factor: "volume" | "inflation" | "realUnitCost"): number | null {
  const total = Math.log1p(factors.volume) + Math.log1p(factors.inflation) + Math.log1p(factors.realUnitCost);
  return Math.abs(total) < 1e-12 ? null : (Math.log1p(factors[factor]) / total) * 100;
}

/** The decomposition's data table (and CSV): the subject's factors beside the network's medians. */
export function decompositionTable(report: ForecastReport, subjectName: string): ViewTable | null {
  const own = report.decomposition;
  if (!own) return null;
  const network = report.network?.shown ? report.network : null;
  const cohortName = report.cohort === "send" ? "all SEND cohorts" : COHORT_LABELS[report.cohort];
  return {
    caption: `Growth factors of transport spend for ${cohortName}, ${report.firstYear} to ${report.latestYear} (each compounds with the others to give the change in spend)`,
    columns: [
      { key: "factor", label: "Factor" },
      { key: "own_percent", label: subjectName, unit: "percent" },
      { key: "network_median_percent", label: `Network median${network ? ` (${network.n} authorities)` : ""}`, unit: "percent" },
    ],
    rows: [
      ["Children (volume)", own.volume * 100, network ? network.volume * 100 : null],
      ["Inflation (GDP deflator)", own.inflation * 100, network ? network.inflation * 100 : null],
      ["Real unit cost", own.realUnitCost * 100, network ? network.realUnitCost * 100 : null],
      ["Spend", own.spendChange * 100, network ? network.spendChange * 100 : null],
    ],
  };
}

/** One forecast's data table (and CSV): history, then the central forecast with its 80 % interval. */
export function forecastTable(forecast: ForecastReport["forecasts"][number]): ViewTable {
  const future = forecast.result.ok ? forecast.result.forecast.forecast : [];
  return {
    caption: `${forecast.label}: history and forecast`,
    columns: [
      { key: "year", label: "Year starting" },
      { key: "value", label: "Actual", unit: forecast.unit },
      { key: "source", label: "Source" },
      { key: "central", label: "Forecast", unit: forecast.unit },
      { key: "low", label: "Forecast, low (80% interval)", unit: forecast.unit },
      { key: "high", label: "Forecast, high (80% interval)", unit: forecast.unit },
    ],
    // Years as text: a number column would be shown with a thousands separator ("2,022").
    rows: [
      ...forecast.history.map((p) => [String(p.year), p.value, p.source, null, null, null]),
      ...future.map((p) => [String(p.year), null, "Forecast (fitted trend)", p.central, p.low, p.high]),
    ],
  };
}
