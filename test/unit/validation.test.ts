import { describe, expect, it } from "vitest";
import { QUESTION_SET_V1 } from "~/domain/question-set";
import { networkLimits, validateReturn, validateValues, type ValidationContext } from "~/domain/validation";
import type { FieldValue, ReturnValues } from "~/domain/values";

const qs = QUESTION_SET_V1;
const DRAFT: ValidationContext = { forSubmission: false };
const SUBMISSION: ValidationContext = { forSubmission: true };

/** A complete, consistent return: every check below starts from it and changes one thing. */
const COMPLETE: ReturnValues = {
  population_0_25: 150_000,
  "ehcp.total": 1000,
  // 50 + 300 + 350 + 200 + 100 = 1,000
  "ehcp.age.under_5": 50,
  "ehcp.age.5_10": 300,
  "ehcp.age.11_15": 350,
  "ehcp.age.16_19": 200,
  "ehcp.age.20_25": 100,
  // 300 + 150 + 150 + 100 + 50 + 20 + 30 + 40 + 20 + 10 + 5 + 125 = 1,000
  "ehcp.need.ASD": 300,
  "ehcp.need.SLCN": 150,
  "ehcp.need.SEMH": 150,
  "ehcp.need.MLD": 100,
  "ehcp.need.SLD": 50,
  "ehcp.need.PMLD": 20,
  "ehcp.need.SPLD": 30,
  "ehcp.need.PD": 40,
  "ehcp.need.HI": 20,
  "ehcp.need.VI": 10,
  "ehcp.need.MSI": 5,
  "ehcp.need.OTH": 125,
  // 30 + 400 + 70 + 300 + 60 + 20 + 100 + 20 = 1,000
  "ehcp.setting.early_years": 30,
  "ehcp.setting.mainstream": 400,
  "ehcp.setting.resourced": 70,
  "ehcp.setting.special": 300,
  "ehcp.setting.independent": 60,
  "ehcp.setting.ap": 20,
  "ehcp.setting.post16": 100,
  "ehcp.setting.other": 20,
  // Unit costs: £1,000, £6,000, £15,000, £40,000, £10,000, £6,000, £10,000 — all inside £100 to £60,000.
  "transport.mainstream.children": 1000,
  "transport.mainstream.spend": 1_000_000,
  "transport.send_mainstream.children": 400,
  "transport.send_mainstream.spend": 2_400_000,
  "transport.special.children": 500,
  "transport.special.spend": 7_500_000,
  "transport.special.routes": 120,
  "transport.special.passenger_assistants": 90,
  "transport.independent_special.children": 50,
  "transport.independent_special.spend": 2_000_000,
  "transport.alternative_provision.children": 30,
  "transport.alternative_provision.spend": 300_000,
  "transport.post16.children": 200,
  "transport.post16.spend": 1_200_000,
  "transport.post19.children": 40,
  "transport.post19.spend": 400_000,
  // 500 + 400 + 100 + 50 + 140 = 1,190, the SEND children above (400 + 500 + 50 + 200 + 40).
  "mode.taxi": 500,
  "mode.minibus": 400,
  "mode.in_house_fleet": 100,
  "mode.public_transport": 50,
  "mode.ptb": 140,
  "mode.single_occupancy": 200,
  "itt.completed": 25,
  "income.parental_contributions": 50_000,
  "income.health_contributions": 20_000,
  "hnb.allocation": 60_000_000,
  "hnb.outturn": 65_000_000,
  "dsg.cumulative_deficit": 12_000_000,
  "policy.statutory_minimum_only": false,
  "policy.post16_charge": true,
  "policy.post16_charge_amount": 700,
  "policy.one_school_one_operator": false,
  "policy.route_bundling": true,
  "policy.route_planning_software": true,
  "policy.personal_transport_budgets": true,
  "policy.pickup_points": false,
  "policy.minibuses_to_schools": false,
  "policy.suspension_transport": true,
};

