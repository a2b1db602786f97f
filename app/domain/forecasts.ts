/**
 * Forecasts, cost-growth decomposition, retro-modelling and savings scenarios: pure arithmetic on an
 * authority's own approved figures (issue: forecasts). Every function states its formula.
 */
import { formatCount } from "./format";

export interface GrowthPoint {
  /** Spend S, children N and the deflator index D of the round's financial year. */
  spend: number;
  children: number;
  deflator: number;
}

export interface Decomposition {
  /** S1/S0 − 1. */
  spendChange: number;
  /** N1/N0 − 1: more (or fewer) children. */
  volume: number;
  /** D1/D0 − 1: general inflation. */
  inflation: number;
  /** (U1/D1)/(U0/D0) − 1 with U = S/N: dearer (or cheaper) journeys in real terms. */
  realUnitCost: number;
  /** ln(1+factor)/ln(S1/S0): each factor's part of the growth; null when spend did not change. */
  shares: { volume: number; inflation: number; realUnitCost: number } | null;
}

/**
 * Splits the change in spend between two rounds into volume, inflation and real unit cost, so that
 * (1+volume)(1+inflation)(1+realUnitCost) = S1/S0 exactly. Null when any figure is not positive.
 */
export function decomposeSpendGrowth(from: GrowthPoint, to: GrowthPoint): Decomposition | null {
  const values = [from.spend, from.children, from.deflator, to.spend, to.children, to.deflator];
  if (values.some((value) => !(value > 0) || !Number.isFinite(value))) return null;
  const volume = to.children / from.children - 1;
  const inflation = to.deflator / from.deflator - 1;
  const realUnitCost = to.spend / to.children / to.deflator / (from.spend / from.children / from.deflator) - 1;
  const ratio = to.spend / from.spend;
  const logRatio = Math.log(ratio);
  return {
    spendChange: ratio - 1,
    volume,
    inflation,
    realUnitCost,
    shares:
      Math.abs(logRatio) < 1e-12
        ? null
        : {
            volume: Math.log1p(volume) / logRatio,
            inflation: Math.log1p(inflation) / logRatio,
            realUnitCost: Math.log1p(realUnitCost) / logRatio,
          },
  };
}

/** "of the 230 % rise, 61 % came from more children, 22 % from inflation, 17 % from dearer journeys". */
export function describeDecomposition(decomposition: Decomposition): string {
  const percent = (value: number) => `${Math.round(Math.abs(value) * 100)}%`;
  const direction = decomposition.spendChange >= 0 ? "rise" : "fall";
  if (!decomposition.shares) return "Spend did not change between these rounds.";
  const { volume, inflation, realUnitCost } = decomposition.shares;
  const part = (share: number, more: string, fewer: string, factor: number) => `${percent(share)} ${factor >= 0 ? more : fewer}`;
  return (
    `Of the ${percent(decomposition.spendChange)} ${direction} in spend, ` +
    `${part(volume, "came from more children", "came from fewer children", decomposition.volume)}, ` +
    `${part(inflation, "from inflation", "from falling prices", decomposition.inflation)} and ` +
    `${part(realUnitCost, "from dearer journeys", "from cheaper journeys", decomposition.realUnitCost)}.`
  );
}

export interface RetroModel {
  /** N1 × U0 × D1/D0: spend had unit costs risen only with inflation since the first round. */
  inflationOnlySpend: number;
  actualSpend: number;
  /** actual − inflation-only: positive when journeys got dearer in real terms. */
  difference: number;
}

export function retroModel(first: GrowthPoint, latest: GrowthPoint): RetroModel | null {
  if (!(first.children > 0) || !(first.deflator > 0) || !(latest.deflator > 0)) return null;
  const inflationOnlySpend = latest.children * (first.spend / first.children) * (latest.deflator / first.deflator);
  return { inflationOnlySpend, actualSpend: latest.spend, difference: latest.spend - inflationOnlySpend };
}

// --- Student's t quantile, for prediction intervals ---------------------------------------------

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularised incomplete beta function (Numerical Recipes, betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the Beta(a, b) distribution's CDF (also behind the Harrell–Davis quantiles of domain/disclosure). */
export function regularisedIncompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularisedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (p > 0.5), by bisection on the CDF to 1e-12. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1) || !(df >= 1)) throw new Error(`studentTQuantile needs 0.5 < p < 1 and df ≥ 1 (got p=${p}, df=${df})`);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

// --- Log-linear forecasts -------------------------------------------------------------------------

export interface ForecastPoint {
  year: number;
  central: number;
  low: number;
  high: number;
}

export interface Forecast {
  /** ln(value) = a + b·year. */
  intercept: number;
  slope: number;
  /** e^b − 1: the implied annual growth. */
  annualGrowth: number;
  /** Residual standard error s, with n − 2 degrees of freedom. */
  residualStandardError: number;
  /** t(0.9, n − 2): the multiplier of the 80 % prediction interval. */
  tMultiplier: number;
  forecast: ForecastPoint[];
}

export type ForecastResult = { ok: true; forecast: Forecast } | { ok: false; reason: string };

export const MIN_FORECAST_HISTORY = 3;

/**
 * Ordinary least squares of ln(value) on the financial year's start year, over at least three
 * positive values, projected `horizon` years past the last: central exp(a + b·T) and the 80 %
 * prediction interval exp(ŷ ± t(0.9, n−2) · s · √(1 + 1/n + (T − t̄)² / Σ(t − t̄)²)).
 */
