/**
 * The tables beside the "what works" and "every year at a glance" charts: plain ViewTable data, the
 * same for the page, the briefing pack, its PDF and the downloads.
 */
import { formatMetricValue } from "./format";
import { METRIC_DEFINITIONS } from "./metrics";
import type { DifferenceInDifferences, PolicyComparison } from "./policy-comparisons";
import type { ViewTable } from "./view-tables";

const YOUR_ANSWER: Record<"true" | "false" | "null", string> = { true: "Yes", false: "No", null: "Not answered" };

function ownAnswer(own: boolean | null): string {
  return YOUR_ANSWER[String(own) as keyof typeof YOUR_ANSWER];
}

/** Every policy's SEND unit cost, with against without. `showOwn` adds the member's own answer. */
export function policySummaryTable(comparisons: readonly PolicyComparison[], showOwn: boolean): ViewTable {
  return {
    caption: "Median SEND unit cost a child, councils with each policy against those without",
    columns: [
      { key: "policy", label: "Policy" },
      { key: "with_n", label: "Councils with" },
      { key: "with_median", label: "Median with", unit: "gbp" },
      { key: "without_n", label: "Councils without" },
      { key: "without_median", label: "Median without", unit: "gbp" },
      { key: "difference", label: "Difference (with − without)", unit: "gbp" },
      ...(showOwn ? [{ key: "yours", label: "Your answer" }] : []),
    ],
    rows: comparisons.map((comparison) => {
      const unitCost = comparison.outcomes[0]!;
      return [
        comparison.label,
        comparison.withCount,
        unitCost.with.figure?.median ?? null,
        comparison.withoutCount,
        unitCost.without.figure?.median ?? null,
        unitCost.medianDifference,
        ...(showOwn ? [ownAnswer(comparison.own)] : []),
      ];
    }),
  };
}

/** One policy on every outcome: quartiles and n of each side. */
export function policyOutcomeTable(comparison: PolicyComparison): ViewTable {
  return {
    caption: `${comparison.label}: every outcome, with against without`,
    columns: [
      { key: "outcome", label: "Outcome" },
      { key: "with_n", label: "With: councils" },
      { key: "with_q1", label: "With: lower quartile" },
      { key: "with_median", label: "With: median" },
      { key: "with_q3", label: "With: upper quartile" },
      { key: "without_n", label: "Without: councils" },
      { key: "without_q1", label: "Without: lower quartile" },
      { key: "without_median", label: "Without: median" },
      { key: "without_q3", label: "Without: upper quartile" },
    ],
    // Units differ by row (£ or %), so values are formatted here rather than by column.
    rows: comparison.outcomes.map((outcome) => {
      const format = (value: number | undefined) => (value === undefined ? null : formatMetricValue(outcome.unit, value));
      return [
        outcome.label,
        outcome.with.n,
        format(outcome.with.figure?.q1),
        format(outcome.with.figure?.median),
        format(outcome.with.figure?.q3),
        outcome.without.n,
        format(outcome.without.figure?.q1),
        format(outcome.without.figure?.median),
        format(outcome.without.figure?.q3),
      ];
    }),
  };
}

/** Adopters against non-adopters between two rounds. */
export function differenceInDifferencesTable(rows: readonly DifferenceInDifferences[]): ViewTable {
  const first = rows[0];
  return {
    caption: first
      ? `Change in SEND unit cost a child, ${first.earlierRound} to ${first.laterRound}: councils that adopted each policy against those that did not`
      : "Change in SEND unit cost a child",
    columns: [
      { key: "policy", label: "Policy" },
      { key: "adopters_n", label: "Adopted" },
      { key: "adopters_change", label: "Their mean change", unit: "gbp" },
      { key: "non_adopters_n", label: "Did not adopt" },
      { key: "non_adopters_change", label: "Their mean change", unit: "gbp" },
      { key: "difference", label: "Difference in differences", unit: "gbp" },
      { key: "percentage_points", label: "In percentage points", unit: "percent" },
    ],
    rows: rows.map((row) => [
      row.label,
      row.adopters.n,
      row.adopters.meanChange,
      row.nonAdopters.n,
      row.nonAdopters.meanChange,
      row.difference,
      row.percentDifference,
    ]),
  };
}

/** A member's own value of every metric they have, one column per published round (oldest first). */
export function ownFiguresTable(years: readonly string[], values: ReadonlyArray<ReadonlyMap<string, number>>): ViewTable {
  const metrics = METRIC_DEFINITIONS.filter((metric) => values.some((round) => round.has(metric.key)));
  return {
    caption: "Your authority's figures in every published round",
    columns: [{ key: "metric", label: "Metric" }, ...years.map((year) => ({ key: year, label: year }))],
    // Units differ by row, so each cell is formatted text; the download keeps full precision instead.
    rows: metrics.map((metric) => [
      metric.label,
      ...values.map((round) =>
        round.has(metric.key)
          ? formatMetricValue(metric.unit, round.get(metric.key)!, { signed: metric.family === "change" || metric.family === "growth" })
          : null,
      ),
    ]),
  };
}

/** The download of a member's own figures: long form, full precision. */
export function ownFiguresExport(
  years: readonly string[],
  values: ReadonlyArray<ReadonlyMap<string, number>>,
): { columns: string[]; rows: Array<[string, string, number]> } {
  return {
    columns: ["financial_year", "metric", "value"],
    rows: years.flatMap((year, index) => [...values[index]!].map(([metric, value]): [string, string, number] => [year, metric, value])),
  };
}