const withValues = (changes: Record<string, FieldValue | undefined>): ReturnValues => ({ ...COMPLETE, ...changes });

describe("validateReturn: a complete, consistent return", () => {
  it("has no errors and no warnings, even for submission", () => {
    expect(validateReturn(qs, COMPLETE, SUBMISSION)).toEqual({ errors: [], warnings: [] });
  });

  it("has none when compared with itself as the previous round", () => {
    expect(validateReturn(qs, COMPLETE, { forSubmission: true, previous: COMPLETE })).toEqual({ errors: [], warnings: [] });
  });
});

describe("validateReturn: required fields", () => {
  it("needs nothing in a draft", () => {
    expect(validateReturn(qs, {}, DRAFT)).toEqual({ errors: [], warnings: [] });
  });

  it("names every required field left blank at submission, in form order", () => {
    expect(validateReturn(qs, {}, SUBMISSION).errors).toEqual([
      { key: "population_0_25", code: "required", message: "Enter the population aged 0 to 25 before you submit" },
      { key: "ehcp.total", code: "required", message: "Enter the number of EHCPs maintained before you submit" },
      {
        key: "transport.send_mainstream.children",
        code: "required",
        message: "Enter the number of children with SEND given transport to mainstream schools before you submit",
      },
      {
        key: "transport.send_mainstream.spend",
        code: "required",
        message: "Enter the spend on transport for children with SEND in mainstream schools before you submit",
      },
      {
        key: "transport.special.children",
        code: "required",
        message: "Enter the number of children given transport to special schools before you submit",
      },
      { key: "transport.special.spend", code: "required", message: "Enter the spend on special school transport before you submit" },
      {
        key: "transport.independent_special.children",
        code: "required",
        message: "Enter the number of children given transport to independent special schools before you submit",
      },
      {
        key: "transport.independent_special.spend",
        code: "required",
        message: "Enter the spend on independent special school transport before you submit",
      },
      {
        key: "transport.post16.children",
        code: "required",
        message: "Enter the number of young people aged 16 to 18 given post-16 transport before you submit",
      },
      { key: "transport.post16.spend", code: "required", message: "Enter the spend on post-16 transport before you submit" },
      {
        key: "transport.post19.children",
        code: "required",
        message: "Enter the number of young people aged 19 to 25 given post-19 transport before you submit",
      },
      { key: "transport.post19.spend", code: "required", message: "Enter the spend on post-19 transport before you submit" },
    ]);
  });

  it("treats null as blank and 0 as given", () => {
    const result = validateReturn(
      qs,
      withValues({ population_0_25: null, "transport.post19.children": 0, "transport.post19.spend": 0 }),
      SUBMISSION,
    );
    expect(result.errors).toEqual([
      { key: "population_0_25", code: "required", message: "Enter the population aged 0 to 25 before you submit" },
    ]);
  });

  it("does not need optional fields", () => {
    const result = validateReturn(
      qs,
      withValues({ "transport.mainstream.children": undefined, "transport.mainstream.spend": undefined, "hnb.outturn": null }),
      SUBMISSION,
    );
    expect(result.errors).toEqual([]);
  });
});

