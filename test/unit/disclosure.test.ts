import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ContributorSetKey,
  type KeyedHash,
  type ResultsData,
  atDisplayPrecision,
  figureLabels,
  groupComparisonView,
  groupFigure,
  groupQuartiles,
  harrellDavisQuantile,
  headlineView,
  incompleteBeta,
  medianFigure,
  metricsDownloadRows,
  neighbourView,
  planGroupFigures,
  rankingView,
  scatterView,
  trendView,
} from "../../app/domain/disclosure";
import { rankValues, summarise } from "../../app/domain/statistics";

const hmac: KeyedHash = (message) => createHmac("sha256", "test-secret").update(message).digest("hex");
/** Every cell key 0x80000000…, digit 1: a shift of 1 % + 3 % × 0.5 = 2.5 %, downwards. */
const halfwayDown: KeyedHash = () => "800000001" + "0".repeat(55);

const authorities = [1, 2, 3, 4, 5, 6].map((id) => ({
  authorityId: id,
  code: `E0900000${id}`,
  name: ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"][id - 1]!,
}));

function results(slug: string, year: string, metrics: Record<string, Record<number, number>>, hash: KeyedHash = hmac): ResultsData {
  const byMetric = new Map<string, ResultsData["byMetric"] extends ReadonlyMap<string, infer L> ? L : never>();
  const byAuthority = new Map<
    number,
    Map<string, { authorityId: number; metricKey: string; value: number; rank: number; quartileBand: 1 | 2 | 3 | 4; percentile: number }>
  >();
  const statistics = new Map();
  for (const [metricKey, values] of Object.entries(metrics)) {
    const ranked = rankValues(Object.entries(values).map(([id, value]) => ({ id: Number(id), value })));
    const list = Object.entries(values)
      .map(([id, value]) => ({ authorityId: Number(id), metricKey, value, ...ranked.get(Number(id))! }))
      .sort((a, b) => a.value - b.value);
    byMetric.set(metricKey, list);
    for (const entry of list) byAuthority.set(entry.authorityId, (byAuthority.get(entry.authorityId) ?? new Map()).set(metricKey, entry));
    statistics.set(metricKey, summarise(Object.values(values))!);
  }
  const sets = new Map<ContributorSetKey, Set<number>>([
    ["network", new Set([1, 2, 3, 4, 5, 6])],
    ["group:10", new Set([1, 2, 3, 4, 5])],
    ["group:11", new Set([6])],
    ["neighbours:2", new Set([1, 3, 4, 5, 6])],
  ]);
  return {
    round: { slug, name: `Round ${year}`, financial_year: year },
    hash,
    minGroupSize: 5,
    identities: new Map(authorities.map((a) => [a.authorityId, a])),
    byMetric,
    byAuthority,
    statistics,
    groups: [
      { id: 10, slug: "north", name: "North", kind: "region", authorityIds: [1, 2, 3, 4, 5] },
      { id: 11, slug: "south", name: "South", kind: "region", authorityIds: [6] },
    ],
    contributors: { sets, lost: new Map() },
    plans: new Map(),
  };
}

const unitCosts = { 1: 1000.4, 2: 2000, 3: 3000, 4: 3000.2, 5: 5000, 6: 6000 };
const round = () =>
  results("2024-25", "2024-25", {
    "unit_cost.send": unitCosts,
    "mode_share.taxi": { 1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60 },
    ehcps: { 1: 600, 2: 500, 3: 400, 4: 300, 5: 200, 6: 100 },
    "growth.unit_cost.send": { 2: 25 },
  });
const bravo = { kind: "member", authorityId: 2 } as const;

describe("display precision", () => {
  it("rounds others' values to £1, 0.1 % and one decimal", () => {
    expect(atDisplayPrecision("gbp", 1234.5)).toBe(1235);
    expect(atDisplayPrecision("percent", 12.34)).toBe(12.3);
    expect(atDisplayPrecision("rate_per_10k", 4.26)).toBe(4.3);
    expect(atDisplayPrecision("count", 41.6)).toBe(42);
    expect(atDisplayPrecision("percent", -0.04)).toBe(0);
  });
});

