import { describe, expect, it } from "vitest";
import {
  LATEST_QUESTION_SET_VERSION,
  QUESTION_SETS,
  QUESTION_SET_V1,
  defineQuestionSet,
  findField,
  getQuestionSet,
  type FieldInput,
  type SectionInput,
} from "~/domain/question-set";

// Every key of domain spec §3.1–§3.4, written out rather than generated so a typo in the code shows.
const SPEC_KEYS = [
  "population_0_25",
  "ehcp.total",
  "ehcp.age.under_5",
  "ehcp.age.5_10",
  "ehcp.age.11_15",
  "ehcp.age.16_19",
  "ehcp.age.20_25",
  "ehcp.need.ASD",
  "ehcp.need.SLCN",
  "ehcp.need.SEMH",
  "ehcp.need.MLD",
  "ehcp.need.SLD",
  "ehcp.need.PMLD",
  "ehcp.need.SPLD",
  "ehcp.need.PD",
  "ehcp.need.HI",
  "ehcp.need.VI",
  "ehcp.need.MSI",
  "ehcp.need.OTH",
  "ehcp.setting.early_years",
  "ehcp.setting.mainstream",
  "ehcp.setting.resourced",
  "ehcp.setting.special",
  "ehcp.setting.independent",
  "ehcp.setting.ap",
  "ehcp.setting.post16",
  "ehcp.setting.other",
  "transport.mainstream.children",
  "transport.mainstream.spend",
  "transport.mainstream.routes",
  "transport.mainstream.passenger_assistants",
  "transport.send_mainstream.children",
  "transport.send_mainstream.spend",
  "transport.send_mainstream.routes",
  "transport.send_mainstream.passenger_assistants",
  "transport.special.children",
  "transport.special.spend",
  "transport.special.routes",
  "transport.special.passenger_assistants",
  "transport.independent_special.children",
  "transport.independent_special.spend",
  "transport.independent_special.routes",
  "transport.independent_special.passenger_assistants",
  "transport.alternative_provision.children",
  "transport.alternative_provision.spend",
  "transport.alternative_provision.routes",
  "transport.alternative_provision.passenger_assistants",
  "transport.post16.children",
  "transport.post16.spend",
  "transport.post16.routes",
  "transport.post16.passenger_assistants",
  "transport.post19.children",
  "transport.post19.spend",
  "transport.post19.routes",
  "transport.post19.passenger_assistants",
  "mode.taxi",
  "mode.minibus",
  "mode.in_house_fleet",
  "mode.public_transport",
  "mode.ptb",
  "mode.single_occupancy",
  "itt.completed",
  "income.parental_contributions",
  "income.health_contributions",
  "hnb.allocation",
  "hnb.outturn",
  "dsg.cumulative_deficit",
  "policy.statutory_minimum_only",
  "policy.post16_charge",
  "policy.post16_charge_amount",
  "policy.one_school_one_operator",
  "policy.route_bundling",
  "policy.route_planning_software",
  "policy.personal_transport_budgets",
  "policy.pickup_points",
  "policy.minibuses_to_schools",
  "policy.suspension_transport",
];

const REQUIRED_KEYS = [
  "population_0_25",
  "ehcp.total",
  "transport.send_mainstream.children",
  "transport.send_mainstream.spend",
  "transport.special.children",
  "transport.special.spend",
  "transport.independent_special.children",
  "transport.independent_special.spend",
  "transport.post16.children",
  "transport.post16.spend",
  "transport.post19.children",
  "transport.post19.spend",
];

const MONEY_KEYS = [
  "transport.mainstream.spend",
  "transport.send_mainstream.spend",
  "transport.special.spend",
  "transport.independent_special.spend",
  "transport.alternative_provision.spend",
  "transport.post16.spend",
  "transport.post19.spend",
  "income.parental_contributions",
  "income.health_contributions",
  "hnb.allocation",
  "hnb.outturn",
  "dsg.cumulative_deficit",
  "policy.post16_charge_amount",
];

const keysOf = (fields: readonly { key: string }[]) => fields.map((field) => field.key);

