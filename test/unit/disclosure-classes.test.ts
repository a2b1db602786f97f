import { describe, expect, it } from "vitest";
import { METRIC_DEFINITIONS, findMetric } from "~/domain/metrics";
import { QUESTION_SETS } from "~/domain/question-set";

describe("disclosure classes (domain spec §5.2)", () => {
  it("gives every metric a class", () => {
    const unclassed = METRIC_DEFINITIONS.filter((metric) => !["public_linkable", "confidential", "trend"].includes(metric.disclosure));
    expect(unclassed.map((metric) => metric.key)).toEqual([]);
    expect(METRIC_DEFINITIONS).toHaveLength(79);
  });

  it("gives every field of every question set a class", () => {
    for (const questionSet of Object.values(QUESTION_SETS)) {
      const unclassed = questionSet.fields.filter((field) => !["public_linkable", "policy"].includes(field.disclosure));
      expect(unclassed.map((field) => field.key)).toEqual([]);
      expect(questionSet.fields.filter((field) => field.key.startsWith("policy.")).every((field) => field.disclosure === "policy")).toBe(
        true,
      );
      expect(
        questionSet.fields.filter((field) => !field.key.startsWith("policy.")).every((field) => field.disclosure === "public_linkable"),
      ).toBe(true);
    }
  });

  it("classes the metrics as the spec lists them", () => {
    const classOf = (key: string) => findMetric(key)?.disclosure;
    for (const key of [
      "ehcps",
      "ehcp_rate_per_10k",
      "spend.send",
      "spend.total",
      "net_spend.send",
      "spend_per_ehcp",
      "spend_per_1k_population",
      "children.send",
      "hnb_outturn_ratio",
    ]) {
      expect(classOf(key), key).toBe("public_linkable");
    }
    for (const key of [
      "unit_cost.send",
      "unit_cost.post16",
      "real_unit_cost.special",
      "cost_per_route.special",
      "children_per_route.post19",
      "take_up.special",
      "mode_share.taxi",
      "single_occupancy_share",
      "pa_per_100_children.send",
      "spend_share.special",
    ]) {
      expect(classOf(key), key).toBe("confidential");
    }
    for (const metric of METRIC_DEFINITIONS.filter((m) => m.key.startsWith("change.") || m.key.startsWith("growth."))) {
      expect(metric.disclosure, metric.key).toBe("trend");
    }
  });
});
