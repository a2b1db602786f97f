/**
 * The metric glossary and the chart explanations: what each metric means and how it is computed,
 * generated from the metric definitions themselves (so a new metric appears without editing a page),
 * and how to read the figures the results pages draw.
 */
import {
  METRIC_DEFINITIONS,
  METRIC_FAMILY_LABELS,
  type MetricDefinition,
  type MetricDisclosureClass,
  type MetricFamily,
  type MetricUnit,
} from "./metrics";

/** What a family of metrics tells a council, in a sentence or two: a Record, so a new family needs one. */
export const METRIC_FAMILY_MEANINGS: Readonly<Record<MetricFamily, string>> = {
  unit_cost:
    "What transport costs for each child given it: the figure most councils compare first. A high unit cost can mean long journeys, single-occupancy vehicles or a few expensive placements.",
  real_unit_cost:
    "The unit cost with inflation taken out, at the prices of the price base year, so that years can be compared. Choose “Real terms” beside a unit cost to see it.",
  cost_per_route: "What one contracted route costs over the year: a measure of contract prices, independent of how full the vehicles are.",
  children_per_route: "How many children share a contracted route: higher means fuller vehicles and usually a lower unit cost.",
  spend: "Total transport spend in pounds: a measure of scale, which follows the size of the authority.",
  net_spend: "Transport spend after what parents and health services contribute: what the authority itself pays.",
  spend_per_ehcp:
    "Transport spend for SEND cohorts for each education, health and care plan the authority maintains: spend measured against demand.",
  spend_per_population: "Transport spend against the number of young residents: spend measured against the size of the place.",
  ehcp_rate: "How many young residents have an education, health and care plan: the demand transport has to serve.",
  take_up: "How many children placed in a kind of school are given transport to it: a measure of eligibility policy and practice.",
  mode_share: "How SEND children travel: the share going by each mode, out of the five modes asked about.",
  single_occupancy_share: "How many SEND children travel alone in a vehicle: the most expensive way to travel, sometimes needed.",
  passenger_assistants: "How many passenger assistants travel with every 100 children given transport.",
  spend_share: "Where the transport budget goes: each cohort's share of the authority's transport spend.",
  hnb_outturn_ratio: "What the authority spent from its high needs block against what it was allocated: above 100% is an overspend.",
  children: "How many children are given transport: a measure of scale.",
  ehcps: "How many education, health and care plans the authority maintains at the January census: a measure of scale.",
  change: "How far a figure moved since the authority's previous return that has it, as a percentage.",
  growth: "How far a figure moved since the authority's first return that has it, as a percentage.",
};

/** How a metric's values read, in words. */
export const UNIT_DESCRIPTIONS: Readonly<Record<MetricUnit, string>> = {
  gbp: "Pounds",
  percent: "Per cent",
  count: "Number",
  ratio: "Ratio",
  rate_per_100: "Per 100",
  rate_per_10k: "Per 10,000",
};

/** How other councils' values of a metric are shown to a member (domain spec §5.2 and §5.3), in words. */
export const DISCLOSURE_DESCRIPTIONS: Readonly<Record<MetricDisclosureClass, string>> = {
  confidential: "One by one, under labels drawn afresh for each chart",
  public_linkable: "Only as the network's median and quartiles, with your value placed in them",
  trend: "Only as the network's median and quartiles, with your value placed in them",
};

export interface GlossaryEntry {
  key: string;
  label: string;
  unit: string;
  computed: string;
  othersShownAs: string;
}

export interface GlossarySection {
  family: MetricFamily;
  /** The family's heading, as the metric picker names it. */
  heading: string;
  meaning: string;
  entries: GlossaryEntry[];
}

function entryOf(metric: MetricDefinition): GlossaryEntry {
  return {
    key: metric.key,
    label: metric.label,
    unit: UNIT_DESCRIPTIONS[metric.unit],
    computed: metric.description,
    othersShownAs: DISCLOSURE_DESCRIPTIONS[metric.disclosure],
  };
}

/** Every metric, grouped by family in the order the metric picker lists them. */
export function metricGlossary(metrics: readonly MetricDefinition[] = METRIC_DEFINITIONS): GlossarySection[] {
  const sections = new Map<MetricFamily, GlossarySection>();
  for (const metric of metrics) {
    let section = sections.get(metric.family);
    if (!section) {
      section = {
        family: metric.family,
        heading: METRIC_FAMILY_LABELS[metric.family],
        meaning: METRIC_FAMILY_MEANINGS[metric.family],
        entries: [],
      };
      sections.set(metric.family, section);
    }
    section.entries.push(entryOf(metric));
  }
  return [...sections.values()];
}

/** A short explanation of one way the results are drawn, with an id for links from the pages. */
export interface ReadingGuide {
  id: string;
  heading: string;
  paragraphs: string[];
}

export const QUARTILE_BAND_GUIDE: ReadingGuide = {
  id: "quartile-bands",
  heading: "What a quartile band is",
  paragraphs: [
    "Line up every council's figure from lowest to highest and cut the line into four equal groups. The cuts are the lower quartile (a quarter of councils are below it), the median (half are below it) and the upper quartile (three quarters are below it).",
    "Your quartile band says which of the four groups your figure falls in: the lowest quartile, the lower-middle, the upper-middle or the upper quartile. The middle half of councils lies between the lower and upper quartiles.",
    "A low figure is not always good: a low unit cost may reflect a rural authority's short list of routes as much as efficient buying. The band tells you where you stand, not why.",
  ],
};

export const BOX_PLOT_GUIDE: ReadingGuide = {
  id: "box-plots",
  heading: "How to read a box plot",
  paragraphs: [
    "Each box is the middle half of the councils in a group: its left edge is the lower quartile and its right edge the upper quartile. The line across the box is the median.",
    "A wide box means councils in that group differ a lot; a narrow one means they are alike. Boxes that overlap little mean the groups really differ.",
    "The orange diamond, where there is one, is your own authority's figure. The boxes do not reach out to the lowest and highest council: each of those is one council's figure, which the network never shows.",
  ],
};

export const STRIP_CHART_GUIDE: ReadingGuide = {
  id: "strip-charts",
  heading: "How to read a strip chart",
  paragraphs: [
    "Each dot is one council's figure; dots that would overlap are stacked, so a tall stack means many councils have about that figure. The shaded band is the middle half of councils, between the lower and upper quartiles, and the dark line is the median.",
    "Your own authority is the orange diamond, named above the chart. Every council's figure, with its label and rank, is in the table under the chart.",
  ],
};

export const READING_GUIDES: readonly ReadingGuide[] = [QUARTILE_BAND_GUIDE, BOX_PLOT_GUIDE, STRIP_CHART_GUIDE];
