import { describe, expect, it } from "vitest";
import { ForecastChart, layoutForecast, type ForecastInput } from "../../../app/components/charts/forecast/forecast";
import { descriptionOf, expectWellFormedChart, goldenSvg, renderSvg } from "./render-svg";

const input: ForecastInput = {
  metricLabel: "EHCPs",
  unit: "count",
  history: [
    { year: 2022, value: 100 },
    { year: 2023, value: 110 },
    { year: 2024, value: 121 },
  ],
  forecast: [{ year: 2025, central: 133.1, low: 120, high: 150 }],
};

describe("layoutForecast", () => {
  const layout = layoutForecast(input);

  it("spans the years of history and forecast, with labels as financial years", () => {
    expect(layout.years.map((year) => year.label)).toEqual(["2022-23", "2023-24", "2024-25", "2025-26"]);
    const xs = layout.years.map((year) => year.x);
    // Evenly spaced: one year is the same width everywhere.
    expect(xs[1]! - xs[0]!).toBeCloseTo(xs[3]! - xs[2]!, 1);
  });

  it("fits the axis to the whole interval and joins the forecast to the last actual value", () => {
    expect(layout.ticks[0]!.value).toBeLessThanOrEqual(100);
    expect(layout.ticks.at(-1)!.value).toBeGreaterThanOrEqual(150);
    const last = layout.historyPoints.at(-1)!;
    expect(layout.centralPath!.startsWith(`M${last.x},${last.y}`)).toBe(true);
  });

  it("says every value in words", () => {
    expect(descriptionOf(renderSvg(<ForecastChart {...input} />))).toBe(
      "EHCPs. Approved returns: 2022-23 100, 2023-24 110, 2024-25 121. Forecast: 2025-26 133 (80% interval 120 to 150).",
    );
  });

  it("on a phone, draws only the year labels that clear each other", () => {
    // Ten years of history and three of forecast at 340 wide. Ticks 100 to 300 are three characters
    // (21.6px), so the plot starts at 8 + 21.6 + 6 = 35.6 and ends at 340 − 8 − 14 = 318; years run
    // from 65.6 to 288, 18.53px apart. A label is 50.4px and a 6px gap (56.4): from the first, each
    // year drawn is the first at least 56.4px past the last drawn, 74.13px on (four years).
    const phone = layoutForecast(
      {
        metricLabel: "EHCPs",
        unit: "count",
        history: Array.from({ length: 10 }, (_, index) => ({ year: 2015 + index, value: Math.round(100 * 1.1 ** index) })),
        forecast: [2025, 2026, 2027].map((year, index) => ({ year, central: 250 + 10 * index, low: 220, high: 290 })),
      },
      { width: 340 },
    );
    expect(phone.years).toEqual([
      { label: "2015-16", x: 65.6 },
      { label: "2019-20", x: 139.73 },
      { label: "2023-24", x: 213.87 },
      { label: "2027-28", x: 288 },
    ]);
    // The wide chart still labels every year.
    expect(layout.years).toHaveLength(4);
  });

  it("draws nothing but 'No data' without history", () => {
    expect(layoutForecast({ ...input, history: [], forecast: [] }).noData).not.toBeNull();
  });
});

describe("ForecastChart", () => {
  it("is well formed and matches the golden SVG", async () => {
    const markup = renderSvg(<ForecastChart {...input} />);
    expectWellFormedChart(markup);
    await expect(goldenSvg(<ForecastChart {...input} />)).toMatchFileSnapshot("./__snapshots__/forecast.svg");
  });
});
