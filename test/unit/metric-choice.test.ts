import { describe, expect, it } from "vitest";
import { metricOptionGroups, offersRealTerms, resolveMetricChoice } from "../../app/domain/metric-choice";
import { findMetric } from "../../app/domain/metrics";

const choose = (query: string, realTermsAvailable = true) => {
  const choice = resolveMetricChoice(new URLSearchParams(query), { realTermsAvailable });
  return [choice.metric.key, choice.terms];
};

describe("resolveMetricChoice", () => {
  it("defaults to the SEND unit cost in cash terms, also for an unknown metric", () => {
    expect(choose("")).toEqual(["unit_cost.send", "cash"]);
    expect(choose("metric=<script>")).toEqual(["unit_cost.send", "cash"]);
  });

  it("turns a unit cost into real terms when asked and when deflators allow", () => {
    expect(choose("metric=unit_cost.special&terms=real")).toEqual(["real_unit_cost.special", "real"]);
    expect(choose("metric=unit_cost.special&terms=real", false)).toEqual(["unit_cost.special", "cash"]);
  });

  it("keeps metrics without a real-terms form in cash", () => {
    expect(choose("metric=ehcp_rate_per_10k&terms=real")).toEqual(["ehcp_rate_per_10k", "cash"]);
  });

  it("offers every family but real-terms unit costs in the picker", () => {
    const labels = metricOptionGroups().map((group) => group.label);
    expect(labels).toContain("Unit cost per child");
    expect(labels).not.toContain("Unit cost per child in real terms");
  });

  it("offers the cash or real terms choice only for unit costs, the metrics in money that have a real-terms form", () => {
    const offered = (key: string) => offersRealTerms(findMetric(key)!);
    expect(offered("unit_cost.send")).toBe(true);
    expect(offered("real_unit_cost.special")).toBe(true);
    expect(offered("ehcp_rate_per_10k")).toBe(false);
    expect(offered("pa_per_100_children.send")).toBe(false);
    expect(offered("single_occupancy_share")).toBe(false);
    expect(offered("children.send")).toBe(false);
  });
});
