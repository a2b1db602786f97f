import { describe, expect, it } from "vitest";
import {
  decomposeSpendGrowth,
  describeDecomposition,
  forecastLogLinear,
  post16ChargeScenario,
  ptbScenario,
  retroModel,
  routeBundlingScenario,
  savingOverHorizon,
  studentTQuantile,
  travelTrainingScenario,
} from "../../app/domain/forecasts";
import { decomposeBetween, groupDecomposition } from "../../app/domain/forecast-report";

// Spend £1m → £3.3m, children 100 → 200, deflator 100 → 110: unit cost £10,000 → £16,500.
const first = { spend: 1_000_000, children: 100, deflator: 100 };
const latest = { spend: 3_300_000, children: 200, deflator: 110 };

describe("decomposeSpendGrowth", () => {
  it("splits a 230 % rise into volume, inflation and real unit cost whose product is the spend ratio", () => {
    const result = decomposeSpendGrowth(first, latest)!;
    expect(result.spendChange).toBeCloseTo(2.3, 12);
    expect(result.volume).toBeCloseTo(1, 12);
    expect(result.inflation).toBeCloseTo(0.1, 12);
    // (16,500 / 110) / (10,000 / 100) = 150 / 100.
    expect(result.realUnitCost).toBeCloseTo(0.5, 12);
    expect((1 + result.volume) * (1 + result.inflation) * (1 + result.realUnitCost)).toBeCloseTo(3.3, 12);
    // ln 2 / ln 3.3, ln 1.1 / ln 3.3, ln 1.5 / ln 3.3.
    expect(result.shares!.volume).toBeCloseTo(0.58056, 5);
    expect(result.shares!.inflation).toBeCloseTo(0.07983, 5);
    expect(result.shares!.realUnitCost).toBeCloseTo(0.33961, 5);
    expect(describeDecomposition(result)).toBe(
      "Of the 230% rise in spend, 58% came from more children, 8% from inflation and 34% from dearer journeys.",
    );
  });

  it("holds the identity for a fall in spend too, and refuses zero figures", () => {
    const result = decomposeSpendGrowth({ spend: 500, children: 10, deflator: 90 }, { spend: 400, children: 9, deflator: 95 })!;
    expect((1 + result.volume) * (1 + result.inflation) * (1 + result.realUnitCost)).toBeCloseTo(0.8, 12);
    expect(describeDecomposition(result)).toMatch(/^Of the 20% fall in spend, .*fewer children/);
    expect(decomposeSpendGrowth({ ...first, children: 0 }, latest)).toBeNull();
  });
});

describe("retroModel", () => {
  it("prices the latest children at the first unit cost, uprated by inflation: N1 × U0 × D1/D0", () => {
    const result = retroModel(first, latest)!;
    expect(result.inflationOnlySpend).toBeCloseTo(200 * 10_000 * 1.1, 6);
    expect(result.actualSpend).toBe(3_300_000);
    expect(result.difference).toBeCloseTo(1_100_000, 6);
  });
});

describe("studentTQuantile", () => {
  it("matches published t tables at 0.9", () => {
    expect(studentTQuantile(0.9, 1)).toBeCloseTo(3.077684, 5);
    expect(studentTQuantile(0.9, 2)).toBeCloseTo(1.885618, 5);
    expect(studentTQuantile(0.9, 3)).toBeCloseTo(1.637744, 5);
    expect(studentTQuantile(0.9, 10)).toBeCloseTo(1.372184, 5);
    expect(studentTQuantile(0.9, 30)).toBeCloseTo(1.310415, 5);
  });

  it("meets the closed forms for 1 and 2 degrees of freedom to 11 decimals", () => {
    // df = 1 is Cauchy: t = tan(π(p − ½)); df = 2: t = (2p − 1) / √(2p(1 − p)).
    expect(studentTQuantile(0.9, 1)).toBeCloseTo(Math.tan(0.4 * Math.PI), 11);
    expect(studentTQuantile(0.995, 1)).toBeCloseTo(Math.tan(0.495 * Math.PI), 9);
    expect(studentTQuantile(0.9, 2)).toBeCloseTo(0.8 / Math.sqrt(0.18), 11);
    expect(studentTQuantile(0.995, 2)).toBeCloseTo(0.99 / Math.sqrt(2 * 0.995 * 0.005), 11);
  });

  it("agrees with stdlib's inverse incomplete beta to 11 decimals (docs/decisions/009)", () => {
    expect(studentTQuantile(0.9, 4)).toBeCloseTo(1.53320627405894, 11);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.57058183563631, 11);
    expect(studentTQuantile(0.999, 3)).toBeCloseTo(10.2145318524074, 11);
    expect(studentTQuantile(0.9, 120)).toBeCloseTo(1.28864623365638, 11);
    expect(studentTQuantile(0.6, 7)).toBeCloseTo(0.263166861352023, 11);
  });
});

