/**
 * The normalisation pipeline (domain spec §4): metrics computed from one return, and the change
 * metrics computed against the same authority's earlier rounds.
 *
 * A metric that cannot be computed — an input is blank, or a denominator is 0 — is *not available*
 * and is simply absent from the result: never 0, never NaN or Infinity. Values are at full precision;
 * rounding for display (£ to the pound, % to one decimal) happens where they are shown.
 */
import { COHORTS, COHORT_LABELS, SEND_COHORTS, TRAVEL_MODES, type Cohort, type TravelMode } from "./cohorts";
import { numberAt, type ReturnValues } from "./values";

/**
 * How a metric's value reads:
 * - `gbp`: pounds (spend, unit costs, cost per route, spend per EHCP or per 1,000 residents);
 * - `percent`: a percentage (shares, take-up, outturn against allocation, change and growth);
 * - `count`: a whole number of children or plans;
 * - `ratio`: a plain quotient (children per route);
 * - `rate_per_100`, `rate_per_10k`: a count per 100 / per 10,000 of the named base.
 */
export type MetricUnit = "gbp" | "percent" | "count" | "ratio" | "rate_per_100" | "rate_per_10k";

export type MetricFamily =
  | "unit_cost"
  | "real_unit_cost"
  | "cost_per_route"
  | "children_per_route"
  | "spend"
  | "net_spend"
  | "spend_per_ehcp"
  | "spend_per_population"
  | "ehcp_rate"
  | "take_up"
  | "mode_share"
  | "single_occupancy_share"
  | "passenger_assistants"
  | "spend_share"
  | "hnb_outturn_ratio"
  | "children"
  | "ehcps"
  | "change"
  | "growth";

/** Headings for a metric picker, one per family. */
export const METRIC_FAMILY_LABELS: Record<MetricFamily, string> = {
  unit_cost: "Unit cost per child",
  real_unit_cost: "Unit cost per child in real terms",
  cost_per_route: "Cost per route",
  children_per_route: "Children per route",
  spend: "Transport spend",
  net_spend: "Net SEND transport spend",
  spend_per_ehcp: "SEND transport spend per EHCP",
  spend_per_population: "Transport spend per 1,000 residents aged 0 to 25",
  ehcp_rate: "EHCPs per 10,000 residents aged 0 to 25",
  take_up: "Transport take-up",
  mode_share: "SEND travel by mode",
  single_occupancy_share: "Single occupancy",
  passenger_assistants: "Passenger assistants",
  spend_share: "Share of transport spend",
  hnb_outturn_ratio: "High needs outturn against allocation",
  children: "Children given transport",
  ehcps: "EHCPs",
  change: "Change since previous return",
  growth: "Growth since first return",
};

/**
 * Who may see another authority's value of a metric (domain spec §5.2):
 * - `public_linkable`: counts, money totals and ratios of two of them that public statistics publish
 *   or closely track — their scale alone names a council, so others appear only as a distribution;
 * - `confidential`: scale-free rates from the return — others may appear one by one, under labels
 *   drawn afresh for each figure;
 * - `trend`: change and growth — they would rebuild another council's history, so distributions only.
 */
export type MetricDisclosureClass = "public_linkable" | "confidential" | "trend";

/** Each family's class: a Record, so a new family cannot be added without deciding it. */
export const FAMILY_DISCLOSURE: Readonly<Record<MetricFamily, MetricDisclosureClass>> = {
  unit_cost: "confidential",
  real_unit_cost: "confidential",
  cost_per_route: "confidential",
  children_per_route: "confidential",
  spend: "public_linkable",
  net_spend: "public_linkable",
  spend_per_ehcp: "public_linkable",
  spend_per_population: "public_linkable",
  ehcp_rate: "public_linkable",
  take_up: "confidential",
  mode_share: "confidential",
  single_occupancy_share: "confidential",
  passenger_assistants: "confidential",
  spend_share: "confidential",
  hnb_outturn_ratio: "public_linkable",
  children: "public_linkable",
  ehcps: "public_linkable",
  change: "trend",
  growth: "trend",
};

