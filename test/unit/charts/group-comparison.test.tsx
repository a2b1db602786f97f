import { describe, expect, it } from "vitest";
import {
  GroupComparisonChart,
  layoutGroupComparison,
  type GroupComparisonInput,
} from "../../../app/components/charts/group-comparison/group-comparison";
import { descriptionOf, expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const regions: GroupComparisonInput = {
  unit: "gbp",
  minGroupSize: 5,
  groups: [
    { label: "North East", n: 12, suppressed: false, stats: { q1: 100, median: 150, q3: 300 } },
    { label: "North West", n: 3, suppressed: true, stats: null },
    { label: "London", n: 20, suppressed: false, stats: { q1: 200, median: 250, q3: 400 }, highlighted: true },
  ],
};

describe("layoutGroupComparison", () => {
  // Hand-worked: legend bottom 26, rows from 35, 62px each. Labels "North East" are 72px, so the
  // scale starts at 8 + 72 + 12 = 92; "Median £150" (79.2px) and a 6px gap fit after it, so it ends
  // at 712 − 85.2 = 626.8: 534.8px for £100 to £400.
  const layout = layoutGroupComparison(regions);

  it("draws each group's middle half as a box with its median", () => {
    const [northEast, , london] = layout.rows;
    // £100 to £300: 92 to 92 + 534.8 × 2/3 = 448.53; the median £150 at 92 + 89.13.
    expect(northEast!.box).toEqual({ x: 92, width: 356.53, medianX: 181.13 });
    expect(northEast!.medianText).toEqual({ x: 454.53, y: 70, text: "Median £150", anchor: "start" });
    expect(northEast!.centreY).toBe(66);
    expect(london!.box).toEqual({ x: 270.27, width: 356.53, medianX: 359.4 });
    expect(london!.centreY).toBe(190);
  });

  it("draws the viewer's own value as a line across every group, named on a line of its own, and names the metric", () => {
    const withOwn = layoutGroupComparison({ ...regions, own: { label: "Own Council", value: 250 }, metricLabel: "Unit cost" });
    // The same scale (£250 is inside £100 to £400): halfway, 92 + 267.4. The name's line pushes the
    // rows 22px down, from 35 to 57; three rows of 62 end at 243.
    expect(withOwn.ownLine).toEqual({
      x: 359.4,
      top: 57,
      markerY: 64,
      bottom: 243,
      label: { x: 359.4, y: 51, text: "Own Council: £250", anchor: "middle" },
    });
    expect(withOwn.rows[0]!.centreY).toBe(88);
    expect(withOwn.legend.map((item) => item.label)).toEqual(["Middle half, with the median as a line", "Your group", "Your value"]);
    expect(withOwn.axisTitle).toEqual({ x: 359.4, y: 279, text: "Unit cost", anchor: "middle" });
    expect(withOwn.height).toBe(289);
    expect(withOwn.description).toContain("Own Council: £250.");
    expect(layout.ownLine).toBeNull();
    expect(layout.axisTitle).toBeNull();
  });

  it("keeps a suppressed group as a row that says so, with no box and no count", () => {
    const northWest = layout.rows[1]!;
    expect(northWest.suppressed).toBe(true);
    expect(northWest.box).toBeNull();
    expect(northWest.medianText).toBeNull();
    expect(northWest.message).toEqual({ x: 98, y: 132, text: "suppressed: fewer than 5 authorities", anchor: "start" });
    expect(northWest.label).toEqual({ lines: ["North West"], y: 115, count: null });
    expect(layout.rows[0]!.label.count).toEqual({ text: "12 authorities", y: 71 });
  });

  it("suppresses a group below the minimum size even if it arrives unsuppressed, and ignores its values", () => {
    const slipped = layoutGroupComparison({
      ...regions,
      groups: [...regions.groups, { label: "South West", n: 4, suppressed: false, stats: { q1: 5000, median: 6000, q3: 9000 } }],
    });
    const southWest = slipped.rows[3]!;
    expect(southWest.suppressed).toBe(true);
    expect(southWest.box).toBeNull();
    expect(southWest.message!.text).toBe("suppressed: fewer than 5 authorities");
    // The axis still ends at £400: the suppressed group's values never reach the scale.
    expect(slipped.ticks.at(-1)!.label).toBe("£400");
    expect(slipped.description).not.toContain("£6,000");
  });

  it("highlights the viewer's own group and explains it in the legend", () => {
    expect(layout.rows.map((row) => row.highlighted)).toEqual([false, false, true]);
    expect(layout.legend.map((item) => item.label)).toEqual(["Middle half, with the median as a line", "Your group"]);
  });

  it("describes every group, suppressed ones included", () => {
    expect(layout.description).toBe(
      "Median and middle half by group: 3 groups. " +
        "North East: 12 authorities; median £150, middle half £100 to £300. " +
        "North West: suppressed: fewer than 5 authorities. " +
        "London (your group): 20 authorities; median £250, middle half £200 to £400.",
    );
  });

  it("shows every group suppressed without an axis, and says No data without groups", () => {
    const allSuppressed = layoutGroupComparison({ ...regions, groups: [regions.groups[1]!] });
    expect(allSuppressed.rows).toHaveLength(1);
    expect(allSuppressed.ticks).toEqual([]);
    expectFiniteNumbers(allSuppressed);
    const empty = layoutGroupComparison({ ...regions, groups: [] });
    expect(empty.noData).not.toBeNull();
    expectFiniteNumbers(empty);
  });

  it("handles a single group with all-equal quartiles, and negative values", () => {
    const flat = layoutGroupComparison({
      ...regions,
      groups: [{ label: "London", n: 5, suppressed: false, stats: { q1: 7, median: 7, q3: 7 } }],
    });
    expect(flat.rows[0]!.box!.width).toBe(0);
    expectFiniteNumbers(flat);
    const change = layoutGroupComparison({
      unit: "percent",
      minGroupSize: 5,
      groups: [{ label: "London", n: 9, suppressed: false, stats: { q1: -6, median: -1, q3: 4 } }],
    });
    expect(change.rows[0]!.medianText!.text).toBe("Median -1.0%");
    expect(change.ticks.map((tick) => tick.label)).toContain("+4.0%");
    expectFiniteNumbers(change);
  });
});

describe("GroupComparisonChart", () => {
  it("shows the suppressed row's notice and the own group outlined in vermillion", () => {
    const markup = renderSvg(<GroupComparisonChart {...regions} />);
    expectWellFormedChart(markup);
    expect(markup).toContain(">suppressed: fewer than 5 authorities</text>");
    expect(markup).toContain('<rect x="270.27" y="178" width="356.53" height="24" fill="#D55E00" stroke="#0b0c0c" stroke-width="2">');
    expect(markup).toContain('class="app-chart__group app-chart__group--suppressed"');
    expect(descriptionOf(markup)).toContain("North West: suppressed: fewer than 5 authorities.");
  });

  it("says No data, and draws nothing, without groups", () => {
    expectNoDataChart(renderSvg(<GroupComparisonChart {...regions} groups={[]} />));
  });

  it("matches the golden SVG", async () => {
    const markup = goldenSvg(
      <GroupComparisonChart
        unit="gbp"
        minGroupSize={5}
        groups={[
          { label: "North East", n: 12, suppressed: false, stats: { q1: 6840, median: 8210, q3: 9930 } },
          { label: "North West", n: 23, suppressed: false, stats: { q1: 7420, median: 8890, q3: 10870 } },
          {
            label: "Yorkshire and the Humber",
            n: 15,
            suppressed: false,
            stats: { q1: 7010, median: 8450, q3: 10240 },
            highlighted: true,
          },
          { label: "East Midlands", n: 4, suppressed: true, stats: null },
          { label: "London", n: 31, suppressed: false, stats: { q1: 9880, median: 11930, q3: 14620 } },
          { label: "South West", n: 14, suppressed: false, stats: null },
        ]}
      />,
    );
    expectWellFormedChart(markup);
    await expect(markup).toMatchFileSnapshot("./__snapshots__/group-comparison.svg");
  });
});