describe("validateReturn: breakdowns against the EHCP total", () => {
  it("refuses an age breakdown that adds up to less than the total", () => {
    // 40 + 300 + 350 + 200 + 100 = 990
    expect(validateReturn(qs, withValues({ "ehcp.age.under_5": 40 }), DRAFT).errors).toEqual([
      {
        key: "ehcp.age.under_5",
        code: "breakdown_sum",
        message: "EHCPs by age band add up to 990, but the number of EHCPs maintained is 1,000 — correct the breakdown or the total",
      },
    ]);
  });

  it("refuses a need breakdown that adds up to more than the total", () => {
    // 875 without OTH, + 1,125 = 2,000
    expect(validateReturn(qs, withValues({ "ehcp.need.OTH": 1125 }), DRAFT).errors).toEqual([
      {
        key: "ehcp.need.ASD",
        code: "breakdown_sum",
        message: "EHCPs by primary need add up to 2,000, but the number of EHCPs maintained is 1,000 — correct the breakdown or the total",
      },
    ]);
  });

  it("refuses a placement breakdown that is out, and every breakdown when the total is", () => {
    // 980 without other, + 30 = 1,010
    expect(validateReturn(qs, withValues({ "ehcp.setting.other": 30 }), DRAFT).errors.map((e) => e.message)).toEqual([
      "EHCPs by placement add up to 1,010, but the number of EHCPs maintained is 1,000 — correct the breakdown or the total",
    ]);
    expect(validateReturn(qs, withValues({ "ehcp.total": 1001 }), DRAFT).errors.map((e) => e.key)).toEqual([
      "ehcp.age.under_5",
      "ehcp.need.ASD",
      "ehcp.setting.early_years",
    ]);
  });

  it("does not check a breakdown with a part blank, because blank is not zero", () => {
    expect(validateReturn(qs, withValues({ "ehcp.setting.other": null, "ehcp.age.20_25": undefined }), DRAFT).errors).toEqual([]);
  });

  it("does not check breakdowns while the total is blank", () => {
    expect(validateReturn(qs, withValues({ "ehcp.total": null }), DRAFT).errors).toEqual([]);
  });

  it("accepts a breakdown with zeros that adds up", () => {
    // 0 + 350 + 350 + 200 + 100 = 1,000
    expect(validateReturn(qs, withValues({ "ehcp.age.under_5": 0, "ehcp.age.5_10": 350 }), DRAFT).errors).toEqual([]);
  });
});

describe("validateReturn: single occupancy", () => {
  it("refuses more children travelling alone than across all five modes", () => {
    expect(validateReturn(qs, withValues({ "mode.single_occupancy": 1191 }), DRAFT).errors).toEqual([
      {
        key: "mode.single_occupancy",
        code: "single_occupancy_exceeds_modes",
        message:
          "Children with SEND travelling alone in a vehicle (1,191) must not be more than the children counted across all ways of travelling (1,190)",
      },
    ]);
  });

  it("accepts single occupancy equal to the sum of modes", () => {
    expect(validateReturn(qs, withValues({ "mode.single_occupancy": 1190 }), DRAFT).errors).toEqual([]);
  });

  it("compares with the modes provided when some are blank", () => {
    const partly = withValues({ "mode.in_house_fleet": null, "mode.public_transport": null, "mode.ptb": undefined });
    // 500 taxi + 400 minibus = 900
    expect(validateReturn(qs, { ...partly, "mode.single_occupancy": 900 }, DRAFT).errors).toEqual([]);
    expect(validateReturn(qs, { ...partly, "mode.single_occupancy": 901 }, DRAFT).errors.map((e) => e.message)).toEqual([
      "Children with SEND travelling alone in a vehicle (901) must not be more than the children counted across all ways of travelling (900)",
    ]);
  });

  it("does not check single occupancy when no mode is given", () => {
    const noModes = withValues({
      "mode.taxi": null,
      "mode.minibus": null,
      "mode.in_house_fleet": null,
      "mode.public_transport": null,
      "mode.ptb": null,
    });
    expect(validateReturn(qs, noModes, DRAFT).errors).toEqual([]);
  });
});

describe("validateReturn: stored values out of rule", () => {
  it("reports them with the same messages as a form", () => {
    const result = validateReturn(
      qs,
      withValues({ "transport.special.spend": -5, "policy.route_bundling": "perhaps", "itt.completed": 2.5 }),
      DRAFT,
    );
    expect(result.errors).toEqual([
      { key: "transport.special.spend", code: "invalid", message: "Spend on special school transport must be 0 or more" },
      {
        key: "itt.completed",
        code: "invalid",
        message: "Young people who completed independent travel training must be a whole number, like 120",
      },
      { key: "policy.route_bundling", code: "invalid", message: "Route bundling must be yes or no" },
    ]);
  });
});

