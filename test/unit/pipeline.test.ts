import { describe, expect, test } from "vitest";
import { CHANGE_BASE_INPUT_KEYS, CHANGE_BASE_METRICS, METRIC_INPUT_KEYS, computeReturnMetrics } from "~/domain/metrics";
import { NO_REAL_TERMS, computeChangeBaseMetrics, computeRoundResults } from "~/domain/pipeline";
import type { ReturnValues } from "~/domain/values";
import { syntheticReturn } from "../../db/demo";

/** Special school transport only: spend and children. */
function special(spend: number, children: number): ReturnValues {
  return { "transport.special.spend": spend, "transport.special.children": children };
}

describe("computeRoundResults", () => {
  // unit_cost.special: 10,000 · 12,000 · 15,000 · 20,000 (authority ids 4, 2, 1, 3)
  const returns = [
    { authorityId: 1, values: special(1_500_000, 100) },
    { authorityId: 2, values: special(1_200_000, 100) },
    { authorityId: 3, values: special(4_000_000, 200) },
    { authorityId: 4, values: special(500_000, 50) },
  ];

  test("ranks each metric across the round: rank 1 lowest, quartile band and percentile", () => {
    const { metrics } = computeRoundResults({ returns, history: new Map(), prices: NO_REAL_TERMS });
    const unitCosts = metrics.filter((m) => m.metricKey === "unit_cost.special").sort((a, b) => a.rank - b.rank);
    expect(unitCosts.map((m) => [m.authorityId, m.value, m.rank, m.quartileBand])).toEqual([
      [4, 10_000, 1, 1],
      [2, 12_000, 2, 2],
      [1, 15_000, 3, 3],
      [3, 20_000, 4, 4],
    ]);
    // (rank − 1) / (n − 1) × 100
    expect(unitCosts.map((m) => m.percentile)).toEqual([0, (1 / 3) * 100, (2 / 3) * 100, 100]);
  });

  test("gives round statistics per metric, quartiles by linear interpolation (R type 7)", () => {
    const { statistics } = computeRoundResults({ returns, history: new Map(), prices: NO_REAL_TERMS });
    // positions 0.75, 1.5, 2.25: 10,000 + 0.75 × 2,000; 12,000 + 0.5 × 3,000; 15,000 + 0.25 × 5,000
    expect(statistics.find((s) => s.metricKey === "unit_cost.special")).toEqual({
      metricKey: "unit_cost.special",
      n: 4,
      min: 10_000,
      q1: 11_500,
      median: 13_500,
      q3: 16_250,
      max: 20_000,
      mean: 14_250,
    });
    // spend.send is Σ SEND spend: the special spend here.
    expect(statistics.find((s) => s.metricKey === "spend.send")).toMatchObject({ n: 4, min: 500_000, max: 4_000_000 });
  });

  test("leaves out what is not available: no entry, no statistic, no rank", () => {
    const { metrics, statistics } = computeRoundResults({
      returns: [
        { authorityId: 1, values: special(1_000_000, 0) },
        { authorityId: 2, values: { "transport.special.spend": 900_000 } },
      ],
      history: new Map(),
      prices: NO_REAL_TERMS,
    });
    expect(metrics.some((m) => m.metricKey === "unit_cost.special")).toBe(false);
    expect(statistics.some((s) => s.metricKey === "unit_cost.special")).toBe(false);
    expect(metrics.filter((m) => m.metricKey === "spend.send").map((m) => [m.authorityId, m.rank])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(metrics.every((m) => Number.isFinite(m.value))).toBe(true);
  });

  test("computes change against the latest earlier round and growth against the earliest", () => {
    const history = new Map([[1, [{ "unit_cost.post16": 201 }, { "unit_cost.post16": 600 }]]]);
    const { metrics } = computeRoundResults({
      returns: [{ authorityId: 1, values: { "transport.post16.spend": 84_000, "transport.post16.children": 100 } }],
      history,
      prices: NO_REAL_TERMS,
    });
    const value = (key: string) => metrics.find((m) => m.metricKey === key)?.value;
    // 840 / 201 − 1 = 3.1791…; 840 / 600 − 1 = 0.4
    expect(value("growth.unit_cost.post16")).toBeCloseTo(317.91, 2);
    expect(value("change.unit_cost.post16")).toBeCloseTo(40, 10);
  });

  test("puts unit costs into the base year's prices when both deflators are known", () => {
    const { metrics } = computeRoundResults({
      returns: [{ authorityId: 1, values: special(1_000_000, 100) }],
      history: new Map(),
      prices: { roundIndex: 80, baseIndex: 100 },
    });
    // £10,000 a child in a year whose deflator is 80, in prices of a year whose deflator is 100
    expect(metrics.find((m) => m.metricKey === "real_unit_cost.special")?.value).toBe(12_500);
    expect(metrics.find((m) => m.metricKey === "real_unit_cost.send")?.value).toBe(12_500);
  });

  test("lists statistics in metric-definition order", () => {
    const { statistics } = computeRoundResults({ returns, history: new Map(), prices: NO_REAL_TERMS });
    expect(statistics.map((s) => s.metricKey).slice(0, 2)).toEqual(["unit_cost.special", "unit_cost.send"]);
  });
});

/** Only `keys` of a full return, the rest not provided: what the recompute loads from the database. */
function only(keys: readonly string[], full: ReturnValues): ReturnValues {
  return Object.fromEntries(keys.map((key) => [key, full[key] ?? null]));
}

const SAMPLES = [
  ["E09000002", 0],
  ["E10000016", 2],
  ["E06000023", 4],
] as const;

describe("METRIC_INPUT_KEYS", () => {
  test("are all computeReturnMetrics reads: a return loaded with just those gives the same metrics", () => {
    for (const [code, year] of SAMPLES) {
      const full = syntheticReturn(code, year);
      const prices = { roundIndex: 95, baseIndex: 100 };
      expect(computeReturnMetrics(only(METRIC_INPUT_KEYS, full), prices)).toEqual(computeReturnMetrics(full, prices));
    }
  });
});

describe("computeChangeBaseMetrics", () => {
  test("needs only CHANGE_BASE_INPUT_KEYS: an earlier round loaded with just those gives the same base metrics", () => {
    for (const [code, year] of SAMPLES) {
      const full = syntheticReturn(code, year);
      const base = computeChangeBaseMetrics(full);
      expect(computeChangeBaseMetrics(only(CHANGE_BASE_INPUT_KEYS, full))).toEqual(base);
      expect(Object.keys(base).sort()).toEqual([...CHANGE_BASE_METRICS].sort());
    }
  });
});
