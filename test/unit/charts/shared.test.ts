import { describe, expect, it } from "vitest";
import {
  thinTicks,
  barDomain,
  barFromZero,
  centreWithin,
  chartWidth,
  layoutLegend,
  linearTicks,
  niceScale,
  noDataFrame,
  pointDomain,
  px,
  textWidth,
  truncateText,
  valueAxisUnderLegend,
  valueFormatter,
  valueLabelGutters,
  wrapText,
  yearPoints,
} from "../../../app/components/charts/shared";

describe("barDomain", () => {
  it("always contains zero, since bars grow from it", () => {
    expect(barDomain([120, 80])).toEqual([0, 120]);
    expect(barDomain([-12.5, 40])).toEqual([-12.5, 40]);
    expect(barDomain([-3, -1])).toEqual([-3, 0]);
  });

  it("is [0, 1] when there is nothing to span", () => {
    expect(barDomain([])).toEqual([0, 1]);
    expect(barDomain([0, 0])).toEqual([0, 1]);
  });

  it("spans zero to a single value", () => {
    expect(barDomain([9120])).toEqual([0, 9120]);
  });
});

describe("pointDomain", () => {
  it("is the extent of the values", () => {
    expect(pointDomain([5, -2, 3])).toEqual([-2, 5]);
  });

  it("pads all-equal values by 10%, or by 1 at zero, so the domain never has zero width", () => {
    expect(pointDomain([200, 200])).toEqual([180, 220]);
    expect(pointDomain([-50])).toEqual([-55, -45]);
    expect(pointDomain([0])).toEqual([-1, 1]);
  });

  it("is [0, 1] without values", () => {
    expect(pointDomain([])).toEqual([0, 1]);
  });
});

describe("niceScale and linearTicks", () => {
  it("rounds the domain out to the ticks: about one tick per 90px", () => {
    // 360px → 4 ticks; 10,757 / 4 ≈ 2,689 → a step of 2,000 → the domain ends at 12,000.
    const scale = niceScale([0, 10757], [0, 360]);
    expect(scale.domain()).toEqual([0, 12000]);
    const ticks = linearTicks(scale, valueFormatter("gbp", [0, 12000]), "gbp");
    expect(ticks.map((tick) => tick.label)).toEqual(["£0", "£2,000", "£4,000", "£6,000", "£8,000", "£10,000", "£12,000"]);
    // £6,000 is half of £12,000: half of 360px.
    expect(ticks[3]!.position).toBe(180);
  });

  it("drops ticks finer than the unit shows, rather than labelling £0.20 as £0", () => {
    const scale = niceScale([0, 1], [0, 360]);
    expect(linearTicks(scale, valueFormatter("gbp", [0, 1]), "gbp").map((tick) => tick.label)).toEqual(["£0", "£1"]);
    expect(linearTicks(scale, valueFormatter("percent", [0, 1]), "percent").map((tick) => tick.label)).toEqual([
      "0.0%",
      "0.2%",
      "0.4%",
      "0.6%",
      "0.8%",
      "1.0%",
    ]);
  });
});

describe("the axes of a chart over years", () => {
  it("puts the value axis a line under the legend and the plot just past its widest tick label", () => {
    // 260px for £80 to £140 asks for 5 ticks, a step of £10; "£140" is 4 × 12 × 0.6 = 28.8px wide.
    const axis = valueAxisUnderLegend([80, 140], valueFormatter("gbp", [80, 140]), "gbp", 26, 260);
    expect([axis.top, axis.bottom, axis.left]).toEqual([44, 304, 8 + 28.8 + 6]);
    expect(axis.ticks.map((tick) => tick.label)).toEqual(["£80", "£90", "£100", "£110", "£120", "£130", "£140"]);
    expect(axis.y(80)).toBe(304);
  });

  it("spreads years half a step in from each end and labels every k-th where labels would touch", () => {
    // Three years over 300px: a step of 100, centres at 50, 150, 250.
    const roomy = yearPoints(3, 0, 300, 40);
    expect([0, 1, 2].map(roomy.xOf)).toEqual([50, 150, 250]);
    expect(roomy.labelEvery).toBe(1);
    // A 150px label and its 6px gap need two steps.
    expect(yearPoints(3, 0, 300, 150).labelEvery).toBe(2);
  });
});

describe("valueFormatter", () => {
  it("signs percentages when the chart shows a fall, so rises and falls read alike", () => {
    const signed = valueFormatter("percent", [-20, 40]);
    expect(signed(12.34)).toBe("+12.3%");
    expect(signed(-4.25)).toBe("-4.3%");
    expect(signed(-0)).toBe("0.0%");
    expect(valueFormatter("percent", [0, 40])(12.34)).toBe("12.3%");
    expect(valueFormatter("gbp", [0, 10000])(9120.49)).toBe("£9,120");
  });
});

