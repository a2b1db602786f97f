import { describe, expect, it } from "vitest";
import { StripChart, layoutStrip, stackDots, type StripInput } from "../../../app/components/charts/strip/strip";
import { NARROW_CHART_WIDTH } from "../../../app/components/charts/shared";
import { descriptionOf, expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const input: StripInput = {
  metricLabel: "Unit cost per child",
  unit: "gbp",
  points: [
    { id: "a", label: "Authority 1", value: 0, own: false },
    { id: "b", label: "Authority 2", value: 100, own: false },
    { id: "c", label: "Authority 3", value: 100, own: false },
    { id: "d", label: "Authority 4", value: 400, own: false },
    { id: "own", label: "Own Council", value: 300, own: true },
  ],
  stats: { q1: 100, median: 200, q3: 300 },
};

describe("stackDots", () => {
  it("puts each dot on the lowest level whose last dot is a diameter or more to its left, never moving it sideways", () => {
    // In order of position: 0 → level 0; 2 is 2 from 0 → level 1; 3 → level 2; 4 → level 3;
    // 7 is 7 from level 0's last (0) → level 0; 20 → level 0.
    expect(stackDots([0, 2, 4, 7, 20, 3], 6)).toEqual([0, 1, 3, 0, 0, 2]);
    expect(stackDots([], 6)).toEqual([]);
    // Equal positions stack straight up.
    expect(stackDots([5, 5, 5], 6)).toEqual([0, 1, 2]);
  });
});

describe("layoutStrip", () => {
  // Hand-worked: the domain is £0 to £400 over 38 to 682 (8 + 30 either side), so x(v) = 38 + 1.61v.
  // The legend fits one row (bottom 26); the own name's line makes the plot start at 26 + 9 + 22 = 57,
  // the diamond's lane at 57 + 18 = 75, and two levels of dots end the plot at 75 + 12 + 4 = 91.
  const layout = layoutStrip(input);

  it("places every other authority's dot at its value, stacked where two would overlap", () => {
    expect(layout.dots.map((dot) => [dot.id, dot.cx, dot.cy, dot.level])).toEqual([
      ["a", 38, 86, 0],
      ["b", 199, 86, 0],
      ["c", 199, 80, 1],
      ["d", 682, 86, 0],
    ]);
    expect(layout.plot).toEqual({ left: 38, right: 682, top: 75, bottom: 91 });
  });

  it("marks the own value with a diamond above the dots and names it on a line of its own", () => {
    expect(layout.own).toEqual({
      x: 521,
      markerY: 66,
      lineTop: 66,
      label: { x: 521, y: 51, text: "Own Council: £300", anchor: "middle" },
    });
    // The own authority is the diamond, not also a dot.
    expect(layout.dots.map((dot) => dot.id)).not.toContain("own");
  });

  it("shades the middle half, draws the median, and names the metric under the axis", () => {
    expect(layout.band).toEqual({ x: 199, width: 322 });
    expect(layout.medianX).toBe(360);
    expect(layout.axisTitle).toEqual({ x: 360, y: 127, text: "Unit cost per child", anchor: "middle" });
    expect(layout.height).toBe(137);
    expect(layout.legend.map((item) => item.label)).toEqual([
      "Your value",
      "Another authority",
      "Middle half: £100 to £300",
      "Median £200",
    ]);
    expect(layout.ticks.map((tick) => tick.label)).toEqual(["£0", "£50", "£100", "£150", "£200", "£250", "£300", "£350", "£400"]);
  });

  it("keeps the own name inside the viewBox when the value is at the edge", () => {
    const edge = layoutStrip({ ...input, points: input.points.map((p) => (p.own ? { ...p, value: 400 } : p)) });
    // "Own Council: £400" is 17 × 8.4 = 142.8 wide: centred at 712 − 71.4 = 640.6, not at 682.
    expect(edge.own!.label.x).toBe(640.6);
    expect(edge.own!.x).toBe(682);
  });

  it("lays out a narrow chart for phones at 12px text, every mark inside the viewBox", () => {
    const narrow = layoutStrip(input, { width: NARROW_CHART_WIDTH });
    expect(narrow.width).toBe(340);
    for (const dot of narrow.dots) {
      expect(dot.cx).toBeGreaterThanOrEqual(0);
      expect(dot.cx).toBeLessThanOrEqual(340);
    }
    expect(narrow.own!.label.x - (17 * 8.4) / 2).toBeGreaterThanOrEqual(8);
    expectFiniteNumbers(narrow);
  });

  it("describes the chart in words: the own value's rank, the range and the quartiles", () => {
    expect(layout.description).toBe(
      "Unit cost per child: every authority: 5 authorities, one dot each. Own Council: £300, ranked 4 of 5 from the lowest. Lowest £0, highest £400. Median £200; middle half £100 to £300.",
    );
  });

  it("says No data without points", () => {
    expectNoDataChart(renderSvg(<StripChart {...input} points={[]} />));
  });
});

describe("StripChart", () => {
  it("draws one circle per other authority, the own diamond, and never an id or another label", () => {
    const markup = renderSvg(<StripChart {...input} />);
    expectWellFormedChart(markup);
    expect(markup.match(/<circle /g)).toHaveLength(4 + 1); // four dots and the legend's dot
    expect(markup).toContain("app-chart__own-marker");
    expect(markup).not.toMatch(/Authority \d/);
    expect(descriptionOf(markup)).toContain("Own Council: £300");
  });

  it("matches the golden SVG", async () => {
    await expect(goldenSvg(<StripChart {...input} title="Unit cost per child: every authority" />)).toMatchFileSnapshot(
      "./__snapshots__/strip.svg",
    );
  });
});
