import { describe, expect, it } from "vitest";
import { DistributionChart, layoutDistribution, type DistributionInput } from "../../../app/components/charts/distribution/distribution";
import { descriptionOf, expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const one: DistributionInput = {
  unit: "gbp",
  groups: [{ label: "post-16", stats: { n: 5, min: 0, q1: 100, median: 200, q3: 300, max: 400 }, own: 250 }],
};

describe("layoutDistribution", () => {
  // Hand-worked: the legend fits one row (bottom at 26), so rows start at 35. The label column is
  // "post-16" (7 × 7.2 = 50.4px) and the right-hand column "You: £250" (64.8px), so the scale runs
  // from 8 + 50.4 + 12 = 70.4 to 720 − 8 − 64.8 − 18 = 629.2: 558.8px for £0 to £400.
  const layout = layoutDistribution(one);

  it("maps the five-number summary and the own value to pixels", () => {
    expect(layout.plot).toEqual({ left: 70.4, right: 629.2, top: 35, bottom: 97 });
    const row = layout.rows[0]!;
    // £100 is a quarter of the way: 70.4 + 139.7 = 210.1; the middle half spans 279.4px.
    expect(row.box).toEqual({ minX: 70.4, maxX: 629.2, q1X: 210.1, boxWidth: 279.4, medianX: 349.8 });
    // £250: 70.4 + 349.25.
    expect(row.ownX).toBe(419.65);
    expect(row.centreY).toBe(66);
    expect(row.ownText).toBe("You: £250");
    expect(layout.ownTextX).toBe(647.2);
  });

  it("labels each group with its size", () => {
    expect(layout.rows[0]!.label).toEqual({ lines: ["post-16"], y: 53, count: { text: "5 authorities", y: 71 } });
    expect(layout.labelX).toBe(58.4);
  });

  it("ticks the value axis in the metric's unit", () => {
    expect(layout.ticks[0]).toEqual({ value: 0, position: 70.4, label: "£0" });
    expect(layout.ticks.at(-1)).toEqual({ value: 400, position: 629.2, label: "£400" });
  });

  it("draws a group without statistics as a row that says No data", () => {
    const withGap = layoutDistribution({ ...one, groups: [...one.groups, { label: "post-19", stats: null, own: null }] });
    const gap = withGap.rows[1]!;
    expect(gap.box).toBeNull();
    expect(gap.ownX).toBeNull();
    // "You: not provided" widens the right-hand column to 122.4px: the scale now ends at 571.6, and
    // "No data" sits midway, at (70.4 + 571.6) / 2.
    expect(gap.noDataX).toBe(321);
    expect(gap.label.count).toBeNull();
    expect(gap.ownText).toBe("You: not provided");
    expect(withGap.description).toContain("post-19: no data; your value not provided.");
  });

  it("describes every group in words", () => {
    expect(layout.description).toBe(
      "Spread of values by group, with your value marked: 1 group. " +
        "post-16: 5 authorities; median £200, middle half £100 to £300, lowest £0, highest £400; your value £250.",
    );
  });

  it("pads the domain of a single value so nothing divides by zero", () => {
    const single = layoutDistribution({
      unit: "count",
      groups: [{ label: "special school", stats: { n: 1, min: 12, q1: 12, median: 12, q3: 12, max: 12 }, own: 12 }],
    });
    expect(single.rows[0]!.box!.boxWidth).toBe(0);
    expect(single.rows[0]!.ownX).toBe(single.rows[0]!.box!.medianX);
    expectFiniteNumbers(single);
  });

  it("handles negative values, signing percentages", () => {
    const change = layoutDistribution({
      unit: "percent",
      groups: [{ label: "post-16", stats: { n: 6, min: -12, q1: -4, median: 2, q3: 8, max: 30 }, own: -6 }],
    });
    expect(change.rows[0]!.ownText).toBe("You: -6.0%");
    expect(change.ticks.map((tick) => tick.label)).toContain("+10.0%");
    expect(change.rows[0]!.ownX).toBeLessThan(change.rows[0]!.box!.q1X);
    expectFiniteNumbers(change);
  });

  it("has no own column, legend entry or sentence when the viewer has no value anywhere", () => {
    const regional = layoutDistribution({ ...one, groups: [{ ...one.groups[0]!, own: null }] });
    expect(regional.rows[0]!.ownText).toBeNull();
    expect(regional.legend.map((item) => item.key)).toEqual(["box", "whisker"]);
    expect(regional.title).toBe("Spread of values by group");
    expect(regional.description).not.toContain("your value");
    // Without the column the scale runs on to 30px short of the edge.
    expect(regional.plot.right).toBe(682);
  });

  it("says No data without groups, and draws no axis when no group has a value", () => {
    const empty = layoutDistribution({ unit: "gbp", groups: [] });
    expect(empty.noData).not.toBeNull();
    expect(empty.rows).toEqual([]);
    expectFiniteNumbers(empty);
    const blank = layoutDistribution({ unit: "gbp", groups: [{ label: "post-19", stats: null, own: null }] });
    expect(blank.ticks).toEqual([]);
    expect(blank.legend).toEqual([]);
    expectFiniteNumbers(blank);
  });
});

describe("DistributionChart", () => {
  it("marks the own value with an outlined diamond", () => {
    const markup = renderSvg(<DistributionChart {...one} />);
    expectWellFormedChart(markup);
    expect(markup).toMatch(
      /<path class="app-chart__own-marker" d="[^"]+" transform="translate\(419\.65,66\)" fill="#D55E00" stroke="#0b0c0c"/,
    );
    expect(markup).toContain(">You: £250</text>");
  });

  it("says No data, and draws nothing, without groups", () => {
    expectNoDataChart(renderSvg(<DistributionChart unit="gbp" groups={[]} />));
  });

  it("renders a group without data with no box, and nothing not finite", () => {
    const markup = renderSvg(<DistributionChart unit="gbp" groups={[{ label: "post-19", stats: null, own: null }]} />);
    expectWellFormedChart(markup);
    expect(markup).toContain(">No data</text>");
    expect(markup).not.toContain("<rect");
    expect(descriptionOf(markup)).toContain("post-19: no data");
  });

  it("matches the golden SVG", async () => {
    const markup = goldenSvg(
      <DistributionChart
        unit="gbp"
        groups={[
          {
            label: "SEND in mainstream school",
            stats: { n: 40, min: 1850, q1: 3920, median: 5110, q3: 6480, max: 9870 },
            own: 5530,
          },
          { label: "special school", stats: { n: 42, min: 6020, q1: 9150, median: 11230, q3: 13040, max: 21400 }, own: 14210 },
          {
            label: "independent special school",
            stats: { n: 38, min: 18200, q1: 31050, median: 38900, q3: 46300, max: 71800 },
            own: null,
          },
          { label: "post-19", stats: null, own: null },
        ]}
      />,
    );
    expectWellFormedChart(markup);
    await expect(markup).toMatchFileSnapshot("./__snapshots__/distribution.svg");
  });
});
