import { describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "~/domain/question-set";
import { validateReturn } from "~/domain/validation";

const SEN2 = { value: 4000, censusYear: 2025, releaseName: "SEN2 2025" };
const warningsFor = (total: number) =>
  validateReturn(QUESTION_SET_V1, { "ehcp.total": total }, { forSubmission: false, publicEhcpTotal: SEN2 }).warnings.filter(
    (warning) => warning.code === "public_statistics",
  );

describe("the SEN2 cross-check of ehcp.total (§3.5)", () => {
  it("warns above 5% over, showing both figures", () => {
    // 4,201 − 4,000 = 201, 5.025% of 4,000
    expect(warningsFor(4201)).toEqual([
      {
        id: "public_statistics:ehcp.total",
        key: "ehcp.total",
        code: "public_statistics",
        message:
          "Number of EHCPs maintained is 4,201, 5.0% more than the 4,000 DfE SEN2 reports for January 2025 (SEN2 2025) — check, or explain",
      },
    ]);
  });

  it("warns below, saying fewer", () => {
    // 4,000 − 3,000 = 1,000, 25% of 4,000
    expect(warningsFor(3000)[0]?.message).toBe(
      "Number of EHCPs maintained is 3,000, 25.0% fewer than the 4,000 DfE SEN2 reports for January 2025 (SEN2 2025) — check, or explain",
    );
  });

  it("does not warn at exactly 5%, or without an answer or a SEN2 figure", () => {
    expect(warningsFor(4200)).toEqual([]);
    expect(warningsFor(3800)).toEqual([]);
    expect(validateReturn(QUESTION_SET_V1, {}, { forSubmission: false, publicEhcpTotal: SEN2 }).warnings).toEqual([]);
    expect(validateReturn(QUESTION_SET_V1, { "ehcp.total": 1 }, { forSubmission: false }).warnings).toEqual([]);
  });
});