describe("figureLabels", () => {
  it("labels each authority once per figure, afresh for every figure and round", () => {
    const a = figureLabels(hmac, "2024-25", "metric:unit_cost.send", authorities);
    const b = figureLabels(hmac, "2024-25", "metric:mode_share.taxi", authorities);
    const c = figureLabels(hmac, "2023-24", "metric:unit_cost.send", authorities);
    expect(new Set(a.values()).size).toBe(6);
    expect([...a.values()].sort()).toEqual([
      "Authority 01",
      "Authority 02",
      "Authority 03",
      "Authority 04",
      "Authority 05",
      "Authority 06",
    ]);
    expect([...a.entries()]).not.toEqual([...b.entries()]);
    expect([...a.entries()]).not.toEqual([...c.entries()]);
    // The same question gets the same answer.
    expect(figureLabels(hmac, "2024-25", "metric:unit_cost.send", [...authorities].reverse())).toEqual(a);
  });
});

describe("planGroupFigures", () => {
  it("offers a figure only when it differs from every one offered by none or at least MIN_GROUP_SIZE authorities", () => {
    const range = (from: number, to: number) => new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    const plan = planGroupFigures(
      [
        { key: "network", members: range(1, 10) },
        { key: "a", members: range(1, 5) },
        { key: "b", members: range(1, 6) },
        { key: "c", members: range(1, 3) },
        { key: "d", members: range(6, 10) },
        { key: "same-as-a", members: range(1, 5) },
        { key: "e", members: range(11, 15), lost: 2 },
      ],
      5,
    );
    expect(Object.fromEntries(plan)).toEqual({
      network: { shown: true },
      a: { shown: true },
      b: { shown: false, reason: "overlap" },
      c: { shown: false, reason: "too_few" },
      d: { shown: true },
      "same-as-a": { shown: true },
      e: { shown: false, reason: "changed" },
    });
  });
});

describe("incompleteBeta and harrellDavisQuantile", () => {
  it("gives the Beta(3, 3) CDF, 10x³ − 15x⁴ + 6x⁵", () => {
    // x = 0.2: 0.08 − 0.024 + 0.00192 = 0.05792; x = 0.4: 0.64 − 0.384 + 0.06144 = 0.31744.
    expect(incompleteBeta(0.2, 3, 3)).toBeCloseTo(0.05792, 12);
    expect(incompleteBeta(0.4, 3, 3)).toBeCloseTo(0.31744, 12);
    expect(incompleteBeta(0.6, 3, 3)).toBeCloseTo(0.68256, 12);
  });
  it("weights every order statistic: the median of five is 5.792 % · x₁ + 25.952 % · x₂ + 36.512 % · x₃ + …", () => {
    // Weights I(0.2) − 0, I(0.4) − I(0.2), … = 0.05792, 0.25952, 0.36512, 0.25952, 0.05792.
    expect(harrellDavisQuantile([0, 0, 0, 0, 100], 0.5)).toBeCloseTo(5.792, 9);
    expect(harrellDavisQuantile([0, 0, 100, 0, 0], 0.5)).toBeCloseTo(36.512, 9);
    // n = 7, p = ¼: a = 2, b = 6, I_x(2, 6) = 1 − (1 − x)⁷ − 7x(1 − x)⁶; over 1,000 … 7,000 it gives 37,844,000 / 16,807.
    expect(harrellDavisQuantile([1000, 2000, 3000, 4000, 5000, 6000, 7000], 0.25)).toBeCloseTo(37_844_000 / 16_807, 8);
  });
});