describe("validateReturn: unit cost outside £100 to £60,000", () => {
  it("warns above the range", () => {
    // £36,000,000 / 500 = £72,000 a child
    expect(validateReturn(qs, withValues({ "transport.special.spend": 36_000_000 }), DRAFT).warnings).toEqual([
      {
        id: "unit_cost_range:special",
        key: "transport.special.spend",
        code: "unit_cost_range",
        message:
          "Unit cost of special school transport is £72,000 a child, above the usual range of £100 to £60,000 — check spend and children, or explain",
      },
    ]);
  });

  it("warns below the range, for a cohort without SEND too", () => {
    // £50,000 / 1,000 = £50 a child
    expect(validateReturn(qs, withValues({ "transport.mainstream.spend": 50_000 }), DRAFT).warnings).toEqual([
      {
        id: "unit_cost_range:mainstream",
        key: "transport.mainstream.spend",
        code: "unit_cost_range",
        message:
          "Unit cost of transport for children without SEND is £50 a child, below the usual range of £100 to £60,000 — check spend and children, or explain",
      },
    ]);
  });

  it("does not warn at the limits themselves", () => {
    // £4,000 / 40 = £100; £30,000,000 / 500 = £60,000
    expect(
      validateReturn(qs, withValues({ "transport.post19.spend": 4000, "transport.special.spend": 30_000_000 }), DRAFT).warnings,
    ).toEqual([]);
  });

  it("rounds the unit cost shown away from the limit it breaks", () => {
    // £3,999 / 40 = £99.975, shown as £99; £2,400,001 / 40 = £60,000.025, shown as £60,001
    const below = validateReturn(qs, withValues({ "transport.post19.spend": 3999 }), DRAFT).warnings;
    expect(below.map((w) => w.message)).toEqual([
      "Unit cost of post-19 transport is £99 a child, below the usual range of £100 to £60,000 — check spend and children, or explain",
    ]);
    const above = validateReturn(qs, withValues({ "transport.post19.spend": 2_400_001 }), DRAFT).warnings;
    expect(above.map((w) => w.message)).toEqual([
      "Unit cost of post-19 transport is £60,001 a child, above the usual range of £100 to £60,000 — check spend and children, or explain",
    ]);
  });
});

describe("validateReturn: spend without children, children without spend", () => {
  it("warns of spend with no children, on the children", () => {
    expect(validateReturn(qs, withValues({ "transport.special.children": 0 }), DRAFT).warnings).toEqual([
      {
        id: "spend_children_mismatch:special",
        key: "transport.special.children",
        code: "spend_children_mismatch",
        message:
          "Spend on special school transport is £7,500,000 but children given transport to special schools is 0 — check both, or explain",
      },
    ]);
  });

  it("warns of children with no spend, on the spend, and not also of a £0 unit cost", () => {
    expect(validateReturn(qs, withValues({ "transport.special.spend": 0 }), DRAFT).warnings).toEqual([
      {
        id: "spend_children_mismatch:special",
        key: "transport.special.spend",
        code: "spend_children_mismatch",
        message: "Children given transport to special schools is 500 but spend on special school transport is £0 — check both, or explain",
      },
    ]);
  });

  it("accepts no spend and no children", () => {
    expect(validateReturn(qs, withValues({ "transport.post19.children": 0, "transport.post19.spend": 0 }), DRAFT).warnings).toEqual([]);
  });

  it("does not guess when one of the two is blank", () => {
    expect(validateReturn(qs, withValues({ "transport.post19.children": null, "transport.post19.spend": 0 }), DRAFT).warnings).toEqual([]);
  });
});

