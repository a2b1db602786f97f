import { describe, expect, it } from "vitest";
import { publicGroupTotals } from "~/domain/disclosure";
import { authorityEhcpHistory, describeSources, forecastReport, forecastTable, parseScenarioInputs } from "~/domain/forecast-report";

const entry = (financialYear: string, ehcps: number) => ({ financialYear, values: {}, metrics: { ehcps } });
const sen2 = {
  points: [
    { censusYear: 2019, value: 800, releaseName: "SEN2 2025" },
    { censusYear: 2020, value: 880, releaseName: "SEN2 2025" },
    { censusYear: 2021, value: 968, releaseName: "SEN2 2025" },
    { censusYear: 2022, value: 999, releaseName: "SEN2 2025" },
    { censusYear: 2025, value: 5000, releaseName: "SEN2 2025" },
  ],
};

describe("an authority's EHCP history for its forecast", () => {
  it("puts SEN2's January census figures before its approved returns, each point saying which, and nothing after the round", () => {
    // January 2022 is 2021-22: the return's 1,000 wins over SEN2's 999. January 2025 is 2024-25, after the round.
    expect(authorityEhcpHistory([entry("2021-22", 1000), entry("2022-23", 1100)], sen2, "2022-23")).toEqual([
      { year: 2018, value: 800, source: "DfE SEN2 (SEN2 2025)" },
      { year: 2019, value: 880, source: "DfE SEN2 (SEN2 2025)" },
      { year: 2020, value: 968, source: "DfE SEN2 (SEN2 2025)" },
      { year: 2021, value: 1000, source: "Approved return" },
      { year: 2022, value: 1100, source: "Approved return" },
    ]);
  });

  it("says the sources run by run", () => {
    const points = authorityEhcpHistory([entry("2021-22", 1000), entry("2022-23", 1100)], sen2, "2022-23");
    expect(describeSources(points)).toBe("DfE SEN2 (SEN2 2025) for 2018-19 to 2020-21; approved return for 2021-22 to 2022-23.");
    expect(describeSources([{ year: 2023, value: 1, source: "Approved return" }])).toBe("Approved return for 2023-24.");
    expect(describeSources([])).toBe("");
  });

  it("forecasts from the longer series: 800, 880, 968, 1,000 (+10 %, +10 %, +3.3 %) and labels every row of the table", () => {
    const report = forecastReport({
      subject: { name: "A", history: [entry("2021-22", 1000)], ownReturns: true, source: "Approved return" },
      deflators: [],
      inputs: parseScenarioInputs(new URLSearchParams()),
      network: () => null,
      ehcpHistory: { points: authorityEhcpHistory([entry("2021-22", 1000)], sen2, "2021-22") },
    })!;
    const ehcps = report.forecasts.find((forecast) => forecast.metric === "ehcps")!;
    // With one return of its own there would be no forecast (three points are needed); SEN2 gives four.
    expect(ehcps.result.ok).toBe(true);
    expect(ehcps.history.map((point) => point.value)).toEqual([800, 880, 968, 1000]);
    // Least squares on ln(value) over 2018–2021: slope 0.07648, so e^slope − 1 = 7.947 % a year.
    expect(ehcps.result.ok && ehcps.result.forecast.annualGrowth).toBeCloseTo(0.079474, 5);
    const table = forecastTable(ehcps);
    expect(table.columns.map((column) => column.key)).toEqual(["year", "value", "source", "central", "low", "high"]);
    expect(table.rows.slice(0, 4).map((row) => row.slice(0, 3))).toEqual([
      ["2018", 800, "DfE SEN2 (SEN2 2025)"],
      ["2019", 880, "DfE SEN2 (SEN2 2025)"],
      ["2020", 968, "DfE SEN2 (SEN2 2025)"],
      ["2021", 1000, "Approved return"],
    ]);
    expect(table.rows[4]!.slice(0, 3)).toEqual(["2022", null, "Forecast (fitted trend)"]);
    // Other metrics keep the subject's own source.
    expect(report.forecasts.find((forecast) => forecast.metric === "spend.send")!.history).toEqual([]);
  });
});

describe("a group's total of a public figure", () => {
  const figures: Record<string, Record<number, number>> = {
    A: { 2023: 100, 2024: 110 },
    B: { 2023: 200, 2024: 220 },
    C: { 2024: 330 },
  };
  const figureOf = (code: string, year: number) =>
    figures[code]?.[year] === undefined ? null : { value: figures[code]![year]!, releaseName: "SEN2 2025" };

  it("adds every member's figure, only in years SEN2 has them all: 2024 = 110 + 220 + 330 = 660, 2023 left out", () => {
    expect(publicGroupTotals({ memberCodes: ["A", "B", "C"], minGroupSize: 3, years: [2023, 2024], figureOf })).toEqual({
      shown: true,
      totals: [{ year: 2024, total: 660, releaseNames: ["SEN2 2025"] }],
    });
  });

  it("offers nothing for a group smaller than the minimum", () => {
    expect(publicGroupTotals({ memberCodes: ["A", "B"], minGroupSize: 3, years: [2024], figureOf })).toEqual({
      shown: false,
      message: "suppressed: fewer than 3 authorities",
    });
  });
});
