import { describe, expect, it } from "vitest";
import { ScatterChart, layoutScatter, type ScatterInput } from "../../../app/components/charts/scatter/scatter";
import { FONT_SIZE, SMALL_FONT_SIZE, boxesOverlap, textBox } from "../../../app/components/charts/shared";
import { expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const axes = {
  x: { label: "EHCPs per 10,000 residents aged 0 to 25", unit: "rate_per_10k" },
  y: { label: "SEND unit cost per child", unit: "gbp" },
} as const;

const three: ScatterInput = {
  ...axes,
  points: [
    { id: "b", x: 30, y: 300, highlighted: false, label: "ignored: not highlighted" },
    { id: "c", x: 20, y: 200, highlighted: true, label: "Your Council" },
    { id: "a", x: 10, y: 100, highlighted: false },
  ],
};

describe("layoutScatter", () => {
  // Hand-worked: the legend fits one row (bottom 26); the y title sits at 44 and the plot spans
  // y 66 to 426 (360px) for £100 to £300. Tick labels "£100" are 28.8px wide, so the plot starts at
  // 8 + 28.8 + 6 = 42.8, and ends half of "30.0" (14.4px) short of 712: 697.6. That is 654.8px for
  // 10 to 30 EHCPs per 10,000.
  const layout = layoutScatter(three);

  it("maps both metrics to pixels", () => {
    expect(layout.plot).toEqual({ left: 42.8, right: 697.6, top: 66, bottom: 426 });
    expect(layout.points.map((point) => [point.id, point.cx, point.cy])).toEqual([
      ["a", 42.8, 426],
      ["b", 697.6, 66],
      // 20 is halfway along x (42.8 + 327.4); £200 halfway up y (426 − 180).
      ["c", 370.2, 246],
    ]);
  });

  it("labels only the highlighted point, beside it, and draws it last", () => {
    expect(layout.points.map((point) => point.label)).toEqual([null, null, { x: 382.2, y: 234, text: "Your Council", anchor: "start" }]);
  });

  it("draws the network's medians as reference lines, labelled", () => {
    expect(layout.medianX).toEqual({ position: 370.2, label: { x: 370.2, y: 62, text: "Median 20.0", anchor: "middle" } });
    expect(layout.medianY).toEqual({ position: 246, label: { x: 697.6, y: 242, text: "Median £200", anchor: "end" } });
  });

  it("uses nice domains with ticks in each metric's unit", () => {
    expect(layout.xTicks[0]).toMatchObject({ label: "10.0", position: 42.8 });
    expect(layout.xTicks.at(-1)).toMatchObject({ label: "30.0", position: 697.6 });
    expect(layout.yTicks[0]).toMatchObject({ label: "£100", position: 426 });
    expect(layout.yTicks.at(-1)).toMatchObject({ label: "£300", position: 66 });
  });

  it("describes the chart in words", () => {
    expect(layout.description).toBe(
      "SEND unit cost per child against EHCPs per 10,000 residents aged 0 to 25: 3 authorities, " +
        "EHCPs per 10,000 residents aged 0 to 25 across and SEND unit cost per child up. " +
        "Network medians: EHCPs per 10,000 residents aged 0 to 25 20.0, SEND unit cost per child £200. " +
        "Your Council: EHCPs per 10,000 residents aged 0 to 25 20.0, SEND unit cost per child £200.",
    );
  });

  it("leaves the own entry out of the legend when no point is highlighted", () => {
    const anonymous = layoutScatter({ ...axes, points: three.points.map((point) => ({ ...point, highlighted: false })) });
    expect(anonymous.legend.map((item) => item.key)).toEqual(["network", "median"]);
    expect(anonymous.points.every((point) => point.label === null)).toBe(true);
  });

  it("orders points by value, whatever order they arrive in", () => {
    const reversed = layoutScatter({ ...three, points: [...three.points].reverse() });
    expect(reversed.points).toEqual(layout.points);
  });

  it("moves the own point's name under it where it would cover the median's label", () => {
    // The own point sits on the y median at the right edge (697.6, 246). Left of it and above, its
    // name (100.8px at 14px, 584.8 to 685.6, baseline 234) would cover "Median £200" (618.4 to
    // 697.6, baseline 242); right of it there is no room. So it goes under the point: 246 + 14 + 12.
    const onMedian = layoutScatter({
      ...axes,
      points: [
        { id: "a", x: 10, y: 100, highlighted: false },
        { id: "b", x: 20, y: 300, highlighted: false },
        { id: "c", x: 30, y: 200, highlighted: true, label: "Your Council" },
      ],
    });
    expect(onMedian.medianY!.label).toEqual({ x: 697.6, y: 242, text: "Median £200", anchor: "end" });
    expect(onMedian.points[2]!.label).toEqual({ x: 685.6, y: 272, text: "Your Council", anchor: "end" });
  });

  it("on a phone, keeps every label clear of the others", () => {
    const phone = layoutScatter(three, { width: 340 });
    expect(phone.width).toBe(340);
    const texts = [
      { text: phone.medianX!.label, size: SMALL_FONT_SIZE },
      { text: phone.medianY!.label, size: SMALL_FONT_SIZE },
      { text: phone.points.find((point) => point.label)!.label!, size: FONT_SIZE },
      { text: phone.xTitle!, size: FONT_SIZE },
      { text: phone.yTitle!, size: FONT_SIZE },
      ...phone.xTicks.map((tick) => ({
        text: { x: tick.position, y: phone.plot.bottom + SMALL_FONT_SIZE + 4, text: tick.label, anchor: "middle" as const },
        size: SMALL_FONT_SIZE,
      })),
    ].map(({ text, size }) => ({ text: text.text, box: textBox(text, size) }));
    for (const [index, a] of texts.entries()) {
      expect(a.box.left, a.text).toBeGreaterThanOrEqual(0);
      expect(a.box.right, a.text).toBeLessThanOrEqual(340);
      for (const b of texts.slice(index + 1)) expect(boxesOverlap(a.box, b.box), `"${a.text}" and "${b.text}"`).toBe(false);
    }
  });

  it("puts the label left of a point near the right edge, and below one at the top", () => {
    const corner = layoutScatter({
      ...axes,
      points: [
        { id: "a", x: 10, y: 100, highlighted: false },
        { id: "b", x: 30, y: 300, highlighted: true, label: "Your Council" },
      ],
    });
    expect(corner.points[1]!.label).toEqual({ x: 685.6, y: 92, text: "Your Council", anchor: "end" });
  });

  it("draws a single point and all-equal values inside padded domains", () => {
    const single = layoutScatter({ ...axes, points: [{ id: "a", x: 12, y: 9120, highlighted: true, label: "Your Council" }] });
    expect(single.points[0]!.cx).toBeGreaterThan(single.plot.left);
    expect(single.points[0]!.cx).toBeLessThan(single.plot.right);
    expect(single.medianX!.position).toBe(single.points[0]!.cx);
    expectFiniteNumbers(single);
    const zeros = layoutScatter({ ...axes, points: ["a", "b"].map((id) => ({ id, x: 0, y: 0, highlighted: false })) });
    expectFiniteNumbers(zeros);
  });

  it("handles negative values on both axes", () => {
    const change = layoutScatter({
      x: { label: "Change in EHCPs", unit: "percent" },
      y: { label: "Change in unit cost", unit: "percent" },
      points: [
        { id: "a", x: -8, y: 12, highlighted: false },
        { id: "b", x: 15, y: -4, highlighted: true, label: "Your Council" },
      ],
    });
    expect(change.xTicks.map((tick) => tick.label)).toContain("-5.0%");
    expect(change.yTicks.map((tick) => tick.label)).toContain("+10.0%");
    expectFiniteNumbers(change);
  });

  it("says No data without points, or with only points that are not finite", () => {
    for (const points of [[], [{ id: "a", x: Number.NaN, y: 1, highlighted: false }]]) {
      const empty = layoutScatter({ ...axes, points });
      expect(empty.noData).not.toBeNull();
      expect(empty.points).toEqual([]);
      expectFiniteNumbers(empty);
    }
  });
});

describe("ScatterChart", () => {
  it("draws others as circles and the highlighted point as an outlined diamond with its label", () => {
    const markup = renderSvg(<ScatterChart {...three} />);
    expectWellFormedChart(markup);
    expect(markup.match(/<circle /g)).toHaveLength(3); // two points and the legend's
    expect(markup).toContain('transform="translate(370.2,246)" fill="#D55E00" stroke="#0b0c0c"');
    expect(markup).toContain(">Your Council</text>");
    expect(markup).not.toContain("ignored: not highlighted");
  });

  it("says No data, and draws nothing, without points", () => {
    expectNoDataChart(renderSvg(<ScatterChart {...axes} points={[]} />));
  });

  it("matches the golden SVG", async () => {
    // A deterministic cloud of 40 points: no randomness in a golden file.
    const points = Array.from({ length: 40 }, (_, index) => ({
      id: `opaque-${index}`,
      x: 180 + ((index * 37) % 200),
      y: 5200 + ((index * 7919) % 9000) + ((index * 37) % 200) * 12,
      highlighted: index === 17,
      label: index === 17 ? "Your Council" : undefined,
    }));
    const markup = goldenSvg(<ScatterChart {...axes} points={points} />);
    expectWellFormedChart(markup);
    await expect(markup).toMatchFileSnapshot("./__snapshots__/scatter.svg");
  });
});
