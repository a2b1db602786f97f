import { describe, expect, it } from "vitest";
import { TrendChart, layoutTrend, type TrendInput } from "../../../app/components/charts/trend/trend";
import { expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const three: TrendInput = {
  unit: "gbp",
  points: [
    { year: "2021-22", own: 100, q1: 80, median: 100, q3: 120 },
    { year: "2022-23", own: null, q1: 90, median: 110, q3: 130 },
    { year: "2023-24", own: 140, q1: 100, median: 120, q3: 140 },
  ],
};

describe("layoutTrend", () => {
  // Hand-worked: the legend fits one row (bottom 26), so the plot spans y 44 to 304 (260px) for
  // £80 to £140. Tick labels are 4 characters (28.8px): the plot starts at 8 + 28.8 + 6 = 42.8 and
  // ends at 720 − 8 − ("£140" 28.8 + 12) = 671.2. Three years, half a step of padding each end:
  // a step of 628.4 / 3 = 209.47.
  const layout = layoutTrend(three);

  it("places years evenly and values on a linear scale", () => {
    expect(layout.plot).toEqual({ left: 42.8, right: 671.2, top: 44, bottom: 304 });
    expect(layout.years).toEqual([
      { label: "2021-22", x: 147.53 },
      { label: "2022-23", x: 357 },
      { label: "2023-24", x: 566.47 },
    ]);
    // 260px of axis at a tick per 50px asks for 5 ticks: a step of £10, 260 / 6 px apart.
    expect(layout.ticks.map((tick) => [tick.label, tick.position])).toEqual([
      ["£80", 304],
      ["£90", 260.67],
      ["£100", 217.33],
      ["£110", 174],
      ["£120", 130.67],
      ["£130", 87.33],
      ["£140", 44],
    ]);
  });

  it("draws the median through every year and the band between the quartiles", () => {
    // £100, £110, £120: 304 − 260 × (20, 30, 40) / 60.
    expect(layout.medianPath).toBe("M147.53,217.33L357,174L566.47,130.67");
    expect(layout.q1Path).toBe("M147.53,304L357,260.67L566.47,217.33");
    expect(layout.bandPath).toBe("M147.53,130.67L357,87.33L566.47,44L566.47,217.33L357,260.67L147.53,304Z");
    expect(layout.isolatedBands).toEqual([]);
  });

  it("breaks the own line where a year has no value, and marks each own value", () => {
    // Both own values are isolated by the gap: each is its own segment.
    expect(layout.ownPath).toBe("M147.53,217.33ZM566.47,44Z");
    expect(layout.ownPoints).toEqual([
      { x: 147.53, y: 217.33 },
      { x: 566.47, y: 44 },
    ]);
    expect(layout.ownLabel).toEqual({ x: 578.47, y: 48, text: "£140", anchor: "start" });
  });

  it("describes every year in words", () => {
    expect(layout.description).toBe(
      "Your value by year against the network's median and middle half: 3 years. " +
        "2021-22: your value £100; network median £100, middle half £80 to £120. " +
        "2022-23: your value not provided; network median £110, middle half £90 to £130. " +
        "2023-24: your value £140; network median £120, middle half £100 to £140.",
    );
  });

  it("gives a lone year a visible band box and median tick", () => {
    const single = layoutTrend({ unit: "gbp", points: [{ year: "2024-25", own: 9120, q1: 7000, median: 8000, q3: 11000 }] });
    expect(single.years).toHaveLength(1);
    expect(single.isolatedBands).toHaveLength(1);
    expect(single.isolatedBands[0]!.width).toBe(16);
    expect(single.isolatedBands[0]!.height).toBeGreaterThan(0);
    expect(single.isolatedMedians).toHaveLength(1);
    expect(single.ownPoints).toHaveLength(1);
    expectFiniteNumbers(single);
  });

  it("leaves gaps in the band and median where the network has no statistics", () => {
    const gappy = layoutTrend({
      unit: "percent",
      points: [
        { year: "2020-21", own: -3, q1: -5, median: 1, q3: 4 },
        { year: "2021-22", own: 2, q1: null, median: null, q3: null },
        { year: "2022-23", own: 6, q1: -1, median: 3, q3: 8 },
        { year: "2023-24", own: 5, q1: 0, median: 4, q3: 9 },
      ],
    });
    expect(gappy.medianPath.match(/M/g)).toHaveLength(2);
    expect(gappy.isolatedBands).toHaveLength(1);
    expect(gappy.isolatedMedians).toHaveLength(1);
    expect(gappy.ownPath.match(/M/g)).toHaveLength(1);
    expect(gappy.ticks.some((tick) => tick.label.startsWith("+"))).toBe(true);
    expectFiniteNumbers(gappy);
  });

  it("pads all-equal values", () => {
    const flat = layoutTrend({
      unit: "count",
      points: ["2022-23", "2023-24"].map((year) => ({ year, own: 50, q1: 50, median: 50, q3: 50 })),
    });
    expect(flat.ownPoints.every((point) => point.y > flat.plot.top && point.y < flat.plot.bottom)).toBe(true);
    expectFiniteNumbers(flat);
  });

  it("says No data when no year has a value", () => {
    for (const points of [[], [{ year: "2024-25", own: null, q1: null, median: null, q3: null }]]) {
      const empty = layoutTrend({ unit: "gbp", points });
      expect(empty.noData).not.toBeNull();
      expect(empty.ownPath).toBe("");
      expect(empty.years).toEqual([]);
      expectFiniteNumbers(empty);
    }
  });
});

describe("TrendChart", () => {
  it("draws the own line in vermillion with outlined diamonds and labels its latest value", () => {
    const markup = renderSvg(<TrendChart {...three} />);
    expectWellFormedChart(markup);
    expect(markup).toContain('<path d="M147.53,217.33ZM566.47,44Z" fill="none" stroke="#D55E00" stroke-width="3">');
    expect(markup.match(/class="app-chart__own-marker"/g)).toHaveLength(3); // two points and the legend
    expect(markup).toContain('font-weight="bold">£140</text>');
  });

  it("says No data, and draws nothing, without values", () => {
    expectNoDataChart(renderSvg(<TrendChart unit="gbp" points={[]} />));
  });

  it("matches the golden SVG", async () => {
    const markup = goldenSvg(
      <TrendChart
        unit="gbp"
        points={[
          { year: "2019-20", own: 6210, q1: 5480, median: 6720, q3: 8010 },
          { year: "2020-21", own: 6890, q1: 5930, median: 7110, q3: 8620 },
          { year: "2021-22", own: null, q1: 6320, median: 7640, q3: 9150 },
          { year: "2022-23", own: 8450, q1: 6990, median: 8230, q3: 9870 },
          { year: "2023-24", own: 9120, q1: 7420, median: 8810, q3: 10630 },
          { year: "2024-25", own: 9860, q1: null, median: null, q3: null },
        ]}
      />,
    );
    expectWellFormedChart(markup);
    await expect(markup).toMatchFileSnapshot("./__snapshots__/trend.svg");
  });
});