describe("groupQuartiles", () => {
  const contributors = [1000, 2000, 3000, 4000, 5000].map((value, i) => ({ code: `E0${i}`, value }));
  const seven = [1000, 2000, 3000, 4000, 5000, 6000, 7000].map((value, i) => ({ code: `E0${i}`, value }));
  it("moves each Harrell–Davis quartile by its cell key: 2.5 % of the value (or of the IQR when larger), here down", () => {
    // Harrell–Davis over 1,000 … 7,000: q1 £2,251.68 (37,844,000 / 16,807), median £4,000, q3 £5,748.32; IQR £3,496.64.
    // q1 − 2.5 % × IQR = 2,251.68 − 87.42 = £2,164; median − 2.5 % × 4,000 = £3,900; q3 − 2.5 % × 5,748.32 = £5,605.
    expect(groupQuartiles({ hash: halfwayDown, cell: "x", unit: "gbp", contributors: seven })).toEqual({
      n: 7,
      q1: 2164,
      median: 3900,
      q3: 5605,
    });
  });
  it("moves a one-decimal figure by at least two display steps, and past every value shown one by one", () => {
    // Harrell–Davis over these seven: q1 2.324, median 2.702, q3 3.129. 2.5 % of 2.702 is 0.07, below the floor of
    // 2 + 2 × 0.5 = 3 steps (0.3): median 2.702 − 0.3 → 2.4, shown as another authority's value, so on to 2.3 (a
    // contributor's) and 2.2. q1 2.324 − 0.3 → 2.0 (a contributor's) → 1.9; q3 3.129 − 0.3 → 2.8.
    const rates = [2.0, 2.3, 2.5, 2.7, 2.9, 3.1, 3.6].map((value, i) => ({ code: `E0${i}`, value }));
    expect(groupQuartiles({ hash: halfwayDown, cell: "x", unit: "ratio", contributors: rates, displayed: [2.4, 2.7, 3.6] })).toEqual({
      n: 7,
      q1: 1.9,
      median: 2.2,
      q3: 2.8,
    });
  });
  it("gives coordinators the exact R-7 quartiles", () => {
    expect(groupQuartiles({ hash: halfwayDown, cell: "x", unit: "gbp", contributors, exact: true })).toEqual({
      n: 5,
      q1: 2000,
      median: 3000,
      q3: 4000,
    });
  });
  it("never lands on a contributor's own value, and answers the same question the same way", () => {
    const first = groupQuartiles({ hash: hmac, cell: "y", unit: "gbp", contributors });
    expect([first.q1, first.median, first.q3].some((q) => [1000, 2000, 3000, 4000, 5000].includes(q))).toBe(false);
    expect(groupQuartiles({ hash: hmac, cell: "y", unit: "gbp", contributors: [...contributors].reverse() })).toEqual(first);
    // Harrell–Davis quartiles of 1,000 … 5,000 are £1,769.92, £3,000 and £4,230.08 (IQR £2,460.15): each moves by
    // 1 % to 4 % of the larger of itself and the IQR (and a pound for rounding).
    const smooth = [1769.92, 3000, 4230.08];
    [first.q1, first.median, first.q3].forEach((q, i) => {
      const shift = Math.abs(q - smooth[i]!);
      expect(shift).toBeGreaterThanOrEqual(0.01 * Math.max(smooth[i]!, 2460.15) - 1);
      expect(shift).toBeLessThanOrEqual(0.04 * Math.max(smooth[i]!, 2460.15) + 1);
    });
  });
  it("suppresses a median over fewer than MIN_GROUP_SIZE, or one set off by one from a figure already offered", () => {
    const withIds = contributors.map((c, i) => ({ ...c, id: i + 1 }));
    expect(medianFigure({ hash: halfwayDown, cell: "z", unit: "gbp", minGroupSize: 5, contributors: withIds })).toEqual({
      shown: true,
      n: 5,
      median: 2925,
    });
    expect(medianFigure({ hash: halfwayDown, cell: "z", unit: "gbp", minGroupSize: 5, contributors: withIds.slice(1) })).toEqual({
      shown: false,
      message: "suppressed: fewer than 5 authorities",
    });
    expect(
      medianFigure({
        hash: halfwayDown,
        cell: "z",
        unit: "gbp",
        minGroupSize: 5,
        contributors: withIds,
        offeredBefore: [new Set([1, 2, 3, 4, 5, 6])],
      }),
    ).toEqual({
      shown: false,
      message: "suppressed: differs from another figure shown by fewer than 5 authorities",
    });
  });
});

describe("rankingView", () => {
  it("lists others one by one for a confidential metric: this figure's labels, display precision, ties by label", () => {
    const view = rankingView(round(), bravo, "unit_cost.send")!;
    expect(view.mode).toBe("ranked");
    expect(view.rows.map((row) => row.value)).toEqual([1000, 2000, 3000, 3000, 5000, 6000]);
    expect(view.rows.find((row) => row.own)).toMatchObject({ label: "Bravo", value: 2000, rank: 2 });
    expect(view.rows.filter((row) => !row.own).every((row) => /^Authority 0[1-6]$/.test(row.label))).toBe(true);
    const tied = view.rows.filter((row) => row.value === 3000);
    expect(tied.map((row) => row.label)).toEqual([...tied.map((row) => row.label)].sort());
    expect(tied.map((row) => row.rank)).toEqual([3, 3]);
    expect(JSON.stringify(view)).not.toMatch(/Alpha|Charlie|E0900000/);
  });

  it("shows a public-linkable or trend metric only as the distribution, with the member's own value placed", () => {
    const view = rankingView(round(), bravo, "ehcps")!;
    expect(view.mode).toBe("distribution");
    expect(view.rows).toEqual([]);
    expect(view.own).toMatchObject({ value: 500, rank: 5, n: 6 });
    expect(view.distribution.shown).toBe(true);
    expect(view.ownSummary).toMatch(/^500 — 5th lowest of 6; /);
    expect(rankingView(round(), bravo, "growth.unit_cost.send")!.distribution).toEqual({
      shown: false,
      reason: "too_few",
      message: "suppressed: fewer than 5 authorities",
    });
  });

  it("names every authority to a coordinator, at full precision", () => {
    const view = rankingView(round(), { kind: "coordinator" }, "ehcps")!;
    expect(view.rows.map((row) => row.label)).toEqual(["Foxtrot", "Echo", "Delta", "Charlie", "Bravo", "Alpha"]);
    expect(rankingView(round(), { kind: "coordinator" }, "unit_cost.send")!.rows[0]).toMatchObject({ label: "Alpha", value: 1000.4 });
  });
});