export interface MetricDefinition {
  key: string;
  /** Plain English, for headings, table captions and the metric picker. */
  label: string;
  unit: MetricUnit;
  /** The formula in words. */
  description: string;
  /** The cohort the metric describes; "send" for all SEND cohorts together. */
  cohort?: Cohort | "send";
  family: MetricFamily;
  /** How others' values may be shown (§5.2). */
  disclosure: MetricDisclosureClass;
}

const MODE_LABELS: Record<TravelMode, string> = {
  taxi: "taxi or private hire",
  minibus: "minibus or coach",
  in_house_fleet: "in-house fleet",
  public_transport: "public transport",
  ptb: "personal transport budget or mileage allowance",
};

/** The metrics whose change against earlier rounds is tracked (`change.<m>` and `growth.<m>`). */
export const CHANGE_BASE_METRICS: readonly string[] = [
  "ehcps",
  "children.send",
  "spend.send",
  "spend.total",
  "unit_cost.send",
  ...COHORTS.map((cohort) => `unit_cost.${cohort}`),
];

/** The answers computeReturnMetrics reads: all a recompute needs to load of a round's returns (about half the answers). */
export const METRIC_INPUT_KEYS: readonly string[] = [
  "population_0_25",
  "ehcp.total",
  "ehcp.setting.special",
  "ehcp.setting.independent",
  ...COHORTS.flatMap((cohort) => ["children", "spend", "routes", "passenger_assistants"].map((item) => `transport.${cohort}.${item}`)),
  ...TRAVEL_MODES.map((mode) => `mode.${mode}`),
  "mode.single_occupancy",
  "income.parental_contributions",
  "income.health_contributions",
  "hnb.allocation",
  "hnb.outturn",
];

/** The answers the change and growth base metrics are made of: all it needs to load of an earlier round's returns. */
export const CHANGE_BASE_INPUT_KEYS: readonly string[] = [
  "ehcp.total",
  ...COHORTS.flatMap((cohort) => [`transport.${cohort}.children`, `transport.${cohort}.spend`]),
];

const SEND_LABEL = "all SEND cohorts";

type MetricInput = Omit<MetricDefinition, "disclosure">;

