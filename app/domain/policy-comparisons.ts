/**
 * What works: each transport policy of the question set (domain spec §3.4), the authorities that have
 * it against those that do not, on the unit costs and travel-mode shares it might move; and, across
 * two published rounds, the authorities that adopted it between them against those that did not — a
 * difference in differences. Pure: the caller supplies each authority's approved answers and metrics,
 * and the function that turns a group's values into the figures a viewer may see (the disclosure
 * rules of §5: a minimum group size, no min or max, perturbed quantiles and means), so the same code
 * serves members, regional viewers and tests.
 */
import { COHORTS, TRAVEL_MODES } from "./cohorts";
import { formatCount, formatMetricValue, formatPounds } from "./format";
import { findMetric, type MetricUnit } from "./metrics";
import { QUESTION_SET_V1 } from "./question-set";
import { summarise } from "./statistics";

/** The yes/no policy questions, in question-set order (the post-16 charge amount is money, not a policy). */
export const POLICIES: ReadonlyArray<{ key: string; label: string }> = QUESTION_SET_V1.fields
  .filter((field) => field.key.startsWith("policy.") && field.kind === "boolean")
  .map((field) => ({ key: field.key, label: field.label }));

/** Each policy as it reads after "councils with" and "councils that adopted". */
const POLICY_PHRASES: Readonly<Record<string, string>> = {
  "policy.statutory_minimum_only": "a statutory-minimum-only policy",
  "policy.post16_charge": "a post-16 transport charge",
  "policy.one_school_one_operator": "one operator for each school",
  "policy.route_bundling": "route bundling",
  "policy.route_planning_software": "route planning software",
  "policy.personal_transport_budgets": "personal transport budgets",
  "policy.pickup_points": "pick-up points",
  "policy.minibuses_to_schools": "minibuses provided to schools",
  "policy.suspension_transport": "transport during suspensions",
};

function phraseOf(policyKey: string, label: string): string {
  return POLICY_PHRASES[policyKey] ?? label.charAt(0).toLowerCase() + label.slice(1);
}

/** A short row label for one side of a policy: "With route bundling", "Without route bundling". */
export function policySideLabel(policyKey: string, label: string, side: "with" | "without"): string {
  return `${side === "with" ? "With" : "Without"} ${phraseOf(policyKey, label)}`;
}

/** The outcomes each policy is compared on: the SEND unit cost first, then each cohort's, single occupancy and mode shares. */
export const POLICY_OUTCOME_METRICS: readonly string[] = [
  "unit_cost.send",
  ...COHORTS.map((cohort) => `unit_cost.${cohort}`),
  "single_occupancy_share",
  ...TRAVEL_MODES.map((mode) => `mode_share.${mode}`),
];

/** The outcome of the difference in differences: what the seminar's retro-modelling asked about. */
export const DID_METRIC = "unit_cost.send";

/** One authority in one round: its yes/no answers (absent = not answered) and its metrics. */
export interface PolicyRecord {
  authorityId: number;
  policies: Readonly<Record<string, boolean | undefined>>;
  metrics: Readonly<Record<string, number | undefined>>;
}

/** A group figure as a viewer may see it. */
export interface GroupFigure {
  q1: number;
  median: number;
  q3: number;
  mean: number;
}

/**
 * Turns one group's values into what may be shown, or null when it must be suppressed (too few
 * contributors, or a contributor set too close to one already offered). `figure` names the quantity
 * and group, so a disclosure module can keep contributor sets fixed and perturb reproducibly.
 */
export type GroupSummariser = (contributors: ReadonlyArray<{ authorityId: number; value: number }>, figure: string) => GroupFigure | null;

/** The plain rule without perturbation: R-7 quartiles and the mean at ≥ minGroupSize contributors. */
export function minimumSizeSummariser(minGroupSize: number): GroupSummariser {
  return (contributors) => {
    if (contributors.length < minGroupSize) return null;
    const stats = summarise(contributors.map((c) => c.value));
    return stats && { q1: stats.q1, median: stats.median, q3: stats.q3, mean: stats.mean };
  };
}

export interface PolicySide {
  /** How many authorities are on this side for this outcome; null with the figure when it is suppressed. */
  n: number | null;
  figure: GroupFigure | null;
}

export interface OutcomeComparison {
  metricKey: string;
  label: string;
  unit: MetricUnit;
  with: PolicySide;
  without: PolicySide;
  /** Median with − median without; null unless both sides are shown. */
  medianDifference: number | null;
}

export interface PolicyComparison {
  policyKey: string;
  label: string;
  /** Authorities answering yes / no; both null unless each is at least minGroupSize. */
  withCount: number | null;
  withoutCount: number | null;
  /** The viewer's own answer (members only): true, false, or null when not answered or not a member. */
  own: boolean | null;
  outcomes: OutcomeComparison[];
  /** The headline in words, or why there is none. */
  sentence: string;
}