describe("validateReturn: change of more than 50% against the previous round", () => {
  const changeWarnings = (previous: ReturnValues, changes: Record<string, FieldValue | undefined> = {}) =>
    validateReturn(qs, withValues(changes), { forSubmission: false, previous }).warnings;

  it("warns of a rise", () => {
    // (1,000 − 600) / 600 = 66.7%
    expect(changeWarnings({ "ehcp.total": 600 })).toEqual([
      {
        id: "change:ehcp.total",
        key: "ehcp.total",
        code: "change",
        message: "Number of EHCPs maintained went up by 66.7% since the previous round, from 600 to 1,000 — check, or explain",
      },
    ]);
  });

  it("warns of a fall", () => {
    // (2,500 − 1,000) / 2,500 = 60.0%
    expect(changeWarnings({ "ehcp.total": 2500 }).map((w) => w.message)).toEqual([
      "Number of EHCPs maintained went down by 60.0% since the previous round, from 2,500 to 1,000 — check, or explain",
    ]);
  });

  it("does not warn of exactly 50%, up or down", () => {
    // £5,000,000 → £7,500,000 is +50%; £15,000,000 → £7,500,000 is −50%
    expect(changeWarnings({ "transport.special.spend": 5_000_000 })).toEqual([]);
    expect(changeWarnings({ "transport.special.spend": 15_000_000 })).toEqual([]);
  });

  it("warns just past 50%, up and down, with money in pounds", () => {
    // (7,500,000 − 4,999,999) / 4,999,999 = 50.00001%; (15,000,002 − 7,500,000) / 15,000,002 = 50.0000033%
    expect(changeWarnings({ "transport.special.spend": 4_999_999 }).map((w) => w.message)).toEqual([
      "Spend on special school transport went up by 50.0% since the previous round, from £4,999,999 to £7,500,000 — check, or explain",
    ]);
    expect(changeWarnings({ "transport.special.spend": 15_000_002 }).map((w) => w.message)).toEqual([
      "Spend on special school transport went down by 50.0% since the previous round, from £15,000,002 to £7,500,000 — check, or explain",
    ]);
  });

  it("measures a deficit turning into a surplus against the size of the deficit", () => {
    // (−2,000,000 − 12,000,000) / 12,000,000 = −116.7%
    expect(
      changeWarnings({ "dsg.cumulative_deficit": 12_000_000 }, { "dsg.cumulative_deficit": -2_000_000 }).map((w) => w.message),
    ).toEqual(["Cumulative DSG deficit went down by 116.7% since the previous round, from £12,000,000 to -£2,000,000 — check, or explain"]);
  });

  it("does not warn from a previous value of 0 or none, or when the value is now blank", () => {
    expect(changeWarnings({ "itt.completed": 0 })).toEqual([]);
    expect(changeWarnings({ "itt.completed": null })).toEqual([]);
    expect(changeWarnings({ "itt.completed": 2 }, { "itt.completed": null })).toEqual([]);
  });

  it("does not compare yes/no answers", () => {
    expect(changeWarnings({ "policy.post16_charge": false })).toEqual([]);
  });

  it("warns once for each field that moved", () => {
    expect(changeWarnings({ "ehcp.total": 600, "mode.taxi": 200, population_0_25: 140_000 }).map((w) => w.id)).toEqual([
      "change:ehcp.total",
      "change:mode.taxi",
    ]);
  });
});