describe("forecastLogLinear", () => {
  it("reproduces an exact 10 % a year series with an interval of zero width", () => {
    const history = [2020, 2021, 2022, 2023, 2024].map((year) => ({ year, value: 100 * 1.1 ** (year - 2020) }));
    const result = forecastLogLinear(history);
    if (!result.ok) throw new Error(result.reason);
    expect(result.forecast.annualGrowth).toBeCloseTo(0.1, 10);
    expect(result.forecast.forecast.map((p) => p.year)).toEqual([2025, 2026, 2027]);
    expect(result.forecast.forecast[0]!.central).toBeCloseTo(161.051, 6);
    for (const point of result.forecast.forecast) expect(point.high - point.low).toBeCloseTo(0, 6);
  });

  it("fits a small series by hand: ln values 1, 2, 4 over three years", () => {
    // t̄ = 2021, slope = Σ(t−t̄)(y−ȳ)/Σ(t−t̄)² = 3/2; residuals 1/6, −1/3, 1/6 so s = √(1/6); t(0.9, 1) = 3.0777.
    const result = forecastLogLinear([
      { year: 2020, value: Math.E },
      { year: 2021, value: Math.E ** 2 },
      { year: 2022, value: Math.E ** 4 },
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.forecast.slope).toBeCloseTo(1.5, 12);
    expect(result.forecast.residualStandardError).toBeCloseTo(0.408248, 6);
    const [next] = result.forecast.forecast;
    expect(next!.central).toBeCloseTo(207.1272, 3);
    expect(next!.low).toBeCloseTo(20.8919, 3);
    expect(next!.high).toBeCloseTo(2053.5047, 2);
  });

  it("says there is not enough history rather than guessing", () => {
    expect(
      forecastLogLinear([
        { year: 2023, value: 1 },
        { year: 2024, value: 2 },
      ]),
    ).toEqual({
      ok: false,
      reason: "Not enough history: a forecast needs at least 3 approved rounds, and there are 2.",
    });
    expect(
      forecastLogLinear([
        { year: 2022, value: 1 },
        { year: 2023, value: 0 },
        { year: 2024, value: 2 },
      ]).ok,
    ).toBe(false);
  });
});

describe("savings scenarios", () => {
  it("personal transport budgets: X% × taxi users × (unit cost − budget)", () => {
    // 10 % of 400 = 40 children × (£12,000 − £4,000) = £320,000.
    expect(ptbScenario({ percentMoved: 10, budgetPerChild: 4_000, taxiUsers: 400, sendUnitCost: 12_000 }).annualSaving).toBe(320_000);
  });

  it("travel training: K × (unit cost − training cost)", () => {
    expect(travelTrainingScenario({ children: 25, costPerChild: 3_000, sendUnitCost: 12_000 }).annualSaving).toBe(225_000);
  });

  it("post-16 charge: r% × users × post-16 unit cost + (1 − r%) × users × charge", () => {
    // 20 % of 300 stop (60 × £6,000 = £360,000); 240 pay £700 (£168,000).
    const result = post16ChargeScenario({ charge: 700, percentFewer: 20, post16Users: 300, post16UnitCost: 6_000 });
    expect(result.annualSaving).toBeCloseTo(528_000, 6);
    expect(result.assumptions[0]).toContain("£700 a year");
  });

  it("route bundling: s% × spend of cohorts that report routes", () => {
    expect(routeBundlingScenario({ percentCheaper: 5, spendOnRoutedCohorts: 8_000_000 }).annualSaving).toBe(400_000);
  });

  it("carries a year's saving over the horizon, growing with the forecast", () => {
    expect(savingOverHorizon(100_000, 0.1, 3)).toBeCloseTo(110_000 + 121_000 + 133_100, 6);
    expect(savingOverHorizon(100_000, null, 3)).toBe(300_000);
  });
});

describe("decomposeBetween and groupDecomposition", () => {
  const entry = (financialYear: string, spend: number, children: number) => ({
    financialYear,
    values: { "transport.special.spend": spend, "transport.special.children": children },
    metrics: {},
  });
  const deflators = [
    { financialYear: "2022-23", index: 100 },
    { financialYear: "2023-24", index: 110 },
  ];

  it("decomposes one history between two of its years, as the command line does", () => {
    const result = decomposeBetween(
      [entry("2022-23", 1_000_000, 100), entry("2023-24", 3_300_000, 200)],
      "2022-23",
      "2023-24",
      "special",
      deflators,
    )!;
    expect(result.decomposition.volume).toBeCloseTo(1, 12);
    expect(result.decomposition.inflation).toBeCloseTo(0.1, 12);
    expect(result.decomposition.realUnitCost).toBeCloseTo(0.5, 12);
    expect(decomposeBetween([entry("2022-23", 1_000_000, 100)], "2022-23", "2023-24", "special", deflators)).toBeNull();
  });

  it("gives a group's median factors only at the minimum size, exact for coordinators", () => {
    // Children double for all; spend ×2.2, ×2.2·1.1, … so real unit cost rises 0 %, 10 %, 20 %, 30 %, 40 %.
    const members = [0, 1, 2, 3, 4].map((k) => ({
      id: k + 1,
      code: `E0${k}`,
      history: [entry("2022-23", 1000, 10), entry("2023-24", 1000 * 2 * 1.1 * (1 + k / 10), 20)],
    }));
    const rules = {
      hash: () => "800000001" + "0".repeat(55),
      minGroupSize: 5,
      fromYear: "2022-23",
      toYear: "2023-24",
      cohort: "special" as const,
      deflators,
    };
    const exact = groupDecomposition({ ...rules, exact: true, members });
    expect(exact.shown && exact.realUnitCost).toBeCloseTo(0.2, 12);
    expect(exact.shown && exact.n).toBe(5);
    // Perturbed: the Harrell–Davis median is 20 % (symmetric), its quartiles 7.70 % and 32.30 % (IQR 24.60 points);
    // it moves down 2.5 % of max(20, 24.60) = 0.615 points, to 19.385 % → 19.4 % at display precision.
    const perturbed = groupDecomposition({ ...rules, exact: false, members });
    expect(perturbed.shown && perturbed.realUnitCost).toBeCloseTo(0.194, 12);
    expect(groupDecomposition({ ...rules, exact: false, members: members.slice(1) })).toEqual({
      shown: false,
      message: "suppressed: fewer than 5 authorities",
    });
  });
});
