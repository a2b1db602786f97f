import { describe, expect, it } from "vitest";
import { describeRankedValue, ordinal } from "../../app/domain/headlines";

describe("headlines in words", () => {
  it("writes ordinals as people say them", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 153].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
      "153rd",
    ]);
  });

  it("describes a unit cost with its rank and quartile band", () => {
    expect(describeRankedValue({ value: 9120.4, unit: "gbp", rank: 31, n: 48, quartileBand: 4, per: "a child" })).toBe(
      "£9,120 a child — 31st lowest of 48; upper quartile",
    );
  });

  it("gives rates their base and leaves out the rank when there is nothing to compare with", () => {
    expect(describeRankedValue({ value: 402.46, unit: "rate_per_10k", rank: 1, n: 1, quartileBand: 1 })).toBe("402.5 per 10,000");
  });
});
