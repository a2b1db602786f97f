import { describe, expect, it } from "vitest";
import { layoutDemandSeries, type DemandSeriesInput } from "../../../app/components/charts/demand-series/layout";

const flat = [100, 100, 100, 100];
const input: DemandSeriesInput = {
  years: [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024],
  baseYear: 2018,
  lines: [
    { key: "authority", label: "Kent", values: [...flat, 105, 110, 115, 120, 125, 130] },
    { key: "region", label: "South East", values: [...flat, 104, 108, 112, 118, 125, 131] },
    { key: "neighbours", label: "Neighbours", values: [...flat, 103, 107, 111, 116, 122, 129] },
    { key: "england", label: "England", values: [...flat, 102, 105, 108, 112, 116, 120] },
  ],
};

describe("layoutDemandSeries on a phone", () => {
  // Hand-worked at 340 wide: the legend takes two rows (bottom 48), so the plot runs from 66 to 346
  // for 100 to 135 (8px a point). Tick labels are three digits (21.6px): the plot starts at 35.6;
  // the end values too, so it ends at 340 − 8 − 21.6 − 12 = 298.4. Ten years, 26.28px apart from 48.74.
  const phone = layoutDemandSeries(input, { width: 340 });

  it("spreads end values that would be written over each other a line apart", () => {
    // 131, 130 and 129 end at 98, 106 and 114 (labels 4px lower): 14px apart at least, top down.
    expect(phone.lines.map((line) => line.label)).toEqual([
      { x: 291.26, y: 116, text: "130", anchor: "start" },
      { x: 291.26, y: 102, text: "131", anchor: "start" },
      { x: 291.26, y: 130, text: "129", anchor: "start" },
      { x: 291.26, y: 190, text: "120", anchor: "start" },
    ]);
  });

  it("labels the start year and only the years that clear it and each other", () => {
    // A year label is 28.8px and a 6px gap: 2015, then 2018 (the start year, kept first), then each
    // year at least 34.8px from every label kept. Every other year (2017, 2019) would touch 2018.
    expect(phone.years).toEqual([
      { label: "2015", x: 48.74 },
      { label: "2018", x: 127.58 },
      { label: "2020", x: 180.14 },
      { label: "2022", x: 232.7 },
      { label: "2024", x: 285.26 },
    ]);
  });
});
