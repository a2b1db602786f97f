import { describe, expect, it } from "vitest";
import { normaliseNumbers } from "./render-svg";

describe("normaliseNumbers", () => {
  it("rounds decimals in attributes to 3 places and leaves the text people read alone", () => {
    expect(normaliseNumbers('<path d="M1.23456,-0.00001L2.5,3"></path><text x="0.1000000001">150.0 and 31.45%</text>')).toBe(
      '<path d="M1.235,0L2.5,3"></path><text x="0.1">150.0 and 31.45%</text>',
    );
  });
});
