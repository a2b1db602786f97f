/**
 * The return's sections as forms (app/domain/return-form.ts, and the answers the form shows): headings
 * per cohort and per breakdown, running totals worked by hand, the order "Save and continue" follows,
 * amounts kept only after a "yes", and money in thousands.
 */
import { describe, expect, it } from "vitest";
import { formAnswer } from "../../app/components/return-field";
import { QUESTION_SET_V1, findField } from "../../app/domain/question-set";
import {
  breakdownTotal,
  cohortUnitCosts,
  describeBreakdownTotal,
  nextSectionId,
  revealedFields,
  sectionFieldGroups,
  withoutUnrevealedAnswers,
} from "../../app/domain/return-form";

const section = (id: string) => QUESTION_SET_V1.sections.find((candidate) => candidate.id === id)!;
const ages = QUESTION_SET_V1.breakdowns.find((breakdown) => breakdown.id === "ehcp-age")!;

describe("sectionFieldGroups", () => {
  it("gives each SEND cohort its own heading over its four questions", () => {
    const groups = sectionFieldGroups(QUESTION_SET_V1, section("transport-send"));
    expect(groups.map((group) => group.title)).toEqual([
      "Transport for children with SEND in mainstream schools",
      "Special school transport",
      "Independent special school transport",
      "Post-16 transport",
      "Post-19 transport",
    ]);
    expect(groups[1]!.fields.map((field) => field.key)).toEqual([
      "transport.special.children",
      "transport.special.spend",
      "transport.special.routes",
      "transport.special.passenger_assistants",
    ]);
  });

  it("gives each EHCP breakdown its own heading, with the breakdown for its running total", () => {
    const groups = sectionFieldGroups(QUESTION_SET_V1, section("ehcp-breakdowns"));
    expect(groups.map((group) => [group.title, group.fields.length, group.breakdown?.id])).toEqual([
      ["EHCPs by age band", 5, "ehcp-age"],
      ["EHCPs by primary need", 12, "ehcp-need"],
      ["EHCPs by placement", 8, "ehcp-setting"],
    ]);
  });

  it("leaves questions that stand alone under no heading", () => {
    const groups = sectionFieldGroups(QUESTION_SET_V1, section("context"));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.title).toBeNull();
    expect(groups[0]!.fields.map((field) => field.key)).toEqual(["population_0_25", "ehcp.total"]);
  });
});

describe("running totals of a breakdown", () => {
  it("adds the parts given so far, blanks unknown rather than zero", () => {
    const standing = breakdownTotal(ages, { "ehcp.total": 4_000, "ehcp.age.under_5": 200, "ehcp.age.5_10": 1_400, "ehcp.age.11_15": null });
    expect(standing).toEqual({ sum: 1_600, provided: 2, parts: 5, total: 4_000 });
  });

  it("says how far the parts are from the total, in words with thousands separators", () => {
    // 200 + 1,400 + 1,300 + 800 + 200 = 3,900 of 4,000: 100 to go.
    const values = { "ehcp.total": 4_000, "ehcp.age.under_5": 200, "ehcp.age.5_10": 1_400, "ehcp.age.11_15": 1_300, "ehcp.age.16_19": 800 };
    const describe = (extra: Record<string, number | null>) =>
      describeBreakdownTotal(QUESTION_SET_V1, ages, breakdownTotal(ages, { ...values, ...extra }));
    expect(describe({ "ehcp.age.20_25": 200 })).toBe("Total so far: 3,900 of 4,000 (100 to go).");
    expect(describe({ "ehcp.age.20_25": 300 })).toBe("Adds up to 4,000, your number of EHCPs maintained.");
    expect(describe({ "ehcp.age.20_25": 500 })).toBe(
      "Total so far: 4,200, which is 200 more than your number of EHCPs maintained (4,000).",
    );
    expect(describe({ "ehcp.total": null })).toBe("Total so far: 3,700. Give your number of EHCPs maintained to check it against.");
  });
});

describe("save and continue", () => {
  it("goes through the eight sections in order, and after the last to checking the answers", () => {
    const order = [QUESTION_SET_V1.sections[0]!.id];
    for (let next = nextSectionId(QUESTION_SET_V1, order[0]!); next !== null; next = nextSectionId(QUESTION_SET_V1, next)) order.push(next);
    expect(order).toEqual([
      "context",
      "ehcp-breakdowns",
      "transport-send",
      "transport-other",
      "travel-modes",
      "income",
      "high-needs",
      "policies",
    ]);
    expect(nextSectionId(QUESTION_SET_V1, "policies")).toBeNull();
  });
});

describe("a charge's amount follows its yes", () => {
  it("is asked under the post-16 charge question", () => {
    expect([...revealedFields(section("policies")).entries()].map(([key, fields]) => [key, fields.map((f) => f.key)])).toEqual([
      ["policy.post16_charge", ["policy.post16_charge_amount"]],
    ]);
  });

  it("is kept with yes, and cleared with no or no answer (a policy may be left unanswered)", () => {
    const amount = { "policy.post16_charge_amount": 600 };
    expect(withoutUnrevealedAnswers(QUESTION_SET_V1, { "policy.post16_charge": true, ...amount })).toEqual({
      "policy.post16_charge": true,
      "policy.post16_charge_amount": 600,
    });
    expect(withoutUnrevealedAnswers(QUESTION_SET_V1, { "policy.post16_charge": false, ...amount })).toEqual({
      "policy.post16_charge": false,
      "policy.post16_charge_amount": null,
    });
    expect(withoutUnrevealedAnswers(QUESTION_SET_V1, { "policy.post16_charge": null, ...amount })).toEqual({
      "policy.post16_charge": null,
      "policy.post16_charge_amount": null,
    });
    // The yes may already be saved when only the amount is sent.
    expect(withoutUnrevealedAnswers(QUESTION_SET_V1, amount, { "policy.post16_charge": true })).toEqual(amount);
  });
});

describe("what the form shows", () => {
  it("writes money with thousands separators, counts as typed, yes/no as the radios' values, blank as blank", () => {
    expect(formAnswer(findField(QUESTION_SET_V1, "transport.special.spend")!, 3_000_000)).toBe("3,000,000");
    expect(formAnswer(findField(QUESTION_SET_V1, "population_0_25")!, 210_000)).toBe("210000");
    expect(formAnswer(findField(QUESTION_SET_V1, "policy.route_bundling")!, true)).toBe("yes");
    expect(formAnswer(findField(QUESTION_SET_V1, "policy.route_bundling")!, null)).toBe("");
  });

  it("works out the unit cost a cohort's answers imply, where both are given", () => {
    // £2,000,000 for 200 children is £10,000 a child; post-19 has spend but no children, so none.
    expect(
      cohortUnitCosts({
        "transport.special.children": 200,
        "transport.special.spend": 2_000_000,
        "transport.post19.spend": 90_000,
      }),
    ).toEqual({ special: 10_000 });
  });
});