describe("headlineView", () => {
  it("gives value, rank of n, growth and the network's perturbed median", () => {
    const [headline] = headlineView(
      results(
        "2024-25",
        "2024-25",
        { "unit_cost.send": { 1: 1000, 2: 2000, 3: 3000, 4: 4000, 5: 5000, 6: 6000 }, "growth.unit_cost.send": { 2: 25 } },
        halfwayDown,
      ),
      2,
      ["unit_cost.send"],
    );
    // Median of 1,000…6,000 is 3,500; IQR 2,500; 3,500 − 2.5 % × 3,500 = 3,412.5 → £3,413 (display precision).
    expect(headline).toMatchObject({ value: 2000, rank: 2, n: 6, growth: 25, change: null, median: 3413 });
  });

  it("gives the member's region and statistical neighbours beside the network, each only under rule 4", () => {
    const base = results("2024-25", "2024-25", { "unit_cost.send": { 1: 1000, 2: 2000, 3: 3000, 4: 4000, 5: 5000, 6: 6000 } }, halfwayDown);
    // A region of all six: the same contributors as the network, so it may be offered, with the same median.
    const sets = new Map(base.contributors.sets).set("group:10", new Set([1, 2, 3, 4, 5, 6]));
    const whole: ResultsData = {
      ...base,
      groups: [{ id: 10, slug: "all", name: "Everywhere", kind: "region", authorityIds: [1, 2, 3, 4, 5, 6] }],
      contributors: { sets, lost: new Map() },
      plans: new Map(),
    };
    const [headline] = headlineView(whole, 2, ["unit_cost.send"]);
    expect(headline!.region).toEqual({ name: "Everywhere", figure: expect.objectContaining({ shown: true, n: 6, median: 3413 }) });
    // Neighbours {1,3,4,5,6} differ from the network by one authority: suppressed, and said why.
    expect(headline!.neighbours).toEqual({
      shown: false,
      reason: "overlap",
      message: "suppressed: differs from another figure shown by fewer than 5 authorities",
    });
    // Bravo's own region in the usual fixture is North {1,…,5}: one short of the network, suppressed.
    const [usual] = headlineView(round(), 2, ["unit_cost.send"]);
    expect(usual!.region).toMatchObject({ name: "North", figure: { shown: false, reason: "overlap" } });
    // An authority in no region has no region column to fill.
    const noRegion: ResultsData = { ...base, groups: [], plans: new Map() };
    expect(headlineView(noRegion, 2, ["unit_cost.send"])[0]!.region).toBeNull();
  });
});

describe("groupComparisonView", () => {
  it("suppresses a group too small, and one within MIN_GROUP_SIZE of the network, showing n only for figures shown", () => {
    const rows = groupComparisonView(round(), bravo, "unit_cost.send", { kind: "region" });
    expect(rows.map((row) => [row.label, row.n, row.message])).toEqual([
      ["North", null, "suppressed: differs from another figure shown by fewer than 5 authorities"],
      ["South", null, "suppressed: fewer than 5 authorities"],
      ["All authorities", 6, null],
    ]);
    expect(rows[2]!.stats).not.toHaveProperty("min");
    expect(rows[2]!.stats).not.toHaveProperty("max");
  });
});