function defineReturnMetrics(): MetricInput[] {
  const definitions: MetricInput[] = [];

  for (const cohort of COHORTS) {
    definitions.push({
      key: `unit_cost.${cohort}`,
      label: `Unit cost per child: ${COHORT_LABELS[cohort]}`,
      unit: "gbp",
      description: `Transport spend for ${COHORT_LABELS[cohort]} divided by the children given transport.`,
      cohort,
      family: "unit_cost",
    });
  }
  definitions.push({
    key: "unit_cost.send",
    label: `Unit cost per child: ${SEND_LABEL}`,
    unit: "gbp",
    description:
      "Total transport spend divided by total children given transport, over the SEND cohorts that provide both spend and children.",
    cohort: "send",
    family: "unit_cost",
  });

  for (const cohort of COHORTS) {
    definitions.push({
      key: `real_unit_cost.${cohort}`,
      label: `Unit cost per child in real terms: ${COHORT_LABELS[cohort]}`,
      unit: "gbp",
      description: `Unit cost per child for ${COHORT_LABELS[cohort]} multiplied by the GDP deflator of the price base year and divided by the GDP deflator of the round's financial year.`,
      cohort,
      family: "real_unit_cost",
    });
  }
  definitions.push({
    key: "real_unit_cost.send",
    label: `Unit cost per child in real terms: ${SEND_LABEL}`,
    unit: "gbp",
    description:
      "Unit cost per child for all SEND cohorts multiplied by the GDP deflator of the price base year and divided by the GDP deflator of the round's financial year.",
    cohort: "send",
    family: "real_unit_cost",
  });

  for (const cohort of COHORTS) {
    definitions.push({
      key: `cost_per_route.${cohort}`,
      label: `Cost per route: ${COHORT_LABELS[cohort]}`,
      unit: "gbp",
      description: `Transport spend for ${COHORT_LABELS[cohort]} divided by its contracted routes.`,
      cohort,
      family: "cost_per_route",
    });
  }
  for (const cohort of COHORTS) {
    definitions.push({
      key: `children_per_route.${cohort}`,
      label: `Children per route: ${COHORT_LABELS[cohort]}`,
      unit: "ratio",
      description: `Children given transport for ${COHORT_LABELS[cohort]} divided by its contracted routes.`,
      cohort,
      family: "children_per_route",
    });
  }

  definitions.push(
    {
      key: "spend.send",
      label: `Transport spend: ${SEND_LABEL}`,
      unit: "gbp",
      description: "Sum of transport spend over the SEND cohorts that provide it.",
      cohort: "send",
      family: "spend",
    },
    {
      key: "spend.total",
      label: "Transport spend: all cohorts",
      unit: "gbp",
      description: "Sum of transport spend over all cohorts that provide it.",
      family: "spend",
    },
    {
      key: "net_spend.send",
      label: `Net transport spend after contributions: ${SEND_LABEL}`,
      unit: "gbp",
      description: "SEND transport spend less parental contributions and less health contributions (a blank contribution counts as none).",
      cohort: "send",
      family: "net_spend",
    },
    {
      key: "spend_per_ehcp",
      label: "SEND transport spend per EHCP",
      unit: "gbp",
      description: "SEND transport spend divided by the EHCPs maintained by the authority.",
      cohort: "send",
      family: "spend_per_ehcp",
    },
    {
      key: "spend_per_1k_population",
      label: "Transport spend per 1,000 residents aged 0 to 25",
      unit: "gbp",
      description: "Transport spend for all cohorts divided by the resident population aged 0 to 25, times 1,000.",
      family: "spend_per_population",
    },
    {
      key: "ehcp_rate_per_10k",
      label: "EHCPs per 10,000 residents aged 0 to 25",
      unit: "rate_per_10k",
      description: "EHCPs maintained divided by the resident population aged 0 to 25, times 10,000.",
      family: "ehcp_rate",
    },
    {
      key: "take_up.special",
      label: "Transport take-up: special school placements",
      unit: "percent",
      description: "Children given transport to special schools as a percentage of EHCPs placed in special schools.",
      cohort: "special",
      family: "take_up",
    },
    {
      key: "take_up.independent_special",
      label: "Transport take-up: independent special school placements",
      unit: "percent",
      description:
        "Children given transport to independent and non-maintained special schools as a percentage of EHCPs placed in independent schools.",
      cohort: "independent_special",
      family: "take_up",
    },
  );

  for (const mode of TRAVEL_MODES) {
    definitions.push({
      key: `mode_share.${mode}`,
      label: `SEND children travelling by ${MODE_LABELS[mode]}`,
      unit: "percent",
      description: `SEND children travelling by ${MODE_LABELS[mode]} as a percentage of SEND children across all five travel modes (only when all five modes are provided).`,
      cohort: "send",
      family: "mode_share",
    });
  }
  definitions.push(
    {
      key: "single_occupancy_share",
      label: "SEND children travelling alone in a vehicle",
      unit: "percent",
      description:
        "SEND children travelling alone in a vehicle as a percentage of SEND children across all five travel modes (only when all five modes are provided).",
      cohort: "send",
      family: "single_occupancy_share",
    },
    {
      key: "pa_per_100_children.send",
      label: `Passenger assistants per 100 children: ${SEND_LABEL}`,
      unit: "rate_per_100",
      description: "Passenger assistants divided by children given transport, times 100, over the SEND cohorts that provide both.",
      cohort: "send",
      family: "passenger_assistants",
    },
  );

  for (const cohort of COHORTS) {
    definitions.push({
      key: `spend_share.${cohort}`,
      label: `Share of transport spend: ${COHORT_LABELS[cohort]}`,
      unit: "percent",
      description: `Transport spend for ${COHORT_LABELS[cohort]} as a percentage of transport spend for all cohorts.`,
      cohort,
      family: "spend_share",
    });
  }

  definitions.push(
    {
      key: "hnb_outturn_ratio",
      label: "High needs outturn as a percentage of allocation",
      unit: "percent",
      description: "High needs block outturn as a percentage of the high needs block allocation.",
      family: "hnb_outturn_ratio",
    },
    {
      key: "children.send",
      label: `Children given transport: ${SEND_LABEL}`,
      unit: "count",
      description: "Sum of children given transport over the SEND cohorts that provide it.",
      cohort: "send",
      family: "children",
    },
    {
      key: "ehcps",
      label: "EHCPs maintained",
      unit: "count",
      description: "EHCPs maintained by the authority at the January census.",
      family: "ehcps",
    },
  );

  return definitions;
}

