import { describe, expect, it } from "vitest";
import { displayFieldValue, formatMetricValue } from "../../app/domain/format";
import { findField, QUESTION_SET_V1 } from "../../app/domain/question-set";

describe("formatMetricValue", () => {
  it("shows pounds to the pound and percentages to one decimal place", () => {
    expect(formatMetricValue("gbp", 9120.49)).toBe("£9,120");
    expect(formatMetricValue("percent", 31.449)).toBe("31.4%");
    expect(formatMetricValue("percent", 317.91, { signed: true })).toBe("+317.9%");
    expect(formatMetricValue("percent", -4.25, { signed: true })).toBe("-4.3%");
    expect(formatMetricValue("count", 16936)).toBe("16,936");
    expect(formatMetricValue("rate_per_10k", 402.456)).toBe("402.5");
  });
});

describe("displayFieldValue", () => {
  it("reads blank as not provided, never zero", () => {
    const spend = findField(QUESTION_SET_V1, "transport.special.spend")!;
    expect(displayFieldValue(spend, null)).toBe("Not provided");
    expect(displayFieldValue(spend, 0)).toBe("£0");
    expect(displayFieldValue(spend, 1_250_000)).toBe("£1,250,000");
    expect(displayFieldValue(findField(QUESTION_SET_V1, "policy.route_bundling")!, true)).toBe("Yes");
  });
});