describe("groupFigure", () => {
  it("is the same whichever figures were asked for before: metrics lacking the same authorities share a plan, others do not", () => {
    const metrics = {
      "unit_cost.send": unitCosts,
      "mode_share.taxi": { 1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60 },
      ehcps: { 1: 500, 2: 600, 3: 700, 4: 800, 5: 900 },
      "growth.unit_cost.send": { 2: 25 },
    };
    const sets: ContributorSetKey[] = ["network", "group:10", "group:11", "neighbours:2"];
    const member = { kind: "member", authorityId: 2 } as const;
    const shared = results("2024-25", "2024-25", metrics);
    const asked = Object.keys(metrics).flatMap((key) => sets.map((set) => groupFigure(shared, member, set, key)));
    const alone = Object.keys(metrics).flatMap((key) =>
      sets.map((set) => groupFigure(results("2024-25", "2024-25", metrics), member, set, key)),
    );
    expect(asked).toEqual(alone);
    // Every member and regional viewer gets the one figure; a coordinator the exact one.
    expect(groupFigure(shared, { kind: "regional_viewer", groupId: 10 }, "network", "ehcps")).toBe(
      groupFigure(shared, member, "network", "ehcps"),
    );
    expect(groupFigure(shared, { kind: "coordinator" }, "network", "ehcps")).not.toEqual(groupFigure(shared, member, "network", "ehcps"));
  });
});

describe("neighbourView", () => {
  it("gives the neighbours' figure only under the same rules", () => {
    const [row] = neighbourView(round(), 2, ["mode_share.taxi"]);
    // Neighbours {1,3,4,5,6} differ from the network {1,…,6} by one authority: suppressed.
    expect(row!.neighbours).toEqual({
      shown: false,
      reason: "overlap",
      message: "suppressed: differs from another figure shown by fewer than 5 authorities",
    });
    expect(row!.own).toBe(20);
  });
});

describe("scatterView", () => {
  it("shows others only where both metrics are confidential, unlabelled and at display precision", () => {
    const both = scatterView(round(), bravo, "mode_share.taxi", "unit_cost.send");
    expect(both.othersShown).toBe(true);
    expect(both.points).toHaveLength(6);
    expect(both.points.filter((p) => !p.highlighted).every((p) => p.label === "")).toBe(true);
    expect(both.points[0]).toMatchObject({ x: 10, y: 1000 });
    const mixed = scatterView(round(), bravo, "ehcps", "unit_cost.send");
    expect(mixed).toEqual({ othersShown: false, points: [{ key: "own", x: 500, y: 2000, highlighted: true, label: "Bravo" }] });
  });
});

describe("trendView", () => {
  it("puts the member's own value beside each round's network quartiles, oldest first", () => {
    const older = results("2023-24", "2023-24", { "unit_cost.send": { 1: 900, 2: 1800, 3: 2700, 4: 3600, 5: 4500, 6: 5400 } }, halfwayDown);
    const points = trendView([round(), older], bravo, "unit_cost.send");
    expect(points.map((p) => [p.year, p.own])).toEqual([
      ["2023-24", 1800],
      ["2024-25", 2000],
    ]);
    // 2023-24 median 3,150, IQR 2,250: 3,150 − 78.75 = 3,071.25 → £3,071.
    expect(points[0]!.median).toBe(3071);
  });
});

describe("metricsDownloadRows", () => {
  it("gives a member their own figures named, others only for confidential metrics, and distributions for the rest", () => {
    const rows = metricsDownloadRows(round(), bravo, ["unit_cost.send", "ehcps"]);
    expect(rows.filter((row) => row[1] === "Bravo")).toEqual([
      ["2024-25", "Bravo", "unit_cost.send", "value", 2000],
      ["2024-25", "Bravo", "ehcps", "value", 500],
    ]);
    expect(rows.filter((row) => row[2] === "unit_cost.send")).toHaveLength(6);
    expect(rows.filter((row) => row[2] === "ehcps").map((row) => [row[1], row[3]])).toEqual([
      ["Bravo", "value"],
      ["All authorities", "n"],
      ["All authorities", "q1"],
      ["All authorities", "median"],
      ["All authorities", "q3"],
    ]);
    expect(rows.some((row) => row[4] === 1000.4)).toBe(false);
  });
  it("identifies every authority to a coordinator, at full precision", () => {
    expect(metricsDownloadRows(round(), { kind: "coordinator" }, ["unit_cost.send"])[0]).toEqual([
      "2024-25",
      "E09000001",
      "unit_cost.send",
      1000.4,
    ]);
  });
});