export function forecastLogLinear(history: ReadonlyArray<{ year: number; value: number }>, horizon = 3): ForecastResult {
  if (history.length < MIN_FORECAST_HISTORY) {
    return {
      ok: false,
      reason: `Not enough history: a forecast needs at least ${MIN_FORECAST_HISTORY} approved rounds, and there ${history.length === 1 ? "is 1" : `are ${history.length}`}.`,
    };
  }
  if (history.some((point) => !(point.value > 0)))
    return { ok: false, reason: "Not enough history: every value must be above zero to forecast its growth." };
  if (new Set(history.map((point) => point.year)).size !== history.length)
    return { ok: false, reason: "Each round must be a different financial year." };
  const n = history.length;
  const ts = history.map((point) => point.year);
  const ys = history.map((point) => Math.log(point.value));
  const tMean = ts.reduce((a, b) => a + b, 0) / n;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = ts.reduce((sum, t) => sum + (t - tMean) ** 2, 0);
  const sxy = ts.reduce((sum, t, i) => sum + (t - tMean) * (ys[i]! - yMean), 0);
  const slope = sxy / sxx;
  const intercept = yMean - slope * tMean;
  const residualSquares = ts.reduce((sum, t, i) => sum + (ys[i]! - (intercept + slope * t)) ** 2, 0);
  const df = n - 2;
  const s = df > 0 ? Math.sqrt(residualSquares / df) : 0;
  const tMultiplier = df > 0 ? studentTQuantile(0.9, df) : 0;
  const last = Math.max(...ts);
  const forecast = Array.from({ length: horizon }, (_, i) => {
    const year = last + i + 1;
    const fitted = intercept + slope * year;
    const half = tMultiplier * s * Math.sqrt(1 + 1 / n + (year - tMean) ** 2 / sxx);
    return { year, central: Math.exp(fitted), low: Math.exp(fitted - half), high: Math.exp(fitted + half) };
  });
  return { ok: true, forecast: { intercept, slope, annualGrowth: Math.expm1(slope), residualStandardError: s, tMultiplier, forecast } };
}

// --- Savings scenarios ----------------------------------------------------------------------------

export interface ScenarioResult {
  /** Saving in one year, £. Negative means the change would cost more. */
  annualSaving: number;
  /** The assumptions behind the figure, in words, printed next to it. */
  assumptions: string[];
}

const pounds = (value: number) => `£${Math.round(value).toLocaleString("en-GB")}`;

/** Move X % of taxi users to personal transport budgets at £P a year: X% × taxi users × (unit_cost.send − P). */
export function ptbScenario(input: {
  percentMoved: number;
  budgetPerChild: number;
  taxiUsers: number;
  sendUnitCost: number;
}): ScenarioResult {
  const moved = (input.percentMoved / 100) * input.taxiUsers;
  return {
    annualSaving: moved * (input.sendUnitCost - input.budgetPerChild),
    assumptions: [
      `${input.percentMoved}% of ${formatCount(input.taxiUsers)} taxi users move to a personal transport budget (${moved.toFixed(1)} children)`,
      `Each budget costs ${pounds(input.budgetPerChild)} a year; each child moved saved the average SEND unit cost of ${pounds(input.sendUnitCost)}`,
    ],
  };
}

/** Independent travel training for K children at £C each: K × (unit_cost.send − C) in the year after training. */
export function travelTrainingScenario(input: { children: number; costPerChild: number; sendUnitCost: number }): ScenarioResult {
  return {
    annualSaving: input.children * (input.sendUnitCost - input.costPerChild),
    assumptions: [
      `${input.children} children complete travel training at ${pounds(input.costPerChild)} each and then travel independently`,
      `Each would otherwise have cost the average SEND unit cost of ${pounds(input.sendUnitCost)} a year`,
    ],
  };
}

/**
 * A post-16 charge of £C a year with r % fewer users: r% × post-16 users × unit_cost.post16 (transport
 * no longer given) + (1 − r%) × post-16 users × C (charges collected).
 */
export function post16ChargeScenario(input: {
  charge: number;
  percentFewer: number;
  post16Users: number;
  post16UnitCost: number;
}): ScenarioResult {
  const share = input.percentFewer / 100;
  return {
    annualSaving: share * input.post16Users * input.post16UnitCost + (1 - share) * input.post16Users * input.charge,
    assumptions: [
      `A charge of ${pounds(input.charge)} a year for post-16 transport; ${input.percentFewer}% of ${input.post16Users} users stop using it`,
      `Each user who stops saved the post-16 unit cost of ${pounds(input.post16UnitCost)}; the rest pay the charge`,
    ],
  };
}

/** Cheaper routes by s % through bundling: s% × Σ spend of the cohorts that report routes. */
export function routeBundlingScenario(input: { percentCheaper: number; spendOnRoutedCohorts: number }): ScenarioResult {
  return {
    annualSaving: (input.percentCheaper / 100) * input.spendOnRoutedCohorts,
    assumptions: [
      `Bundling makes routes ${input.percentCheaper}% cheaper across ${pounds(input.spendOnRoutedCohorts)} of spend on cohorts that report their routes`,
    ],
  };
}

/**
 * A year's saving carried over the forecast horizon, scaled by the forecast growth of the base it
 * applies to (the saving grows as the spend it is a share of grows).
 */
export function savingOverHorizon(annualSaving: number, annualGrowth: number | null, years: number): number {
  const growth = annualGrowth ?? 0;
  let total = 0;
  for (let year = 1; year <= years; year++) total += annualSaving * (1 + growth) ** year;
  return total;
}