function defineChangeMetrics(returnMetrics: readonly MetricInput[]): MetricInput[] {
  return CHANGE_BASE_METRICS.flatMap((baseKey) => {
    const base = returnMetrics.find((definition) => definition.key === baseKey);
    if (!base) throw new Error(`Change metric base ${baseKey} has no definition`);
    const shared = base.cohort ? { cohort: base.cohort } : {};
    return [
      {
        key: `change.${baseKey}`,
        label: `Change since previous return: ${base.label}`,
        unit: "percent" as const,
        description: `${base.label}: the value now divided by the value in the authority's latest earlier round that has it, minus 1, times 100.`,
        family: "change" as const,
        ...shared,
      },
      {
        key: `growth.${baseKey}`,
        label: `Growth since first return: ${base.label}`,
        unit: "percent" as const,
        description: `${base.label}: the value now divided by the value in the authority's earliest round that has it, minus 1, times 100.`,
        family: "growth" as const,
        ...shared,
      },
    ];
  });
}

const RETURN_METRIC_DEFINITIONS = defineReturnMetrics();

/** Every concrete metric key, in the order a picker lists them. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  ...RETURN_METRIC_DEFINITIONS,
  ...defineChangeMetrics(RETURN_METRIC_DEFINITIONS),
].map((definition) => ({ ...definition, disclosure: FAMILY_DISCLOSURE[definition.family] }));

const DEFINITIONS_BY_KEY = new Map(METRIC_DEFINITIONS.map((definition) => [definition.key, definition]));

/** The definition of the metric `key`, or undefined for an unknown key. */
export function findMetric(key: string): MetricDefinition | undefined {
  return DEFINITIONS_BY_KEY.get(key);
}

/** `numerator / denominator × scale`, or null when either is not available or the denominator is 0. */
function quotient(numerator: number | null, denominator: number | null, scale = 1): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  const value = (numerator / denominator) * scale;
  return Number.isFinite(value) ? value : null;
}

