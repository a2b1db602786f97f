import { describe, expect, it } from "vitest";
import {
  ASSOCIATION_CAVEAT,
  POLICIES,
  POLICY_OUTCOME_METRICS,
  type GroupSummariser,
  type PolicyRecord,
  comparePolicies,
  differenceInDifferences,
  minimumSizeSummariser,
  policySideLabel,
} from "../../app/domain/policy-comparisons";

const MIN = 3;
const plain = { minGroupSize: MIN, summarise: minimumSizeSummariser(MIN), scope: "network" };

function record(authorityId: number, policies: PolicyRecord["policies"], metrics: PolicyRecord["metrics"]): PolicyRecord {
  return { authorityId, policies, metrics };
}

// Route bundling: 1–3 with (£1,000, £2,000, £3,000), 4–6 without (£4,000, £5,000, £7,000), 7 unanswered.
// Pick-up points: only 1 and 2 have them, so that side is below the minimum of 3.
const round = [
  record(1, { "policy.route_bundling": true, "policy.pickup_points": true }, { "unit_cost.send": 1000, "mode_share.taxi": 40 }),
  record(2, { "policy.route_bundling": true, "policy.pickup_points": true }, { "unit_cost.send": 2000, "mode_share.taxi": 50 }),
  record(3, { "policy.route_bundling": true, "policy.pickup_points": false }, { "unit_cost.send": 3000 }),
  record(4, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 4000, "mode_share.taxi": 60 }),
  record(5, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 5000, "mode_share.taxi": 70 }),
  record(6, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 7000, "mode_share.taxi": 80 }),
  record(7, {}, { "unit_cost.send": 9000 }),
];

function policy(comparisons: ReturnType<typeof comparePolicies>, key: string) {
  return comparisons.find((c) => c.policyKey === key)!;
}

describe("POLICIES", () => {
  it("are the nine yes/no questions of §3.4, not the post-16 charge amount", () => {
    expect(POLICIES.map((p) => p.key)).toEqual([
      "policy.statutory_minimum_only",
      "policy.post16_charge",
      "policy.one_school_one_operator",
      "policy.route_bundling",
      "policy.route_planning_software",
      "policy.personal_transport_budgets",
      "policy.pickup_points",
      "policy.minibuses_to_schools",
      "policy.suspension_transport",
    ]);
    expect(POLICY_OUTCOME_METRICS[0]).toBe("unit_cost.send");
    expect(POLICY_OUTCOME_METRICS).toContain("unit_cost.special");
    expect(POLICY_OUTCOME_METRICS).toContain("single_occupancy_share");
    expect(POLICY_OUTCOME_METRICS).toContain("mode_share.ptb");
  });
});

describe("comparePolicies", () => {
  const comparisons = comparePolicies(round, { ...plain, ownAuthorityId: 1 });

  it("gives the quartiles and mean of each side, worked by hand (R-7)", () => {
    const bundling = policy(comparisons, "policy.route_bundling");
    expect(bundling.withCount).toBe(3);
    expect(bundling.withoutCount).toBe(3);
    const unitCost = bundling.outcomes[0]!;
    expect(unitCost.metricKey).toBe("unit_cost.send");
    // 1000, 2000, 3000: q1 at position 0.5 → 1500; median 2000; q3 at 1.5 → 2500.
    expect(unitCost.with).toEqual({ n: 3, figure: { q1: 1500, median: 2000, q3: 2500, mean: 2000 } });
    // 4000, 5000, 7000: q1 4500, median 5000, q3 6000, mean 16000 / 3.
    expect(unitCost.without.n).toBe(3);
    expect(unitCost.without.figure).toMatchObject({ q1: 4500, median: 5000, q3: 6000 });
    expect(unitCost.without.figure!.mean).toBeCloseTo(5333.333, 3);
    expect(unitCost.medianDifference).toBe(-3000);
  });

  it("says it in words", () => {
    expect(policy(comparisons, "policy.route_bundling").sentence).toBe(
      "Councils with route bundling had a median SEND unit cost £3,000 lower than councils without (£2,000 against £5,000; 3 with, 3 without).",
    );
    expect(ASSOCIATION_CAVEAT).toMatch(/association/);
    expect(ASSOCIATION_CAVEAT).toMatch(/not proof/);
  });

  it("suppresses both sides, counts included, when one side has fewer than the minimum", () => {
    const pickup = policy(comparisons, "policy.pickup_points");
    // 2 with, 4 without: the 4 would pass alone, but the network less them is the 2, so neither is shown.
    expect(pickup.withCount).toBeNull();
    expect(pickup.withoutCount).toBeNull();
    for (const outcome of pickup.outcomes) {
      expect(outcome.with).toEqual({ n: null, figure: null });
      expect(outcome.without).toEqual({ n: null, figure: null });
      expect(outcome.medianDifference).toBeNull();
    }
    expect(pickup.sentence).toBe("Not enough councils on each side to compare (each side needs at least 3).");
  });

  it("suppresses one outcome whose values fall below the minimum on one side", () => {
    const taxi = policy(comparisons, "policy.route_bundling").outcomes.find((o) => o.metricKey === "mode_share.taxi")!;
    // With: authorities 1 and 2 only gave modes (40, 50); without: 60, 70, 80.
    expect(taxi.with).toEqual({ n: null, figure: null });
    expect(taxi.without.figure).toMatchObject({ q1: 65, median: 70, q3: 75, mean: 70 });
    expect(taxi.medianDifference).toBeNull();
  });

  it("marks the member's own answer, and none for an unanswered question or a non-member", () => {
    expect(policy(comparisons, "policy.route_bundling").own).toBe(true);
    expect(policy(comparisons, "policy.one_school_one_operator").own).toBeNull();
    expect(policy(comparePolicies(round, { ...plain, ownAuthorityId: 4 }), "policy.route_bundling").own).toBe(false);
    expect(policy(comparePolicies(round, plain), "policy.route_bundling").own).toBeNull();
  });

  it("hands every group to the summariser with its contributors and a figure name, and shows what it returns", () => {
    const calls: Array<{ figure: string; ids: number[] }> = [];
    const recording: GroupSummariser = (contributors, figure) => {
      calls.push({ figure, ids: contributors.map((c) => c.authorityId) });
      return { q1: 1, median: 2, q3: 3, mean: 2 };
    };
    const perturbed = comparePolicies(round, { minGroupSize: MIN, summarise: recording, scope: "group:7" });
    expect(calls).toContainEqual({ figure: "group:7|policy.route_bundling|with|unit_cost.send", ids: [1, 2, 3] });
    expect(calls).toContainEqual({ figure: "group:7|policy.route_bundling|without|unit_cost.send", ids: [4, 5, 6] });
    // A side below the minimum never reaches the summariser.
    expect(calls.some((call) => call.figure.includes("policy.pickup_points"))).toBe(false);
    expect(policy(perturbed, "policy.route_bundling").outcomes[0]!.medianDifference).toBe(0);
    expect(policy(perturbed, "policy.route_bundling").sentence).toMatch(/about the same median/);
  });
});

