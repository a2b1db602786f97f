import { describe, expect, it } from "vitest";
import { CompositionChart, layoutComposition, type CompositionInput } from "../../../app/components/charts/composition/composition";
import { expectFiniteNumbers, expectNoDataChart, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const two: CompositionInput = {
  rows: [
    { label: "special school", own: 40, networkMedian: 30 },
    { label: "post-16", own: null, networkMedian: 10 },
  ],
};

describe("layoutComposition", () => {
  // Hand-worked: legend bottom 26, rows from 35, 56px each. The label column is "special school"
  // (100.8px), so bars start at 8 + 100.8 + 12 = 120.8; the widest text past a bar end is
  // "You: not provided" (122.4 + 6), so bars end at 712 − 128.4 = 583.6: 462.8px for 0% to 40%.
  const layout = layoutComposition(two);

  it("pairs the own bar above the network median's, from zero", () => {
    expect(layout.zeroX).toBe(120.8);
    const row = layout.rows[0]!;
    expect(row.own).toEqual({
      rect: { x: 120.8, y: 43, width: 462.8, height: 18 },
      text: { x: 589.6, y: 56, text: "You: 40.0%", anchor: "start" },
      provided: true,
    });
    // 30% is three quarters of 462.8px: 347.1.
    expect(row.median).toEqual({
      rect: { x: 120.8, y: 65, width: 347.1, height: 18 },
      text: { x: 473.9, y: 78, text: "Median: 30.0%", anchor: "start" },
      provided: true,
    });
    expect(row.labelLines).toEqual(["special school"]);
    expect(row.labelY).toBe(56);
  });

  it("on a phone, wraps a long factor name into three lines of the 102px column rather than cutting it short", () => {
    const phone = layoutComposition(
      { rows: [{ label: "Dearer journeys (real unit cost)", own: 20, networkMedian: 10 }], ownLabel: "London" },
      { width: 340 },
    );
    // 30% of 340 is 102px: 14 characters of 7.2px a line.
    expect(phone.rows[0]!.labelLines).toEqual(["Dearer", "journeys (real", "unit cost)"]);
  });

  it("writes a missing value in words instead of drawing a bar", () => {
    const row = layout.rows[1]!;
    expect(row.own).toEqual({
      rect: null,
      text: { x: 126.8, y: 112, text: "You: not provided", anchor: "start" },
      provided: false,
    });
    expect(row.median.rect).toEqual({ x: 120.8, y: 121, width: 115.7, height: 18 });
  });

  it("ticks the share axis in percentages", () => {
    expect(layout.ticks.map((tick) => [tick.label, tick.position])).toEqual([
      ["0.0%", 120.8],
      ["10.0%", 236.5],
      ["20.0%", 352.2],
      ["30.0%", 467.9],
      ["40.0%", 583.6],
    ]);
    expect(layout.height).toBe(171);
  });

  it("describes every cohort in words", () => {
    expect(layout.description).toBe(
      "Share of transport spend by cohort: yours and the network median: 2 cohorts. " +
        "special school: yours 40.0%, network median 30.0%. post-16: yours not provided, network median 10.0%.",
    );
  });

  it("shows a single cohort and all-equal values", () => {
    const single = layoutComposition({ rows: [{ label: "special school", own: 25, networkMedian: 25 }] });
    expect(single.rows[0]!.own.rect!.width).toBe(single.rows[0]!.median.rect!.width);
    expectFiniteNumbers(single);
    const zeros = layoutComposition({ rows: [{ label: "post-19", own: 0, networkMedian: 0 }] });
    expect(zeros.rows[0]!.own.rect!.width).toBe(0);
    expectFiniteNumbers(zeros);
  });

  it("draws no axis when no cohort has a value, and says No data without cohorts", () => {
    const blank = layoutComposition({ rows: [{ label: "post-19", own: null, networkMedian: null }] });
    expect(blank.ticks).toEqual([]);
    expect(blank.rows[0]!.median.text.text).toBe("Median: no data");
    expectFiniteNumbers(blank);
    const empty = layoutComposition({ rows: [] });
    expect(empty.noData).not.toBeNull();
    expectFiniteNumbers(empty);
  });
});

describe("CompositionChart", () => {
  it("outlines the own bars and names both bars in text, so colour is not the only cue", () => {
    const markup = renderSvg(<CompositionChart {...two} />);
    expectWellFormedChart(markup);
    expect(markup).toContain('<rect x="120.8" y="43" width="462.8" height="18" fill="#D55E00" stroke="#0b0c0c" stroke-width="2">');
    expect(markup).toContain('<rect x="120.8" y="65" width="347.1" height="18" fill="#0072B2">');
    expect(markup).toContain(">You: 40.0%</text>");
    expect(markup).toContain(">Median: 30.0%</text>");
  });

  it("says No data, and draws nothing, without cohorts", () => {
    expectNoDataChart(renderSvg(<CompositionChart rows={[]} />));
  });

  it("matches the golden SVG", async () => {
    const markup = goldenSvg(
      <CompositionChart
        rows={[
          { label: "mainstream school (no SEND)", own: 8.4, networkMedian: 11.2 },
          { label: "SEND in mainstream school", own: 21.7, networkMedian: 18.9 },
          { label: "special school", own: 33.1, networkMedian: 30.4 },
          { label: "independent special school", own: 19.6, networkMedian: 22.8 },
          { label: "alternative provision", own: 2.3, networkMedian: 3.1 },
          { label: "post-16", own: 12.5, networkMedian: 10.6 },
          { label: "post-19", own: null, networkMedian: 1.2 },
        ]}
      />,
    );
    expectWellFormedChart(markup);
    await expect(markup).toMatchFileSnapshot("./__snapshots__/composition.svg");
  });
});