/** The sum of the values that are provided, or null when none is. */
function sumOfProvided(values: readonly (number | null)[]): number | null {
  let sum: number | null = null;
  for (const value of values) {
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

/**
 * Σ numerator field / Σ denominator field × scale over the SEND cohorts that provide both fields,
 * so the ratio compares like with like. No such cohort leaves the denominator 0: not available.
 */
function sendQuotientOverCohortsProvidingBoth(
  values: ReturnValues,
  numeratorField: string,
  denominatorField: string,
  scale = 1,
): number | null {
  let numeratorSum = 0;
  let denominatorSum = 0;
  for (const cohort of SEND_COHORTS) {
    const numerator = numberAt(values, `transport.${cohort}.${numeratorField}`);
    const denominator = numberAt(values, `transport.${cohort}.${denominatorField}`);
    if (numerator === null || denominator === null) continue;
    numeratorSum += numerator;
    denominatorSum += denominator;
  }
  return quotient(numeratorSum, denominatorSum, scale);
}

export interface RealTermsPrices {
  /** GDP deflator of the round's financial year. */
  roundIndex: number | null;
  /** GDP deflator of the round's price base year. */
  baseIndex: number | null;
}

/**
 * Every available metric of one return (all of §4 except change and growth), keyed by metric key.
 * `prices` are the deflators that turn unit costs into the base year's prices; when either is
 * missing, no real-terms metric is available.
 */
export function computeReturnMetrics(values: ReturnValues, prices: RealTermsPrices): Record<string, number> {
  const metrics: Record<string, number> = {};
  const put = (key: string, value: number | null) => {
    if (value !== null && Number.isFinite(value)) metrics[key] = value;
  };
  const at = (key: string) => numberAt(values, key);
  const spendOf = (cohort: Cohort) => at(`transport.${cohort}.spend`);
  const childrenOf = (cohort: Cohort) => at(`transport.${cohort}.children`);

  for (const cohort of COHORTS) {
    const routes = at(`transport.${cohort}.routes`);
    put(`unit_cost.${cohort}`, quotient(spendOf(cohort), childrenOf(cohort)));
    put(`cost_per_route.${cohort}`, quotient(spendOf(cohort), routes));
    put(`children_per_route.${cohort}`, quotient(childrenOf(cohort), routes));
  }
  put("unit_cost.send", sendQuotientOverCohortsProvidingBoth(values, "spend", "children"));

  const deflatorRatio = quotient(prices.baseIndex, prices.roundIndex);
  if (deflatorRatio !== null) {
    for (const key of [...COHORTS, "send"]) {
      const unitCost = metrics[`unit_cost.${key}`];
      if (unitCost !== undefined) put(`real_unit_cost.${key}`, unitCost * deflatorRatio);
    }
  }

  const spendSend = sumOfProvided(SEND_COHORTS.map(spendOf));
  const spendTotal = sumOfProvided(COHORTS.map(spendOf));
  put("spend.send", spendSend);
  put("spend.total", spendTotal);
  if (spendSend !== null) {
    // Only here does a blank count as zero: no contribution reported means none to deduct.
    put("net_spend.send", spendSend - (at("income.parental_contributions") ?? 0) - (at("income.health_contributions") ?? 0));
  }

  const population = at("population_0_25");
  const ehcps = at("ehcp.total");
  put("spend_per_ehcp", quotient(spendSend, ehcps));
  put("spend_per_1k_population", quotient(spendTotal, population, 1_000));
  put("ehcp_rate_per_10k", quotient(ehcps, population, 10_000));
  put("take_up.special", quotient(childrenOf("special"), at("ehcp.setting.special"), 100));
  put("take_up.independent_special", quotient(childrenOf("independent_special"), at("ehcp.setting.independent"), 100));

  const modeCounts = TRAVEL_MODES.map((mode) => ({ mode, count: at(`mode.${mode}`) }));
  if (modeCounts.every(({ count }) => count !== null)) {
    const allModes = sumOfProvided(modeCounts.map(({ count }) => count));
    for (const { mode, count } of modeCounts) put(`mode_share.${mode}`, quotient(count, allModes, 100));
    put("single_occupancy_share", quotient(at("mode.single_occupancy"), allModes, 100));
  }

  put("pa_per_100_children.send", sendQuotientOverCohortsProvidingBoth(values, "passenger_assistants", "children", 100));

  for (const cohort of COHORTS) {
    put(`spend_share.${cohort}`, quotient(spendOf(cohort), spendTotal, 100));
  }

  put("hnb_outturn_ratio", quotient(at("hnb.outturn"), at("hnb.allocation"), 100));
  put("children.send", sumOfProvided(SEND_COHORTS.map(childrenOf)));
  put("ehcps", ehcps);

  return metrics;
}

/**
 * `change.<m>` and `growth.<m>` for every m in CHANGE_BASE_METRICS that the current round has:
 * the percentage change against the latest earlier round that has m (change) and against the
 * earliest one that has m (growth). `earlier` holds the authority's earlier approved rounds'
 * metrics, oldest first. A previous value of 0, or none, leaves the metric not available.
 */
export function computeChangeMetrics(
  current: Readonly<Record<string, number>>,
  earlier: readonly Readonly<Record<string, number>>[],
): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const key of CHANGE_BASE_METRICS) {
    const now = current[key];
    if (now === undefined) continue;
    const previousValues = earlier.flatMap((round) => {
      const value = round[key];
      return value === undefined ? [] : [value];
    });
    const percentChangeFrom = (previous: number | undefined) => {
      const ratio = previous === undefined ? null : quotient(now, previous);
      return ratio === null ? null : (ratio - 1) * 100;
    };
    const change = percentChangeFrom(previousValues.at(-1));
    const growth = percentChangeFrom(previousValues[0]);
    if (change !== null) metrics[`change.${key}`] = change;
    if (growth !== null) metrics[`growth.${key}`] = growth;
  }
  return metrics;
}
