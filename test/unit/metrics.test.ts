import { describe, expect, test } from "vitest";
import { COHORTS, TRAVEL_MODES } from "~/domain/cohorts";
import {
  CHANGE_BASE_METRICS,
  METRIC_DEFINITIONS,
  METRIC_INPUT_KEYS,
  computeChangeMetrics,
  computeReturnMetrics,
  findMetric,
} from "~/domain/metrics";
import type { ReturnValues } from "~/domain/values";

const NO_PRICES = { roundIndex: null, baseIndex: null };

/**
 * A worked return. post19 gives spend but no children, independent_special gives children but no
 * passenger assistants, so both Σ rules have a cohort to leave out.
 */
const WORKED_RETURN: ReturnValues = {
  population_0_25: 200_000,
  "ehcp.total": 4_000,
  "ehcp.setting.special": 1_000,
  "ehcp.setting.independent": 400,

  "transport.mainstream.children": 3_000,
  "transport.mainstream.spend": 2_400_000,
  "transport.mainstream.routes": 100,

  "transport.send_mainstream.children": 500,
  "transport.send_mainstream.spend": 3_000_000,
  "transport.send_mainstream.routes": 50,
  "transport.send_mainstream.passenger_assistants": 20,

  "transport.special.children": 800,
  "transport.special.spend": 8_000_000,
  "transport.special.routes": 160,
  "transport.special.passenger_assistants": 100,

  "transport.independent_special.children": 200,
  "transport.independent_special.spend": 5_000_000,
  "transport.independent_special.routes": 40,

  "transport.alternative_provision.children": 100,
  "transport.alternative_provision.spend": 600_000,

  "transport.post16.children": 400,
  "transport.post16.spend": 2_000_000,
  "transport.post16.passenger_assistants": 10,

  "transport.post19.spend": 1_000_000,

  "mode.taxi": 700,
  "mode.minibus": 600,
  "mode.in_house_fleet": 200,
  "mode.public_transport": 100,
  "mode.ptb": 400,
  "mode.single_occupancy": 300,

  "income.parental_contributions": 150_000,

  "hnb.allocation": 50_000_000,
  "hnb.outturn": 55_000_000,
};

/** Every value worked by hand from WORKED_RETURN. */
const WORKED_METRICS: Record<string, number> = {
  // spend / children
  "unit_cost.mainstream": 800, // 2,400,000 / 3,000
  "unit_cost.send_mainstream": 6_000, // 3,000,000 / 500
  "unit_cost.special": 10_000, // 8,000,000 / 800
  "unit_cost.independent_special": 25_000, // 5,000,000 / 200
  "unit_cost.alternative_provision": 6_000, // 600,000 / 100
  "unit_cost.post16": 5_000, // 2,000,000 / 400
  // SEND cohorts with both: (3 + 8 + 5 + 2) million / (500 + 800 + 200 + 400); post19 left out
  "unit_cost.send": 18_000_000 / 1_900, // 9,473.68…
  // spend / routes, children / routes
  "cost_per_route.mainstream": 24_000,
  "cost_per_route.send_mainstream": 60_000,
  "cost_per_route.special": 50_000,
  "cost_per_route.independent_special": 125_000,
  "children_per_route.mainstream": 30,
  "children_per_route.send_mainstream": 10,
  "children_per_route.special": 5,
  "children_per_route.independent_special": 5,
  // SEND cohorts that give spend, post19 included: 3 + 8 + 5 + 2 + 1 million
  "spend.send": 19_000_000,
  // plus mainstream 2.4 million and alternative provision 0.6 million
  "spend.total": 22_000_000,
  // 19,000,000 − 150,000 parental − blank health (counts as 0 here only)
  "net_spend.send": 18_850_000,
  spend_per_ehcp: 4_750, // 19,000,000 / 4,000
  spend_per_1k_population: 110_000, // 22,000,000 / 200,000 × 1,000
  ehcp_rate_per_10k: 200, // 4,000 / 200,000 × 10,000
  "take_up.special": 80, // 800 / 1,000 × 100
  "take_up.independent_special": 50, // 200 / 400 × 100
  // modes sum to 2,000
  "mode_share.taxi": 35,
  "mode_share.minibus": 30,
  "mode_share.in_house_fleet": 10,
  "mode_share.public_transport": 5,
  "mode_share.ptb": 20,
  single_occupancy_share: 15, // 300 / 2,000 × 100
  // SEND cohorts with both: (20 + 100 + 10) / (500 + 800 + 400) × 100; independent_special left out
  "pa_per_100_children.send": (130 / 1_700) * 100, // 7.647…
  // spend / 22,000,000 × 100
  "spend_share.mainstream": (2.4 / 22) * 100, // 10.909…
  "spend_share.send_mainstream": (3 / 22) * 100,
  "spend_share.special": (8 / 22) * 100,
  "spend_share.independent_special": (5 / 22) * 100,
  "spend_share.alternative_provision": (0.6 / 22) * 100,
  "spend_share.post16": (2 / 22) * 100,
  "spend_share.post19": (1 / 22) * 100,
  hnb_outturn_ratio: 110, // 55 / 50 × 100
  "children.send": 1_900, // 500 + 800 + 200 + 400; post19 blank
  ehcps: 4_000,
};