describe("question set v1", () => {
  it("has every key of the spec, and no others", () => {
    expect(SPEC_KEYS).toHaveLength(77);
    expect([...keysOf(QUESTION_SET_V1.fields)].sort()).toEqual([...SPEC_KEYS].sort());
  });

  it("requires exactly the population, the EHCP total, and children and spend of every SEND cohort", () => {
    expect(keysOf(QUESTION_SET_V1.fields.filter((field) => field.required)).sort()).toEqual([...REQUIRED_KEYS].sort());
  });

  it("types money, yes/no and count fields", () => {
    const kindOf = (key: string) => findField(QUESTION_SET_V1, key)?.kind;
    for (const key of MONEY_KEYS) expect(kindOf(key), key).toBe("money");
    const booleans = SPEC_KEYS.filter((key) => key.startsWith("policy.") && key !== "policy.post16_charge_amount");
    expect(booleans).toHaveLength(9);
    for (const key of booleans) expect(kindOf(key), key).toBe("boolean");
    const counts = SPEC_KEYS.filter((key) => !MONEY_KEYS.includes(key) && !booleans.includes(key));
    for (const key of counts) expect(kindOf(key), key).toBe("count");
  });

  it("allows a negative only for the cumulative DSG deficit (a surplus)", () => {
    expect(keysOf(QUESTION_SET_V1.fields.filter((field) => field.allowNegative))).toEqual(["dsg.cumulative_deficit"]);
  });

  it("labels every field in sentence case with a unit, and hints the ambiguous ones", () => {
    for (const field of QUESTION_SET_V1.fields) {
      expect(field.label, field.key).toMatch(/^[A-Z]/);
      expect(field.label, field.key).not.toMatch(/\.$/);
      expect(field.unit, field.key).not.toBe("");
    }
    expect(findField(QUESTION_SET_V1, "transport.special.spend")?.label).toBe("Spend on special school transport");
    expect(findField(QUESTION_SET_V1, "transport.special.children")?.label).toBe("Children given transport to special schools");
    expect(findField(QUESTION_SET_V1, "transport.special.spend")?.hint).toContain("Gross outturn");
    expect(findField(QUESTION_SET_V1, "ehcp.total")?.hint).toContain("January census");
    expect(findField(QUESTION_SET_V1, "population_0_25")?.hint).toContain("mid-year estimate");
    expect(findField(QUESTION_SET_V1, "dsg.cumulative_deficit")?.hint).toContain("surplus as a negative number");
    expect(findField(QUESTION_SET_V1, "mode.single_occupancy")?.hint).toContain("not an extra way of travelling");
  });

  it("lists the fields flat in section order, each knowing its section", () => {
    expect(keysOf(QUESTION_SET_V1.fields)).toEqual(QUESTION_SET_V1.sections.flatMap((section) => keysOf(section.fields)));
    for (const section of QUESTION_SET_V1.sections) {
      for (const field of section.fields) expect(field.sectionId).toBe(section.id);
    }
  });

  it("has url-safe, unique section ids and forms of at most 30 fields", () => {
    expect(QUESTION_SET_V1.sections.map((section) => [section.id, section.title])).toEqual([
      ["context", "Population and EHCPs"],
      ["ehcp-breakdowns", "EHCPs by age, need and placement"],
      ["transport-send", "Transport for children and young people with SEND"],
      ["transport-other", "Transport for other children"],
      ["travel-modes", "How children with SEND travel"],
      ["income", "Transport income"],
      ["high-needs", "High needs funding"],
      ["policies", "Transport policies"],
    ]);
    for (const section of QUESTION_SET_V1.sections) {
      expect(section.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(section.fields.length).toBeGreaterThan(0);
      expect(section.fields.length).toBeLessThanOrEqual(30);
    }
  });

  it("checks the three EHCP breakdowns against the total", () => {
    expect(QUESTION_SET_V1.breakdowns).toEqual([
      {
        id: "ehcp-age",
        totalKey: "ehcp.total",
        partKeys: ["ehcp.age.under_5", "ehcp.age.5_10", "ehcp.age.11_15", "ehcp.age.16_19", "ehcp.age.20_25"],
        label: "EHCPs by age band",
      },
      {
        id: "ehcp-need",
        totalKey: "ehcp.total",
        partKeys: SPEC_KEYS.filter((key) => key.startsWith("ehcp.need.")),
        label: "EHCPs by primary need",
      },
      {
        id: "ehcp-setting",
        totalKey: "ehcp.total",
        partKeys: SPEC_KEYS.filter((key) => key.startsWith("ehcp.setting.")),
        label: "EHCPs by placement",
      },
    ]);
  });

  it("cannot be changed in place", () => {
    expect(Object.isFrozen(QUESTION_SET_V1.fields)).toBe(true);
    expect(Object.isFrozen(QUESTION_SET_V1.fields[0])).toBe(true);
    expect(Object.isFrozen(QUESTION_SET_V1.sections[0]?.fields)).toBe(true);
  });
});

describe("getQuestionSet and findField", () => {
  it("returns a known version and names the versions it knows when asked for another", () => {
    expect(getQuestionSet(1)).toBe(QUESTION_SET_V1);
    expect(QUESTION_SETS[LATEST_QUESTION_SET_VERSION]).toBeDefined();
    expect(() => getQuestionSet(99)).toThrow("There is no question set version 99; the known versions are 1");
  });

  it("finds a field by key, or nothing", () => {
    expect(findField(QUESTION_SET_V1, "ehcp.need.SPLD")?.sectionId).toBe("ehcp-breakdowns");
    expect(findField(QUESTION_SET_V1, "ehcp.need.DS")).toBeUndefined();
  });
});

describe("defineQuestionSet", () => {
  it("derives a later version from v1 without changing v1", () => {
    const downSyndrome: FieldInput = {
      key: "ehcp.need.DS",
      label: "EHCPs for Down syndrome (DS)",
      unit: "EHCPs",
      kind: "count",
      required: false,
      disclosure: "public_linkable",
    };
    const v2 = defineQuestionSet({
      version: 2,
      sections: QUESTION_SET_V1.sections.map((section): SectionInput =>
        section.id === "ehcp-breakdowns" ? { ...section, fields: [...section.fields, downSyndrome] } : section,
      ),
      breakdowns: QUESTION_SET_V1.breakdowns.map((rule) =>
        rule.id === "ehcp-need" ? { ...rule, partKeys: [...rule.partKeys, "ehcp.need.DS"] } : rule,
      ),
    });
    expect(v2.fields).toHaveLength(78);
    expect(findField(v2, "ehcp.need.DS")?.sectionId).toBe("ehcp-breakdowns");
    expect(v2.breakdowns[1]?.partKeys).toContain("ehcp.need.DS");
    expect(QUESTION_SET_V1.fields).toHaveLength(77);
    expect(QUESTION_SET_V1.breakdowns[1]?.partKeys).not.toContain("ehcp.need.DS");
  });

  const count = (key: string): FieldInput => ({
    key,
    label: "Thing",
    unit: "things",
    kind: "count",
    required: false,
    disclosure: "public_linkable",
  });

  it("refuses a key used twice", () => {
    expect(() =>
      defineQuestionSet({ version: 9, sections: [{ id: "a", title: "A", fields: [count("x"), count("x")] }], breakdowns: [] }),
    ).toThrow('field key "x" is used twice');
  });

  it("refuses a key that is also the parent of another, because form names nest on dots", () => {
    expect(() =>
      defineQuestionSet({ version: 9, sections: [{ id: "a", title: "A", fields: [count("ehcp"), count("ehcp.total")] }], breakdowns: [] }),
    ).toThrow('field key "ehcp" is also the parent of "ehcp.total"');
  });

  it("refuses a section id that is not a slug, or used twice", () => {
    const sections = [
      { id: "High needs", title: "A", fields: [count("x")] },
      { id: "b", title: "B", fields: [count("y")] },
      { id: "b", title: "C", fields: [count("z")] },
    ];
    expect(() => defineQuestionSet({ version: 9, sections, breakdowns: [] })).toThrow(
      'Question set v9 is inconsistent:\n- section id "High needs" is not a url-safe slug\n- section id "b" is used twice',
    );
  });

  it("refuses a breakdown over a field that does not exist or is not a number", () => {
    const policy: FieldInput = { key: "p", label: "Policy", unit: "yes/no", kind: "boolean", required: false, disclosure: "policy" };
    expect(() =>
      defineQuestionSet({
        version: 9,
        sections: [{ id: "a", title: "A", fields: [count("total"), policy] }],
        breakdowns: [{ id: "b", totalKey: "total", partKeys: ["p", "missing"], label: "B" }],
      }),
    ).toThrow(
      'Question set v9 is inconsistent:\n- breakdown "b" uses "p", which is not a numeric field\n- breakdown "b" uses "missing", which is not a numeric field',
    );
  });
});