export const ASSOCIATION_CAVEAT =
  "These are associations, not proof that a policy causes a lower or higher cost: councils that adopt a policy differ from those that do not in other ways too (how rural they are, their children's needs, their local market).";

function outcomeLabel(metricKey: string): { label: string; unit: MetricUnit } {
  const metric = findMetric(metricKey);
  if (!metric) throw new Error(`Unknown outcome metric ${metricKey}`);
  return { label: metric.label, unit: metric.unit };
}

function valuesOf(records: readonly PolicyRecord[], metricKey: string) {
  return records.flatMap((record) => {
    const value = record.metrics[metricKey];
    return typeof value === "number" && Number.isFinite(value) ? [{ authorityId: record.authorityId, value }] : [];
  });
}

/** "£1,234 lower" / "£1,234 higher" / "the same" for a difference in pounds or percentage points. */
function differenceWords(difference: number, unit: MetricUnit): string {
  const size =
    unit === "percent"
      ? `${formatMetricValue("percent", Math.abs(difference)).replace("%", "")} percentage points`
      : formatMetricValue(unit, Math.abs(difference));
  if (size === formatMetricValue(unit, 0) || size === "0.0 percentage points") return "the same";
  return `${size} ${difference < 0 ? "lower" : "higher"}`;
}

function policySentence(
  phrase: string,
  withCount: number | null,
  withoutCount: number | null,
  headline: OutcomeComparison | undefined,
  minGroupSize: number,
): string {
  if (withCount === null || withoutCount === null || !headline || headline.medianDifference === null) {
    return `Not enough councils on each side to compare (each side needs at least ${minGroupSize}).`;
  }
  const withMedian = headline.with.figure!.median;
  const withoutMedian = headline.without.figure!.median;
  const difference = differenceWords(headline.medianDifference, headline.unit);
  return difference === "the same"
    ? `Councils with ${phrase} had about the same median SEND unit cost as councils without (${formatPounds(withMedian)} against ${formatPounds(withoutMedian)}; ${formatCount(headline.with.n!)} with, ${formatCount(headline.without.n!)} without).`
    : `Councils with ${phrase} had a median SEND unit cost ${difference} than councils without (${formatPounds(withMedian)} against ${formatPounds(withoutMedian)}; ${formatCount(headline.with.n!)} with, ${formatCount(headline.without.n!)} without).`;
}

/**
 * Every policy, with against without, over `records` (one round's approved returns: the network, or a
 * regional viewer's group). A side below `minGroupSize` authorities shows neither its figures nor its count.
 */
export function comparePolicies(
  records: readonly PolicyRecord[],
  options: { minGroupSize: number; summarise: GroupSummariser; ownAuthorityId?: number | null; scope: string },
): PolicyComparison[] {
  const own = options.ownAuthorityId == null ? undefined : records.find((record) => record.authorityId === options.ownAuthorityId);
  return POLICIES.map(({ key, label }) => {
    const withPolicy = records.filter((record) => record.policies[key] === true);
    const withoutPolicy = records.filter((record) => record.policies[key] === false);
    // Both counts or neither: one side's count and the network's n would give the other's.
    const sidesShown = withPolicy.length >= options.minGroupSize && withoutPolicy.length >= options.minGroupSize;
    const withCount = sidesShown ? withPolicy.length : null;
    const withoutCount = sidesShown ? withoutPolicy.length : null;
    const outcomes = POLICY_OUTCOME_METRICS.map((metricKey): OutcomeComparison => {
      const side = (group: readonly PolicyRecord[], name: "with" | "without"): PolicySide => {
        const contributors = valuesOf(group, metricKey);
        const figure = sidesShown ? options.summarise(contributors, `${options.scope}|${key}|${name}|${metricKey}`) : null;
        return { n: figure ? contributors.length : null, figure };
      };
      const withSide = side(withPolicy, "with");
      const withoutSide = side(withoutPolicy, "without");
      return {
        metricKey,
        ...outcomeLabel(metricKey),
        with: withSide,
        without: withoutSide,
        medianDifference: withSide.figure && withoutSide.figure ? withSide.figure.median - withoutSide.figure.median : null,
      };
    });
    return {
      policyKey: key,
      label,
      withCount,
      withoutCount,
      own: own?.policies[key] ?? null,
      outcomes,
      sentence: policySentence(phraseOf(key, label), withCount, withoutCount, outcomes[0], options.minGroupSize),
    };
  });
}

export interface ChangeSide {
  /** Authorities with the outcome in both rounds on this side; null when the side is suppressed. */
  n: number | null;
  /** Mean change in £ (later − earlier) and mean percentage change; null when suppressed. */
  meanChange: number | null;
  meanPercentChange: number | null;
}