describe("differenceInDifferences", () => {
  const earlier = [
    record(1, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 1000 }),
    record(2, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 2000 }),
    record(3, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 1000 }),
    record(4, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 4000 }),
    record(5, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 5000 }),
    record(6, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 2000 }),
    record(7, { "policy.route_bundling": true }, { "unit_cost.send": 3000 }),
    record(8, { "policy.route_bundling": false }, { "unit_cost.send": 3000 }),
    record(9, { "policy.route_bundling": false }, {}),
  ];
  const later = [
    // Adopters: +100 (+10%), −200 (−10%), +300 (+30%).
    record(1, { "policy.route_bundling": true, "policy.pickup_points": true }, { "unit_cost.send": 1100 }),
    record(2, { "policy.route_bundling": true, "policy.pickup_points": true }, { "unit_cost.send": 1800 }),
    record(3, { "policy.route_bundling": true, "policy.pickup_points": false }, { "unit_cost.send": 1300 }),
    // Non-adopters: +400 (+10%), +500 (+10%), +600 (+30%).
    record(4, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 4400 }),
    record(5, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 5500 }),
    record(6, { "policy.route_bundling": false, "policy.pickup_points": false }, { "unit_cost.send": 2600 }),
    // Left out: had it already (7), did not answer later (8), no unit cost earlier (9), absent earlier (10).
    record(7, { "policy.route_bundling": true }, { "unit_cost.send": 9000 }),
    record(8, {}, { "unit_cost.send": 9000 }),
    record(9, { "policy.route_bundling": true }, { "unit_cost.send": 9000 }),
    record(10, { "policy.route_bundling": true }, { "unit_cost.send": 9000 }),
  ];
  const results = differenceInDifferences(
    { slug: "2023-24", name: "2023-24", records: earlier },
    { slug: "2024-25", name: "2024-25", records: later },
    plain,
  );
  const bundling = results.find((r) => r.policyKey === "policy.route_bundling")!;

  it("compares the mean change of adopters and non-adopters, worked by hand", () => {
    expect(bundling.adopters.n).toBe(3);
    expect(bundling.nonAdopters.n).toBe(3);
    // (100 − 200 + 300) / 3 = 66.67; (10 − 10 + 30) / 3 = 10.
    expect(bundling.adopters.meanChange).toBeCloseTo(66.667, 3);
    expect(bundling.adopters.meanPercentChange).toBeCloseTo(10, 9);
    // (400 + 500 + 600) / 3 = 500; (10 + 10 + 30) / 3 = 16.67.
    expect(bundling.nonAdopters.meanChange).toBeCloseTo(500, 9);
    expect(bundling.nonAdopters.meanPercentChange).toBeCloseTo(16.667, 3);
    // 66.67 − 500 = −433.33 a child; 10 − 16.67 = −6.67 percentage points.
    expect(bundling.difference).toBeCloseTo(-433.333, 3);
    expect(bundling.percentDifference).toBeCloseTo(-6.667, 3);
  });

  it("says it in words with the number on each side", () => {
    expect(bundling.sentence).toBe(
      "Between 2023-24 and 2024-25, the SEND unit cost of the 3 councils that adopted route bundling rose by £67 a child on average, against 3 councils that did not, whose unit cost rose by £500 a child on average: a difference in differences of −£433 a child.",
    );
  });

  it("suppresses both sides when adopters are fewer than the minimum", () => {
    const pickup = results.find((r) => r.policyKey === "policy.pickup_points")!;
    // Two adopters; the four non-adopters would pass alone, but are hidden with them, counts too.
    expect(pickup.adopters).toEqual({ n: null, meanChange: null, meanPercentChange: null });
    expect(pickup.nonAdopters).toEqual({ n: null, meanChange: null, meanPercentChange: null });
    expect(pickup.difference).toBeNull();
    expect(pickup.sentence).toBe(
      "Too few councils adopted pick-up points between 2023-24 and 2024-25, or too few did not, to compare (each side needs at least 3 with a SEND unit cost in both rounds).",
    );
  });
});

describe("policySideLabel", () => {
  it("names each side of a policy shortly, for chart rows", () => {
    expect(policySideLabel("policy.route_bundling", "Route bundling", "with")).toBe("With route bundling");
    expect(policySideLabel("policy.statutory_minimum_only", "Transport given at the statutory minimum only", "without")).toBe(
      "Without a statutory-minimum-only policy",
    );
  });
});