describe("validateReturn: unit cost outside the network's range", () => {
  // Sorted: 10,000 … 19,000 in steps of 1,000 (n = 10). R type 7: h = (n − 1)p.
  // Q1: h = 2.25 → 12,000 + 0.25 × 1,000 = 12,250. Q3: h = 6.75 → 16,000 + 0.75 × 1,000 = 16,750.
  // IQR = 4,500; 3 × IQR = 13,500; limits [12,250 − 13,500, 16,750 + 13,500] = [−1,250, 30,250].
  const TEN = [19_000, 10_000, 18_000, 11_000, 17_000, 12_000, 16_000, 13_000, 15_000, 14_000];
  // 20,000 … 29,000: Q1 = 22,250, Q3 = 26,750, limits [8,750, 40,250].
  const TEN_HIGHER = TEN.map((cost) => cost + 10_000);
  const against = (unitCosts: readonly number[], changes: Record<string, FieldValue | undefined>) =>
    validateReturn(qs, withValues(changes), { forSubmission: false, network: { unitCosts: { special: unitCosts } } }).warnings;

  it("works out the limits from the quartiles", () => {
    expect(networkLimits(TEN)).toEqual({ lower: -1250, upper: 30_250 });
    expect(networkLimits(TEN_HIGHER)).toEqual({ lower: 8750, upper: 40_250 });
  });

  it("warns of a unit cost above Q3 + 3 × IQR once there are 10 network values", () => {
    // £15,200,000 / 500 = £30,400
    expect(against(TEN, { "transport.special.spend": 15_200_000 })).toEqual([
      {
        id: "outlier:special",
        key: "transport.special.spend",
        code: "outlier",
        message:
          "Unit cost of special school transport is £30,400 a child, far above what other councils reported last round — check spend and children, or explain",
      },
    ]);
  });

  it("warns of a unit cost below Q1 − 3 × IQR", () => {
    // £4,000,000 / 500 = £8,000
    expect(against(TEN_HIGHER, { "transport.special.spend": 4_000_000 }).map((w) => w.message)).toEqual([
      "Unit cost of special school transport is £8,000 a child, far below what other councils reported last round — check spend and children, or explain",
    ]);
  });

  it("does not warn at the limit itself", () => {
    // £15,125,000 / 500 = £30,250
    expect(against(TEN, { "transport.special.spend": 15_125_000 })).toEqual([]);
  });

  it("does not judge against only 9 network values, or 9 and one that is not a number", () => {
    const nine = TEN.slice(0, 9);
    expect(networkLimits(nine)).toBeNull();
    expect(against(nine, { "transport.special.spend": 15_200_000 })).toEqual([]);
    expect(against([...nine, Number.NaN], { "transport.special.spend": 15_200_000 })).toEqual([]);
  });

  it("judges each cohort against its own network values only", () => {
    const result = validateReturn(qs, withValues({ "transport.post16.spend": 15_200_000 }), {
      forSubmission: false,
      network: { unitCosts: { special: TEN } },
    });
    // £15,200,000 / 200 = £76,000: outside the fixed range, but post-16 has no network values.
    expect(result.warnings.map((w) => w.id)).toEqual(["unit_cost_range:post16"]);
  });

  it("gives both warnings when a unit cost breaks both ranges", () => {
    // £36,000,000 / 500 = £72,000
    expect(against(TEN, { "transport.special.spend": 36_000_000 }).map((w) => w.id)).toEqual([
      "unit_cost_range:special",
      "outlier:special",
    ]);
  });
});

describe("validateValues", () => {
  it("parses the raw inputs asked for, with blanks and missing inputs as not provided", () => {
    const raw = { population_0_25: " 150,000 ", "ehcp.total": "lots", "policy.route_bundling": "Y", "hnb.outturn": "" };
    expect(validateValues(qs, raw, ["population_0_25", "ehcp.total", "policy.route_bundling", "hnb.outturn", "hnb.allocation"])).toEqual({
      values: { population_0_25: 150_000, "policy.route_bundling": true, "hnb.outturn": null, "hnb.allocation": null },
      errors: [{ key: "ehcp.total", code: "invalid", message: "Number of EHCPs maintained must be a whole number, like 120" }],
    });
  });

  it("parses every field of the question set by default", () => {
    const { values, errors } = validateValues(qs, { "transport.special.spend": "£7,500,000" });
    expect(errors).toEqual([]);
    expect(Object.keys(values)).toHaveLength(77);
    expect(values["transport.special.spend"]).toBe(7_500_000);
    expect(values["transport.special.children"]).toBeNull();
  });

  it("refuses a key that is not in the question set", () => {
    expect(() => validateValues(qs, {}, ["ehcp.need.DS"])).toThrow('"ehcp.need.DS" is not a field of question set version 1');
  });
});
