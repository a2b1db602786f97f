import { describe, expect, it } from "vitest";
import {
  GroupComparisonChart,
  layoutGroupComparison,
  type GroupComparisonInput,
} from "../../../app/components/charts/group-comparison/group-comparison";
import { FONT_SIZE, SMALL_FONT_SIZE, boxesOverlap, textBox, type PlacedText } from "../../../app/components/charts/shared";
import { rowTexts } from "../../../app/components/charts/group-comparison/layout";
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

/** Every line of text the layout places, with its font size: legend, own value, rows, ticks, axis title. */
function placedTexts(layout: ReturnType<typeof layoutGroupComparison>): Array<{ text: PlacedText; size: number; plot?: true }> {
  return [
    ...layout.legend.map((item) => ({
      text: { x: item.x + 24, y: item.y + 0.35 * FONT_SIZE, text: item.label, anchor: "start" as const },
      size: FONT_SIZE,
    })),
    ...(layout.ownLine ? [{ text: layout.ownLine.label, size: SMALL_FONT_SIZE, plot: true as const }] : []),
    ...rowTexts(layout.rows, layout.labelX, layout.labelAnchor).map((text) => ({
      text,
      size: SMALL_FONT_SIZE,
      // Medians and notices are placed in the plot; labels and counts in their column.
      ...(layout.rows.some((row) => row.medianText === text || row.message.includes(text)) ? { plot: true as const } : {}),
    })),
    ...layout.ticks.map((tick) => ({
      text: { x: tick.position, y: layout.plot.bottom + SMALL_FONT_SIZE + 4, text: tick.label, anchor: "middle" as const },
      size: SMALL_FONT_SIZE,
      plot: true as const,
    })),
    ...(layout.axisTitle ? [{ text: layout.axisTitle, size: FONT_SIZE }] : []),
  ];
}

/**
 * No two lines of text overlap, the text placed in the plot stays inside the chart, and the own
 * value's line crosses none. (Legends and label columns are sized elsewhere, from estimates of
 * 0.6em a character that run wider than text is drawn.)
 */