export interface DifferenceInDifferences {
  policyKey: string;
  label: string;
  earlierRound: string;
  laterRound: string;
  /** Without the policy in the earlier round and with it in the later one. */
  adopters: ChangeSide;
  /** Without it in both rounds. */
  nonAdopters: ChangeSide;
  /** adopters' mean change − non-adopters' mean change, £ and percentage points; null unless both sides are shown. */
  difference: number | null;
  percentDifference: number | null;
  sentence: string;
}

/**
 * Across two rounds: authorities that had the policy in neither round (non-adopters) against those
 * that had it only in the later one (adopters), each by the change in their own `DID_METRIC`. Those that
 * had it in both, dropped it, or did not answer in either round are left out. Each side needs
 * `minGroupSize` authorities with the outcome in both rounds.
 */
export function differenceInDifferences(
  earlier: { slug: string; name: string; records: readonly PolicyRecord[] },
  later: { slug: string; name: string; records: readonly PolicyRecord[] },
  options: { minGroupSize: number; summarise: GroupSummariser; scope: string },
): DifferenceInDifferences[] {
  const before = new Map(earlier.records.map((record) => [record.authorityId, record]));
  return POLICIES.map(({ key, label }) => {
    const changes = {
      adopters: [] as Array<{ authorityId: number; change: number; percent: number }>,
      nonAdopters: [] as Array<{ authorityId: number; change: number; percent: number }>,
    };
    for (const now of later.records) {
      const then = before.get(now.authorityId);
      if (!then || then.policies[key] !== false) continue;
      const side = now.policies[key] === true ? changes.adopters : now.policies[key] === false ? changes.nonAdopters : null;
      const was = then.metrics[DID_METRIC];
      const is = now.metrics[DID_METRIC];
      if (!side || typeof was !== "number" || typeof is !== "number" || was === 0) continue;
      side.push({ authorityId: now.authorityId, change: is - was, percent: (is / was - 1) * 100 });
    }
    const summariseSide = (name: "adopters" | "nonAdopters"): ChangeSide => {
      const rows = changes[name];
      const figureKey = `${options.scope}|${key}|${earlier.slug}>${later.slug}|${name}`;
      const pounds = options.summarise(
        rows.map((r) => ({ authorityId: r.authorityId, value: r.change })),
        `${figureKey}|change`,
      );
      const percent = options.summarise(
        rows.map((r) => ({ authorityId: r.authorityId, value: r.percent })),
        `${figureKey}|percent`,
      );
      return { n: rows.length, meanChange: pounds?.mean ?? null, meanPercentChange: percent?.mean ?? null };
    };
    const adopters = summariseSide("adopters");
    const nonAdopters = summariseSide("nonAdopters");
    const shown = adopters.meanChange !== null && nonAdopters.meanChange !== null;
    const difference = shown ? adopters.meanChange! - nonAdopters.meanChange! : null;
    const percentDifference =
      shown && adopters.meanPercentChange !== null && nonAdopters.meanPercentChange !== null
        ? adopters.meanPercentChange - nonAdopters.meanPercentChange
        : null;
    return {
      policyKey: key,
      label,
      earlierRound: earlier.name,
      laterRound: later.name,
      adopters: shown ? adopters : SUPPRESSED_SIDE,
      nonAdopters: shown ? nonAdopters : SUPPRESSED_SIDE,
      difference,
      percentDifference,
      sentence: didSentence(
        phraseOf(key, label),
        earlier.name,
        later.name,
        shown ? { adopters, nonAdopters, difference: difference! } : null,
        options.minGroupSize,
      ),
    };
  });
}

const SUPPRESSED_SIDE: ChangeSide = { n: null, meanChange: null, meanPercentChange: null };

function riseOrFall(change: number): string {
  if (Math.round(change) === 0) return "stayed about the same";
  return `${change > 0 ? "rose" : "fell"} by ${formatPounds(Math.abs(change))} a child on average`;
}

function didSentence(
  phrase: string,
  earlierName: string,
  laterName: string,
  figures: { adopters: ChangeSide; nonAdopters: ChangeSide; difference: number } | null,
  minGroupSize: number,
): string {
  if (!figures) {
    return `Too few councils adopted ${phrase} between ${earlierName} and ${laterName}, or too few did not, to compare (each side needs at least ${minGroupSize} with a SEND unit cost in both rounds).`;
  }
  const { adopters, nonAdopters, difference } = figures;
  const gap =
    Math.round(difference) === 0
      ? "no difference"
      : `a difference in differences of ${difference < 0 ? "−" : "+"}${formatPounds(Math.abs(difference))} a child`;
  return `Between ${earlierName} and ${laterName}, the SEND unit cost of the ${formatCount(adopters.n!)} councils that adopted ${phrase} ${riseOrFall(adopters.meanChange!)}, against ${formatCount(nonAdopters.n!)} councils that did not, whose unit cost ${riseOrFall(nonAdopters.meanChange!)}: ${gap}.`;
}
