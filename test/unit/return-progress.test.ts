import { describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import { sectionProgress, unexplainedWarnings } from "../../app/domain/return-progress";
import { validateReturn } from "../../app/domain/validation";

const progress = (values: Record<string, number | null>) =>
  sectionProgress(QUESTION_SET_V1, values, validateReturn(QUESTION_SET_V1, values, { forSubmission: true }));

describe("sectionProgress", () => {
  it("calls every section not yet started on an empty return", () => {
    expect(new Set(Object.values(progress({})))).toEqual(new Set(["not_started"]));
  });

  it("calls a section completed when its required answers are in, even with optional ones blank", () => {
    expect(progress({ population_0_25: 250_000, "ehcp.total": 9_000 }).context).toBe("completed");
  });

  it("calls a section in progress while a required answer is missing", () => {
    expect(progress({ population_0_25: 250_000 }).context).toBe("in_progress");
  });

  it("flags a section whose breakdown does not add up", () => {
    const values = {
      "ehcp.total": 100,
      "ehcp.age.under_5": 10,
      "ehcp.age.5_10": 10,
      "ehcp.age.11_15": 10,
      "ehcp.age.16_19": 10,
      "ehcp.age.20_25": 10,
    };
    expect(progress(values)["ehcp-breakdowns"]).toBe("has_errors");
  });
});

describe("unexplainedWarnings", () => {
  it("keeps warnings with no explanation or only spaces", () => {
    const warnings = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(unexplainedWarnings(warnings, { a: "Two new special schools opened", b: "   " })).toEqual([{ id: "b" }, { id: "c" }]);
  });
});
