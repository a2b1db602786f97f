import { describe, expect, it } from "vitest";
import { METRIC_DEFINITIONS, METRIC_FAMILY_LABELS } from "../../app/domain/metrics";
import { metricGlossary, READING_GUIDES } from "../../app/domain/metric-glossary";

describe("metricGlossary", () => {
  const sections = metricGlossary();

  it("lists every defined metric once, under its family, in the picker's order", () => {
    const keys = sections.flatMap((section) => section.entries.map((entry) => entry.key));
    expect(keys).toHaveLength(METRIC_DEFINITIONS.length);
    expect(new Set(keys).size).toBe(METRIC_DEFINITIONS.length);
    expect(sections.map((section) => section.family)).toEqual([...new Set(METRIC_DEFINITIONS.map((metric) => metric.family))]);
    for (const section of sections) expect(section.heading).toBe(METRIC_FAMILY_LABELS[section.family]);
  });

  it("says how each metric is computed, from its definition, its unit and how others are shown", () => {
    const entry = sections.find((section) => section.family === "ehcp_rate")!.entries[0]!;
    expect(entry).toEqual({
      key: "ehcp_rate_per_10k",
      label: "EHCPs per 10,000 residents aged 0 to 25",
      unit: "Per 10,000",
      computed: "EHCPs maintained divided by the resident population aged 0 to 25, times 10,000.",
      othersShownAs: "Only as the network's median and quartiles, with your value placed in them",
    });
    const unitCost = sections.find((section) => section.family === "unit_cost")!;
    expect(unitCost.entries.find((e) => e.key === "unit_cost.special")).toMatchObject({
      unit: "Pounds",
      computed: "Transport spend for special school divided by the children given transport.",
      othersShownAs: "One by one, under labels drawn afresh for each chart",
    });
  });

  it("gives every family a meaning and the metrics of a made-up list only", () => {
    const one = metricGlossary(METRIC_DEFINITIONS.filter((metric) => metric.key.startsWith("growth.")));
    expect(one).toHaveLength(1);
    expect(one[0]!.meaning).toMatch(/first return/);
    for (const section of sections) expect(section.meaning.length).toBeGreaterThan(20);
  });

  it("explains quartile bands, box plots and strip charts, each with its own anchor", () => {
    expect(READING_GUIDES.map((guide) => guide.id)).toEqual(["quartile-bands", "box-plots", "strip-charts"]);
    expect(READING_GUIDES[0]!.paragraphs.join(" ")).toMatch(/lower quartile \(a quarter of councils are below it\)/);
  });
});