describe("barFromZero", () => {
  const scale = niceScale([-100, 300], [100, 500]);

  it("draws a positive bar right from zero and labels it past its end", () => {
    // 400px for 400 units: zero at 200, 150 at 350.
    expect(barFromZero(scale, 150)).toEqual({ x: 200, width: 150, labelX: 356, labelAnchor: "start" });
  });

  it("draws a negative bar left from zero and labels it on the left", () => {
    expect(barFromZero(scale, -50)).toEqual({ x: 150, width: 50, labelX: 144, labelAnchor: "end" });
  });
});

describe("valueLabelGutters", () => {
  it("keeps room on the left only when some value is negative", () => {
    // 12px text is 7.2px a character; plus the 6px gap.
    expect(valueLabelGutters([{ value: 5, text: "£5" }], 12)).toEqual({ left: 0, right: 20.4 });
    const both = valueLabelGutters(
      [
        { value: -5, text: "-£5" },
        { value: 5, text: "£5" },
      ],
      12,
    );
    expect(both.left).toBeCloseTo(27.6);
    expect(both.right).toBeCloseTo(20.4);
  });
});

describe("text helpers", () => {
  it("estimates width from the character count", () => {
    expect(textWidth("Authority 07", 12)).toBeCloseTo(86.4);
  });

  it("shortens with an ellipsis only what does not fit", () => {
    expect(truncateText("Authority 07", 100, 12)).toBe("Authority 07");
    // 13 characters fit in 100px: 12 and the ellipsis, less the trailing comma.
    expect(truncateText("Bournemouth, Christchurch and Poole", 100, 12)).toBe("Bournemouth…");
  });

  it("wraps at spaces and shortens the last allowed line", () => {
    // "SEND in mainstream" is 18 characters: 129.6px, inside 130.
    expect(wrapText("SEND in mainstream school", 130, 12, 2)).toEqual(["SEND in mainstream", "school"]);
    expect(wrapText("independent special school", 100, 12, 2)).toEqual(["independent", "special scho…"]);
  });

  it("keeps centred text inside its bounds", () => {
    // "Median £8,000" is 13 characters: 93.6px, half of it 46.8.
    expect(centreWithin(20, "Median £8,000", 12, 8, 712)).toBe(54.8);
    expect(centreWithin(400, "Median £8,000", 12, 8, 712)).toBe(400);
  });

  it("rounds coordinates to hundredths", () => {
    expect(px(431.7333)).toBe(431.73);
  });
});

describe("layoutLegend", () => {
  it("places entries left to right and wraps a row that would overflow", () => {
    const { items, bottom } = layoutLegend(
      [
        { key: "a", label: "You" },
        { key: "b", label: "Network median" },
      ],
      200,
      8,
    );
    // "You": 18px swatch + 6px gap + 3 × 8.4px of 14px text, then 24px apart → 75.2.
    expect(items).toEqual([
      { key: "a", label: "You", x: 8, y: 17 },
      { key: "b", label: "Network median", x: 8, y: 39 },
    ]);
    expect(bottom).toBe(48);
  });
});

describe("chartWidth", () => {
  it("takes the page's width within reason, and the default otherwise", () => {
    expect(chartWidth({})).toBe(720);
    expect(chartWidth({ width: 960 })).toBe(960);
    expect(chartWidth({ width: 200 })).toBe(320);
    expect(chartWidth({ width: Number.NaN })).toBe(720);
  });
});

describe("noDataFrame", () => {
  it("says No data in the description and places the visible message in the middle", () => {
    expect(noDataFrame(720, "Unit cost")).toEqual({
      viewBox: "0 0 720 60",
      width: 720,
      height: 60,
      title: "Unit cost",
      description: "Unit cost. No data.",
      noData: { x: 360, y: 30 },
    });
  });
});

describe("thinTicks", () => {
  const tick = (position: number, label: string) => ({ value: position, position, label });

  it("keeps every tick whose centred labels clear each other by 8px", () => {
    // "£0" and "£50" are 14.4 and 21.6 wide: 40px apart leaves 40 − 18 = 22px between them.
    const ticks = [tick(0, "£0"), tick(40, "£50"), tick(80, "£100")];
    expect(thinTicks(ticks, 12)).toEqual(ticks);
  });

  it("keeps every second tick, then every third, until the labels no longer touch", () => {
    // "20.0%" is 5 × 7.2 = 36 wide: 30px apart they overlap by 6; 60px apart they clear by 24.
    const ticks = [tick(0, "0.0%"), tick(30, "20.0%"), tick(60, "40.0%"), tick(90, "60.0%")];
    expect(thinTicks(ticks, 12).map((t) => t.label)).toEqual(["0.0%", "40.0%"]);
    // 20px apart, every second still overlaps (40 − 36 = 4 < 8); every third clears (60 − 36 = 24).
    const dense = [0, 20, 40, 60, 80].map((position) => tick(position, "20.0%"));
    expect(thinTicks(dense, 12).map((t) => t.position)).toEqual([0, 60]);
  });

  it("keeps a lone tick, and the first when nothing else fits", () => {
    expect(thinTicks([tick(0, "£0")], 12)).toHaveLength(1);
    expect(thinTicks([tick(0, "£1,000,000"), tick(10, "£2,000,000")], 12).map((t) => t.label)).toEqual(["£1,000,000"]);
  });
});