function expectNoTextCrossed(layout: ReturnType<typeof layoutGroupComparison>) {
  const boxes = placedTexts(layout).map(({ text, size, plot }) => ({ text: text.text, box: textBox(text, size), plot }));
  for (const [index, a] of boxes.entries()) {
    if (a.plot) {
      expect(a.box.left, a.text).toBeGreaterThanOrEqual(0);
      expect(a.box.right, a.text).toBeLessThanOrEqual(layout.width);
    }
    for (const b of boxes.slice(index + 1)) expect(boxesOverlap(a.box, b.box), `"${a.text}" and "${b.text}"`).toBe(false);
  }
  for (const segment of layout.ownLine?.segments ?? []) {
    const line = { left: layout.ownLine!.x - 1, right: layout.ownLine!.x + 1, top: segment.top, bottom: segment.bottom };
    for (const { text, box } of boxes) expect(boxesOverlap(line, box), `the own value's line crosses "${text}"`).toBe(false);
  }
}

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
      segments: [{ top: 57, bottom: 243 }],
      label: { x: 359.4, y: 51, text: "Own Council: £250", anchor: "middle" },
    });
    // North West's notice (36 characters, 259.2px from 98 to 357.2) would end within 4px of the
    // line at 359.4: it starts 6px right of the line instead, on the row's baseline 150 + 4.
    expect(withOwn.rows[1]!.message).toEqual([{ x: 365.4, y: 154, text: "suppressed: fewer than 5 authorities", anchor: "start" }]);
    expectNoTextCrossed(withOwn);
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
    expect(northWest.message).toEqual([{ x: 98, y: 132, text: "suppressed: fewer than 5 authorities", anchor: "start" }]);
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
    expect(southWest.message.map((line) => line.text)).toEqual(["suppressed: fewer than 5 authorities"]);
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

  it("on a phone, moves a median's label off the own value's line: under its box, right of the line", () => {
    // Hand-worked at 340 wide. The legend takes two rows (bottom 48); the own value's line 22 more,
    // so rows start at 79. "North East" is 72px: the scale starts at 92 and ends at
    // 340 − 8 − 100.8 ("Median £11,930") − 6 = 225.2, niced to £5,000–£15,000: 13.32px per £1,000.
    const phone = layoutGroupComparison(
      {
        unit: "gbp",
        minGroupSize: 5,
        groups: [
          { label: "North East", n: 12, suppressed: false, stats: { q1: 6840, median: 8210, q3: 9930 } },
          { label: "London", n: 31, suppressed: false, stats: { q1: 9880, median: 11930, q3: 14620 }, highlighted: true },
        ],
        own: { label: "Own Council", value: 12000 },
      },
      { width: 340 },
    );
    // £12,000 at 92 + 7 × 13.32.
    expect(phone.ownLine!.x).toBe(185.24);
    const [northEast, london] = phone.rows;
    // North East's box ends at £9,930 (157.67): "Median £8,210" (93.6px) right of it would run from
    // 163.67 to 257.27, across the line; left of the box there is no room (it starts at 116.51),
    // and centred under the median it would end at 185.6. So it goes under the box (centre 110 +
    // 12 + 13), starting 6px right of the line.
    expect(northEast!.box).toEqual({ x: 116.51, width: 41.16, medianX: 134.76 });
    expect(northEast!.medianText).toEqual({ x: 191.24, y: 135, text: "Median £8,210", anchor: "start" });
    // London's box holds the line: its label right of the box (220.14 + 6) is clear of it.
    expect(london!.medianText).toEqual({ x: 226.14, y: 176, text: "Median £11,930", anchor: "start" });
    expect(phone.ownLine!.segments).toEqual([{ top: 79, bottom: 203 }]);
    expectNoTextCrossed(phone);
  });

  it("on a phone, puts long labels above their boxes, whole, instead of cutting them short beside", () => {
    // "With route planning software (you)" needs three lines in the 102px column (30% of 340), so
    // every label goes above its box, left-aligned at 8, on the full 324px.
    const input: GroupComparisonInput = {
      unit: "gbp",
      minGroupSize: 5,
      ownLabel: "The side your authority is on",
      groups: [
        {
          label: "With route planning software (you)",
          n: 40,
          suppressed: false,
          stats: { q1: 9000, median: 10000, q3: 12000 },
          highlighted: true,
        },
        { label: "Without route planning software", n: 100, suppressed: false, stats: { q1: 8000, median: 9500, q3: 11000 } },
        { label: "With transport during suspensions", n: 3, suppressed: true, stats: null },
      ],
    };
    const policies = layoutGroupComparison(input, { width: 340 });
    expect(policies.labelAnchor).toBe("start");
    expect(policies.labelX).toBe(8);
    // Rows from 57 (legend bottom 48 + 9). A row: its label (18), its count (18), 8px, the 24px box
    // and 19px under it for a median moved there: 87. The suppressed row has no count: 69.
    expect(policies.rows.map((row) => row.label)).toEqual([
      { lines: ["With route planning software (you)"], y: 75, count: { text: "40 authorities", y: 93 } },
      { lines: ["Without route planning software"], y: 162, count: { text: "100 authorities", y: 180 } },
      { lines: ["With transport during suspensions"], y: 249, count: null },
    ]);
    expect(policies.rows.map((row) => row.centreY)).toEqual([113, 200, 269]);
    // The scale runs from 8 + 30 (half a tick label's room) to 225.2: £8,000–£12,000, 46.8px per £1,000.
    expect(policies.plot).toEqual({ left: 38, right: 225.2, top: 57, bottom: 300 });
    expect(policies.rows[0]!.box).toEqual({ x: 84.8, width: 140.4, medianX: 131.6 });
    expect(policies.rows[0]!.medianText).toEqual({ x: 231.2, y: 117, text: "Median £10,000", anchor: "start" });
    expect(policies.rows[2]!.message).toEqual([{ x: 8, y: 273, text: "suppressed: fewer than 5 authorities", anchor: "start" }]);
    expect(policies.height).toBe(324);
    expectNoTextCrossed(policies);
    const markup = renderSvg(<GroupComparisonChart {...input} width={340} />);
    expectWellFormedChart(markup);
    expect(markup).toContain('<text x="8" y="75" text-anchor="start" font-weight="bold" stroke="#ffffff"');
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
