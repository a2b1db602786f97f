import { describe, expect, it } from "vitest";
import { RankingChart, layoutRanking, type RankingInput } from "../../../app/components/charts/ranking/ranking";
import { summarise } from "../../../app/domain/statistics";
import { descriptionOf, expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const small: RankingInput = {
  metricLabel: "SEND unit cost per child",
  unit: "gbp",
  bars: [
    { id: "k1", label: "Authority 03", value: 300, highlighted: false },
    { id: "k2", label: "Authority 01", value: 100, highlighted: false },
    { id: "k3", label: "Your Council", value: 200, highlighted: true },
  ],
  stats: { q1: 150, median: 200, q3: 250 },
};

describe("layoutRanking", () => {
  // Hand-worked geometry (viewBox 720 wide, 12px labels at 7.2px a character): the labels are 12
  // characters (86.4px), so bars start at 8 + 86.4 + 6 = 100.4; "£300" and a gap (34.8px) fit after
  // the longest, so bars end at 712 − 34.8 = 677.2: 576.8px for £0 to £300.
  const layout = layoutRanking(small);

  it("sorts ascending, so rank 1 (the lowest) is at the top", () => {
    expect(layout.bars.map((bar) => [bar.label, bar.value, bar.rank])).toEqual([
      ["Authority 01", 100, 1],
      ["Your Council", 200, 2],
      ["Authority 03", 300, 3],
    ]);
    // Three label rows (3 × 18 + 4) under the 8px edge: bars start at 66, 20px apart, 16px thick.
    expect(layout.bars.map((bar) => [bar.y, bar.height])).toEqual([
      [68, 16],
      [88, 16],
      [108, 16],
    ]);
  });

  it("maps values to pixels from zero", () => {
    expect(layout.zeroX).toBe(100.4);
    // £200 of £300 across 576.8px: 100.4 + 384.53 = 484.93.
    const own = layout.bars[1]!;
    expect(own).toMatchObject({ x: 100.4, width: 384.53, valueX: 490.93, valueAnchor: "start", valueLabel: "£200" });
    // 576.8px at a tick per 90px asks for 6 ticks: every £50, 96.13px apart.
    expect(layout.ticks.map((tick) => [tick.label, tick.position])).toEqual([
      ["£0", 100.4],
      ["£50", 196.53],
      ["£100", 292.67],
      ["£150", 388.8],
      ["£200", 484.93],
      ["£250", 581.07],
      ["£300", 677.2],
    ]);
  });

  it("highlights only the viewer's own bar", () => {
    expect(layout.bars.filter((bar) => bar.highlighted).map((bar) => bar.label)).toEqual(["Your Council"]);
  });

  it("draws the median and quartile lines at their values, each labelled on a row of its own", () => {
    expect(layout.referenceLines).toEqual([
      // £150: 100.4 + 288.4 = 388.8; the label ends left of the line, away from the median.
      { kind: "q1", x: 388.8, top: 44, bottom: 126, label: { x: 382.8, y: 40, text: "Lower quartile £150", anchor: "end" } },
      { kind: "median", x: 484.93, top: 26, bottom: 126, label: { x: 484.93, y: 22, text: "Median £200", anchor: "middle" } },
      // £250: 100.4 + 480.67 = 581.07. Right of the line the label would end at 581.07 + 6 + 136.8
      // = 723.87, past 712, so it is centred on the line instead, on its own row.
      { kind: "q3", x: 581.07, top: 62, bottom: 126, label: { x: 581.07, y: 58, text: "Upper quartile £250", anchor: "middle" } },
    ]);
  });

  it("keeps a reference label inside the viewBox when its line is near the edge", () => {
    const edge = layoutRanking({ ...small, stats: { q1: 290, median: 295, q3: 300 } });
    // "Upper quartile £300" (136.8px) does not fit right of 677.2: it is centred, no further right
    // than 712 − 68.4.
    expect(edge.referenceLines[2]!.label).toMatchObject({ x: 643.6, anchor: "middle" });
  });

  it("sizes the chart to the number of bars", () => {
    // 66 + 3 × 20 = 126 at the bottom of the bars, then ticks and the axis title.
    expect(layout.height).toBe(172);
    expect(layout.viewBox).toBe("0 0 720 172");
    const many = layoutRanking({
      ...small,
      bars: Array.from({ length: 153 }, (_, index) => ({
        id: `k${index}`,
        label: `Authority ${index}`,
        value: index,
        highlighted: false,
      })),
    });
    expect(many.bars).toHaveLength(153);
    expect(many.plot.bottom - many.plot.top).toBe(153 * 20);
  });

  it("describes the chart in words, naming only the labels it was given", () => {
    expect(layout.title).toBe("SEND unit cost per child, lowest to highest");
    expect(layout.description).toBe(
      "SEND unit cost per child, lowest to highest: 3 values, ranked from the lowest (rank 1). " +
        "Your Council: £200, ranked 2 of 3. Lowest £100, highest £300. " +
        "Median £200; lower quartile £150; upper quartile £250.",
    );
  });

  it("gives equal values the lower rank and orders them by label, not by arrival", () => {
    const tied = layoutRanking({
      ...small,
      stats: null,
      bars: [
        { id: "a", label: "Authority 09", value: 5, highlighted: false },
        { id: "b", label: "Authority 02", value: 5, highlighted: false },
        { id: "c", label: "Authority 05", value: 1, highlighted: false },
      ],
    });
    expect(tied.bars.map((bar) => [bar.label, bar.rank])).toEqual([
      ["Authority 05", 1],
      ["Authority 02", 2],
      ["Authority 09", 2],
    ]);
  });

  it("draws negative values (a fall) left of zero, labelled on the left and signed", () => {
    const change = layoutRanking({
      metricLabel: "Change in unit cost",
      unit: "percent",
      stats: null,
      bars: [
        { id: "a", label: "Authority 01", value: -10, highlighted: false },
        { id: "b", label: "Authority 02", value: 20, highlighted: true },
      ],
    });
    // Labels end at 100.4; "-10.0%" needs 43.2 + 6 = 49.2px, so bars span 149.6 to 712 − 49.2 = 662.8:
    // 513.2px for −10% to +20%, zero a third of the way along at 320.67.
    expect(change.zeroX).toBe(320.67);
    expect(change.bars[0]).toMatchObject({ valueLabel: "-10.0%", x: 149.6, width: 171.07, valueX: 143.6, valueAnchor: "end" });
    expect(change.bars[1]).toMatchObject({ valueLabel: "+20.0%", x: 320.67, width: 342.13, valueAnchor: "start" });
    expectFiniteNumbers(change);
  });

  it("draws a single value from zero to itself", () => {
    const single = layoutRanking({ ...small, stats: null, bars: [small.bars[2]!] });
    expect(single.bars).toHaveLength(1);
    expect(single.bars[0]!.rank).toBe(1);
    expect(single.description).toContain("Your Council: £200, ranked 1 of 1.");
    expectFiniteNumbers(single);
  });

  it("pads a zero-width domain when every value is zero", () => {
    const zeros = layoutRanking({
      ...small,
      stats: { q1: 0, median: 0, q3: 0 },
      bars: small.bars.map((bar) => ({ ...bar, value: 0 })),
    });
    expect(zeros.bars.map((bar) => bar.width)).toEqual([0, 0, 0]);
    expect(zeros.ticks.map((tick) => tick.label)).toEqual(["£0", "£1"]);
    expectFiniteNumbers(zeros);
  });

  it("has no bars, ticks or lines without data", () => {
    const empty = layoutRanking({ ...small, bars: [] });
    expect(empty.bars).toEqual([]);
    expect(empty.ticks).toEqual([]);
    expect(empty.referenceLines).toEqual([]);
    expect(empty.noData).not.toBeNull();
    expect(empty.description).toBe("SEND unit cost per child, lowest to highest. No data.");
    expectFiniteNumbers(empty);
  });

  it("leaves out a value that is not finite rather than drawing NaN", () => {
    const broken = layoutRanking({
      ...small,
      bars: [...small.bars, { id: "x", label: "Authority 04", value: Number.NaN, highlighted: false }],
    });
    expect(broken.bars).toHaveLength(3);
    expectFiniteNumbers(broken);
  });

  it("keeps room for the bars at the narrowest width", () => {
    const narrow = layoutRanking(
      {
        ...small,
        stats: { q1: 1_250_000, median: 2_500_000, q3: 3_750_000 },
        bars: [{ id: "o", label: "Bournemouth, Christchurch and Poole", value: 5_000_000, highlighted: true }],
      },
      { width: 200 },
    );
    expect(narrow.width).toBe(480);
    expect(narrow.bars[0]!.width).toBeGreaterThan(100);
    expectFiniteNumbers(narrow);
  });

  it("shortens a long label to its column but names it in full in the description", () => {
    const long = layoutRanking({
      ...small,
      bars: [{ id: "o", label: "A very long council name that would push the bars right off the chart", value: 1, highlighted: true }],
    });
    expect(long.bars[0]!.label.endsWith("…")).toBe(true);
    expect(long.description).toContain("A very long council name that would push the bars right off the chart: £1");
  });
});

describe("RankingChart", () => {
  it("renders the own bar in vermillion with an outline and a bold label, the others in blue", () => {
    const markup = renderSvg(<RankingChart {...small} />);
    expectWellFormedChart(markup);
    expect(markup).toContain(
      '<rect class="app-chart__bar--own" x="100.4" y="88" width="384.53" height="16" fill="#D55E00" stroke="#0b0c0c" stroke-width="2">',
    );
    expect(markup).toMatch(/<g font-weight="bold"><text [^>]*>Your Council<\/text>/);
    expect(markup.match(/fill="#0072B2"/g)).toHaveLength(2);
    expect(markup).toContain('stroke-dasharray="6 4"');
  });

  it("never puts the opaque ids into the markup", () => {
    const markup = renderSvg(<RankingChart {...small} />);
    expect(markup).not.toMatch(/\bk[123]\b/);
  });

  it("says No data, and draws nothing, without bars", () => {
    expectNoDataChart(renderSvg(<RankingChart {...small} bars={[]} />));
  });

  it("takes a title from the page", () => {
    const markup = renderSvg(<RankingChart {...small} title="Unit cost, 2024-25" />);
    expect(markup).toContain(">Unit cost, 2024-25</title>");
    expect(descriptionOf(markup)).toMatch(/^Unit cost, 2024-25: 3 values/);
  });

  it("matches the golden SVG", async () => {
    const values = [8120, 9410, 6650, 12880, 7020, 10150, 9120, 5480, 15320, 8790, 7730, 11040, 6980, 9950, 0, 13400];
    const bars = values.map((value, index) => ({
      id: `opaque-${index}`,
      label: index === 6 ? "Your Council" : `Authority ${String(index + 1).padStart(2, "0")}`,
      value,
      highlighted: index === 6,
    }));
    const stats = summarise(values)!;
    const markup = goldenSvg(<RankingChart metricLabel="SEND unit cost per child" unit="gbp" bars={bars} stats={stats} />);
    expectWellFormedChart(markup);
    await expect(markup).toMatchFileSnapshot("./__snapshots__/ranking.svg");
  });
});