function expectMetrics(actual: Record<string, number>, expected: Record<string, number>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    expect(actual[key], key).toBeCloseTo(value, 9);
  }
}

/** A deterministic pseudo-random generator (mulberry32), so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("computeReturnMetrics", () => {
  test("computes every metric of the worked return, and only those that are available", () => {
    expectMetrics(computeReturnMetrics(WORKED_RETURN, NO_PRICES), WORKED_METRICS);
  });

  test("shows the quoted values to the precision they are displayed at", () => {
    const metrics = computeReturnMetrics(WORKED_RETURN, NO_PRICES);
    expect(Math.round(metrics["unit_cost.send"] ?? Number.NaN)).toBe(9_474);
    expect((metrics["pa_per_100_children.send"] ?? Number.NaN).toFixed(1)).toBe("7.6");
    expect((metrics["spend_share.mainstream"] ?? Number.NaN).toFixed(1)).toBe("10.9");
  });

  test("an empty return has no metrics at all", () => {
    expect(computeReturnMetrics({}, { roundIndex: 90, baseIndex: 100 })).toEqual({});
  });

  test("null, text and boolean answers count as not provided, never as zero", () => {
    const metrics = computeReturnMetrics(
      {
        "transport.special.spend": 1_000,
        "transport.special.children": null,
        "transport.post16.spend": "500",
        "transport.post16.children": true,
        "ehcp.total": null,
      },
      NO_PRICES,
    );
    expectMetrics(metrics, {
      "spend.send": 1_000,
      "spend.total": 1_000,
      "net_spend.send": 1_000,
      "spend_share.special": 100,
    });
  });

  describe("Σ over SEND cohorts", () => {
    test("unit_cost.send uses only the cohorts that give both spend and children", () => {
      const metrics = computeReturnMetrics(
        {
          "transport.special.spend": 900_000,
          "transport.special.children": 100,
          "transport.post16.spend": 300_000, // no children: out of both sums
          "transport.post19.children": 50, // no spend: out of both sums
          "transport.send_mainstream.spend": 100_000,
          "transport.send_mainstream.children": 100,
        },
        NO_PRICES,
      );
      // (900,000 + 100,000) / (100 + 100)
      expect(metrics["unit_cost.send"]).toBe(5_000);
      // spend.send still counts post16: 900,000 + 300,000 + 100,000
      expect(metrics["spend.send"]).toBe(1_300_000);
      // children.send still counts post19: 100 + 50 + 100
      expect(metrics["children.send"]).toBe(250);
    });

    test("unit_cost.send ignores the mainstream and alternative provision cohorts", () => {
      const metrics = computeReturnMetrics(
        {
          "transport.mainstream.spend": 1_000_000,
          "transport.mainstream.children": 10,
          "transport.alternative_provision.spend": 1_000_000,
          "transport.alternative_provision.children": 10,
          "transport.special.spend": 40_000,
          "transport.special.children": 4,
        },
        NO_PRICES,
      );
      expect(metrics["unit_cost.send"]).toBe(10_000);
      expect(metrics["spend.send"]).toBe(40_000);
      expect(metrics["spend.total"]).toBe(2_040_000);
    });

    test("pa_per_100_children.send uses only the cohorts that give both assistants and children", () => {
      const metrics = computeReturnMetrics(
        {
          "transport.special.passenger_assistants": 30,
          "transport.special.children": 200,
          "transport.independent_special.children": 800, // no assistants: out
          "transport.post16.passenger_assistants": 5, // no children: out
          "transport.post19.passenger_assistants": 10,
          "transport.post19.children": 50,
        },
        NO_PRICES,
      );
      // (30 + 10) / (200 + 50) × 100
      expect(metrics["pa_per_100_children.send"]).toBe(16);
    });

    test("sums with no contributing cohort are not available, not zero", () => {
      const metrics = computeReturnMetrics({ "transport.special.routes": 4, "mode.taxi": 3 }, NO_PRICES);
      for (const key of ["unit_cost.send", "spend.send", "spend.total", "children.send", "pa_per_100_children.send"]) {
        expect(metrics).not.toHaveProperty(key);
      }
    });
  });

  describe("net_spend.send", () => {
    test("deducts both contributions", () => {
      const metrics = computeReturnMetrics(
        {
          "transport.special.spend": 500_000,
          "income.parental_contributions": 20_000,
          "income.health_contributions": 30_000,
        },
        NO_PRICES,
      );
      expect(metrics["net_spend.send"]).toBe(450_000);
    });

    test("blank contributions count as zero", () => {
      const metrics = computeReturnMetrics({ "transport.special.spend": 500_000 }, NO_PRICES);
      expect(metrics["net_spend.send"]).toBe(500_000);
    });

    test("is not available when SEND spend is not", () => {
      const metrics = computeReturnMetrics({ "transport.mainstream.spend": 500_000, "income.parental_contributions": 20_000 }, NO_PRICES);
      expect(metrics).not.toHaveProperty("net_spend.send");
      expect(metrics).not.toHaveProperty("spend.send");
    });
  });

  describe("mode shares", () => {
    test("are not available unless all five modes are given", () => {
      const fourModes = { ...WORKED_RETURN, "mode.ptb": null };
      const metrics = computeReturnMetrics(fourModes, NO_PRICES);
      for (const mode of TRAVEL_MODES) expect(metrics).not.toHaveProperty(`mode_share.${mode}`);
      expect(metrics).not.toHaveProperty("single_occupancy_share");
    });

    test("single occupancy needs its own count as well", () => {
      const metrics = computeReturnMetrics({ ...WORKED_RETURN, "mode.single_occupancy": null }, NO_PRICES);
      expect(metrics["mode_share.taxi"]).toBe(35);
      expect(metrics).not.toHaveProperty("single_occupancy_share");
    });

    test("a zero mode is a 0 % share when others are not zero", () => {
      const metrics = computeReturnMetrics(
        { "mode.taxi": 0, "mode.minibus": 3, "mode.in_house_fleet": 0, "mode.public_transport": 1, "mode.ptb": 0 },
        NO_PRICES,
      );
      expect(metrics["mode_share.taxi"]).toBe(0);
      expect(metrics["mode_share.minibus"]).toBe(75);
      expect(metrics["mode_share.public_transport"]).toBe(25);
    });
  });

  test("a zero denominator makes a metric not available", () => {
    const metrics = computeReturnMetrics(
      {
        population_0_25: 0,
        "ehcp.total": 0,
        "ehcp.setting.special": 0,
        "ehcp.setting.independent": 0,
        "transport.special.spend": 50_000,
        "transport.special.children": 0,
        "transport.special.routes": 0,
        "transport.independent_special.children": 5,
        "transport.independent_special.spend": 0,
        "transport.post16.spend": 0,
        "transport.post16.children": 0,
        "transport.post16.passenger_assistants": 2,
        "mode.taxi": 0,
        "mode.minibus": 0,
        "mode.in_house_fleet": 0,
        "mode.public_transport": 0,
        "mode.ptb": 0,
        "mode.single_occupancy": 0,
        "hnb.allocation": 0,
        "hnb.outturn": 1_000,
      },
      { roundIndex: 100, baseIndex: 100 },
    );
    expectMetrics(metrics, {
      // spend with zero children: no unit cost, but independent_special's 0 / 5 is a real £0
      "unit_cost.independent_special": 0,
      "real_unit_cost.independent_special": 0,
      // (50,000 + 0 + 0) / (0 + 5 + 0)
      "unit_cost.send": 10_000,
      "real_unit_cost.send": 10_000,
      "spend.send": 50_000,
      "spend.total": 50_000,
      "net_spend.send": 50_000,
      "spend_share.special": 100,
      "spend_share.independent_special": 0,
      "spend_share.post16": 0,
      // 2 assistants / (0 + 0) children over cohorts giving both: zero denominator → absent
      "children.send": 5,
      ehcps: 0,
    });
  });

  test("spend shares are not available when total spend is 0", () => {
    const metrics = computeReturnMetrics({ "transport.special.spend": 0, "transport.mainstream.spend": 0 }, NO_PRICES);
    expect(metrics["spend.total"]).toBe(0);
    expect(Object.keys(metrics).filter((key) => key.startsWith("spend_share."))).toEqual([]);
  });

  describe("real terms", () => {
    test("unit cost × base-year index / round-year index", () => {
      // 2022-23 costs in 2024-25 prices: × 100 / 91.2996
      const metrics = computeReturnMetrics(WORKED_RETURN, { roundIndex: 91.2996, baseIndex: 100 });
      expect(metrics["real_unit_cost.special"]).toBeCloseTo(10_952.951, 3); // 10,000 × 1.0952951
      expect(metrics["real_unit_cost.post16"]).toBeCloseTo(5_476.475, 3); // 5,000 × 1.0952951
      expect(metrics["real_unit_cost.send"]).toBeCloseTo(10_376.479, 3); // 9,473.684 × 1.0952951
    });

    test("a real-terms figure for every available unit cost, and only those", () => {
      // round index 80, base 100: × 1.25
      const metrics = computeReturnMetrics(WORKED_RETURN, { roundIndex: 80, baseIndex: 100 });
      expectMetrics(metrics, {
        ...WORKED_METRICS,
        "real_unit_cost.mainstream": 1_000,
        "real_unit_cost.send_mainstream": 7_500,
        "real_unit_cost.special": 12_500,
        "real_unit_cost.independent_special": 31_250,
        "real_unit_cost.alternative_provision": 7_500,
        "real_unit_cost.post16": 6_250,
        "real_unit_cost.send": (18_000_000 / 1_900) * 1.25,
      });
    });

    test("the base year's own costs are unchanged", () => {
      const metrics = computeReturnMetrics(WORKED_RETURN, { roundIndex: 96.1117, baseIndex: 96.1117 });
      expect(metrics["real_unit_cost.special"]).toBeCloseTo(10_000, 9);
    });

    test.each([
      { roundIndex: null, baseIndex: 100 },
      { roundIndex: 100, baseIndex: null },
      { roundIndex: null, baseIndex: null },
      { roundIndex: 0, baseIndex: 100 },
    ])("no real-terms figures at all when prices are %o", (prices) => {
      const metrics = computeReturnMetrics(WORKED_RETURN, prices);
      expect(Object.keys(metrics).filter((key) => key.startsWith("real_unit_cost."))).toEqual([]);
      expect(metrics["unit_cost.special"]).toBe(10_000);
    });
  });

  test("never gives NaN or Infinity, and every key is a defined metric (random returns)", () => {
    const random = seededRandom(20_240_401);
    const numericKeys = METRIC_INPUT_KEYS;
    const pick = () => {
      const roll = random();
      if (roll < 0.25) return undefined;
      if (roll < 0.3) return null;
      if (roll < 0.5) return 0;
      if (roll < 0.55) return "n/a";
      return Math.round(random() * 10 ** Math.floor(random() * 10));
    };
    for (let run = 0; run < 300; run += 1) {
      const values: Record<string, number | string | null | undefined> = {};
      for (const key of numericKeys) values[key] = pick();
      const prices = { roundIndex: random() < 0.2 ? 0 : random() * 120, baseIndex: random() < 0.2 ? null : 100 };
      const metrics = computeReturnMetrics(values, prices);
      for (const [key, value] of Object.entries(metrics)) {
        expect(Number.isFinite(value), `${key} = ${value} in run ${run}`).toBe(true);
        expect(findMetric(key), key).toBeDefined();
      }
      const changes = computeChangeMetrics(metrics, [computeReturnMetrics(values, NO_PRICES), {}]);
      for (const [key, value] of Object.entries(changes)) {
        expect(Number.isFinite(value), `${key} = ${value} in run ${run}`).toBe(true);
        expect(findMetric(key), key).toBeDefined();
      }
    }
  });
});

describe("computeChangeMetrics", () => {
  test("post-16 unit cost £201 → £840 is growth of 317.9 %", () => {
    const metrics = computeChangeMetrics({ "unit_cost.post16": 840 }, [{ "unit_cost.post16": 201 }]);
    // (840 / 201 − 1) × 100 = 317.910…
    expect(metrics["growth.unit_cost.post16"]).toBeCloseTo(317.91, 2);
    expect(metrics["change.unit_cost.post16"]).toBeCloseTo(317.91, 2);
    expect(Math.round(metrics["growth.unit_cost.post16"] ?? Number.NaN)).toBe(318);
  });

  test("EHCPs 5,800 → 16,936 is growth of 192.0 %", () => {
    const metrics = computeChangeMetrics({ ehcps: 16_936 }, [{ ehcps: 5_800 }, { ehcps: 9_000 }]);
    // 16,936 / 5,800 = 2.92
    expect(metrics["growth.ehcps"]).toBeCloseTo(192.0, 9);
    // against the previous round: (16,936 / 9,000 − 1) × 100 = 88.177…
    expect(metrics["change.ehcps"]).toBeCloseTo(88.18, 2);
  });

  test("change is against the latest earlier round that has the value, growth the earliest", () => {
    const metrics = computeChangeMetrics({ "spend.send": 300 }, [{ "spend.total": 50 }, { "spend.send": 100 }, { "spend.send": 200 }, {}]);
    expect(metrics).toEqual({ "change.spend.send": 50, "growth.spend.send": 200 });
  });

  test("falls from a previous value are negative", () => {
    const metrics = computeChangeMetrics({ "children.send": 75 }, [{ "children.send": 100 }]);
    expect(metrics["change.children.send"]).toBe(-25);
  });

  test("a previous value of 0 makes it not available", () => {
    const metrics = computeChangeMetrics({ "unit_cost.send": 150 }, [{ "unit_cost.send": 0 }, { "unit_cost.send": 100 }]);
    // growth compares with the earliest round that has the value, which is 0
    expect(metrics).toEqual({ "change.unit_cost.send": 50 });
    expect(computeChangeMetrics({ "unit_cost.send": 150 }, [{ "unit_cost.send": 0 }])).toEqual({});
  });

  test("no earlier round, or no value now, gives nothing", () => {
    expect(computeChangeMetrics({ ehcps: 100 }, [])).toEqual({});
    expect(computeChangeMetrics({ ehcps: 100 }, [{ "spend.send": 3 }])).toEqual({});
    expect(computeChangeMetrics({}, [{ ehcps: 100 }])).toEqual({});
  });

  test("only the tracked metrics have change and growth", () => {
    const metrics = computeChangeMetrics({ "mode_share.taxi": 40, ehcps: 110 }, [{ "mode_share.taxi": 20, ehcps: 100 }]);
    expect(Object.keys(metrics).sort()).toEqual(["change.ehcps", "growth.ehcps"]);
    expect(metrics["change.ehcps"]).toBeCloseTo(10, 9);
  });

  test("a full history gives change and growth for every tracked metric", () => {
    const full = Object.fromEntries(CHANGE_BASE_METRICS.map((key) => [key, 200]));
    const earlier = Object.fromEntries(CHANGE_BASE_METRICS.map((key) => [key, 100]));
    const metrics = computeChangeMetrics(full, [earlier]);
    expect(Object.keys(metrics)).toHaveLength(2 * CHANGE_BASE_METRICS.length);
    expect(Object.values(metrics).every((value) => value === 100)).toBe(true);
  });
});

describe("METRIC_DEFINITIONS", () => {
  test("tracks change in EHCPs, SEND children and spend, total spend and every unit cost", () => {
    expect([...CHANGE_BASE_METRICS].sort()).toEqual(
      ["ehcps", "children.send", "spend.send", "spend.total", "unit_cost.send", ...COHORTS.map((cohort) => `unit_cost.${cohort}`)].sort(),
    );
  });

  test("keys are unique, and every metric a complete return can have is defined", () => {
    const keys = METRIC_DEFINITIONS.map((definition) => definition.key);
    expect(new Set(keys).size).toBe(keys.length);

    const complete: Record<string, number> = { ...(WORKED_RETURN as Record<string, number>) };
    for (const cohort of COHORTS) {
      complete[`transport.${cohort}.children`] = 10;
      complete[`transport.${cohort}.spend`] = 1_000;
      complete[`transport.${cohort}.routes`] = 2;
      complete[`transport.${cohort}.passenger_assistants`] = 1;
    }
    complete["income.health_contributions"] = 5;
    const returnMetrics = computeReturnMetrics(complete, { roundIndex: 90, baseIndex: 100 });
    const changeMetrics = computeChangeMetrics(returnMetrics, [returnMetrics]);
    expect([...Object.keys(returnMetrics), ...Object.keys(changeMetrics)].sort()).toEqual([...keys].sort());
    expect(keys).toHaveLength(79);
  });

  test("every definition has a label and a description; change and growth keep their metric's cohort", () => {
    for (const definition of METRIC_DEFINITIONS) {
      expect(definition.label.length, definition.key).toBeGreaterThan(0);
      expect(definition.description.length, definition.key).toBeGreaterThan(0);
    }
    for (const key of CHANGE_BASE_METRICS) {
      expect(findMetric(`change.${key}`)?.cohort, key).toBe(findMetric(key)?.cohort);
      expect(findMetric(`growth.${key}`)?.cohort, key).toBe(findMetric(key)?.cohort);
    }
  });

  test("findMetric describes a metric in plain English", () => {
    expect(findMetric("unit_cost.special")).toMatchObject({
      label: "Unit cost per child: special school",
      unit: "gbp",
      cohort: "special",
      family: "unit_cost",
    });
    expect(findMetric("growth.unit_cost.post16")).toMatchObject({
      label: "Growth since first return: Unit cost per child: post-16",
      unit: "percent",
      cohort: "post16",
      family: "growth",
    });
    expect(findMetric("ehcp_rate_per_10k")?.unit).toBe("rate_per_10k");
    expect(findMetric("children_per_route.special")?.unit).toBe("ratio");
    expect(findMetric("children.send")?.unit).toBe("count");
    expect(findMetric("pa_per_100_children.send")?.unit).toBe("rate_per_100");
    expect(findMetric("unit_cost.unknown")).toBeUndefined();
  });
});
