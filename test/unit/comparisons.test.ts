import { describe, expect, it } from "vitest";
import { assignPseudonyms } from "../../app/domain/anonymity.server";
import {
  type ResultsData,
  groupComparisonView,
  headlineView,
  metricsDownloadRows,
  neighbourView,
  rankingView,
  scatterView,
  trendView,
} from "../../app/domain/comparisons.server";
import { rankValues, summarise } from "../../app/domain/statistics";

const authorities = [
  { authorityId: 1, code: "E09000001", name: "Alpha" },
  { authorityId: 2, code: "E09000002", name: "Bravo" },
  { authorityId: 3, code: "E09000003", name: "Charlie" },
  { authorityId: 4, code: "E09000004", name: "Delta" },
  { authorityId: 5, code: "E09000005", name: "Echo" },
  { authorityId: 6, code: "E09000006", name: "Foxtrot" },
];

/** A hand-made round: unit cost £1,000 × id, EHCP rate 10 × (7 − id), growth for Bravo only. */
function results(slug: string, year: string, metrics: Record<string, Record<number, number>>): ResultsData {
  const byMetric = new Map<string, Array<{ authorityId: number; metricKey: string; value: number; rank: number; quartileBand: 1 | 2 | 3 | 4; percentile: number }>>();
  const byAuthority = new Map<number, Map<string, ReturnType<typeof byMetric.get> extends Array<infer T> | undefined ? T : never>>();
  const statistics = new Map();
  for (const [metricKey, values] of Object.entries(metrics)) {
    const ranked = rankValues(Object.entries(values).map(([id, value]) => ({ id: Number(id), value })));
    const list = Object.entries(values)
      .map(([id, value]) => {
        const r = ranked.get(Number(id))!;
        return { authorityId: Number(id), metricKey, value, rank: r.rank, quartileBand: r.quartileBand, percentile: r.percentile };
      })
      .sort((a, b) => a.value - b.value);
    byMetric.set(metricKey, list);
    for (const entry of list) {
      const own = byAuthority.get(entry.authorityId) ?? new Map();
      own.set(metricKey, entry);
      byAuthority.set(entry.authorityId, own);
    }
    statistics.set(metricKey, { metricKey, ...summarise(Object.values(values))! });
  }
  return {
    round: { slug, name: `Round ${year}`, financial_year: year },
    identities: new Map(authorities.map((a) => [a.authorityId, a])),
    pseudonyms: assignPseudonyms("secret", slug, authorities),
    byMetric,
    byAuthority,
    statistics,
    groups: [
      { id: 10, slug: "north", name: "North", kind: "region", authorityIds: [1, 2, 3, 4, 5] },
      { id: 11, slug: "south", name: "South", kind: "region", authorityIds: [6] },
    ],
  };
}

const unitCosts = { 1: 1000, 2: 2000, 3: 3000, 4: 4000, 5: 5000, 6: 6000 };
const round = results("2024-25", "2024-25", {
  "unit_cost.send": unitCosts,
  ehcp_rate_per_10k: { 1: 60, 2: 50, 3: 40, 4: 30, 5: 20, 6: 10 },
  "growth.unit_cost.send": { 2: 25 },
});
const bravo = { kind: "member", authorityId: 2 } as const;

describe("rankingView", () => {
  it("lists every authority lowest first, naming only the member's own", () => {
    const view = rankingView(round, bravo, "unit_cost.send")!;
    expect(view.rows.map((row) => row.value)).toEqual([1000, 2000, 3000, 4000, 5000, 6000]);
    expect(view.rows[1]).toMatchObject({ label: "Bravo", own: true, rank: 2 });
    expect(view.rows.filter((row) => row.label.startsWith("Authority "))).toHaveLength(5);
    // Quartiles of 1000..6000 (R type 7): Q1 = 2250, median 3500, Q3 = 4750; Bravo's 2000 is below Q1.
    expect(view.statistics).toMatchObject({ q1: 2250, median: 3500, q3: 4750 });
    expect(view.ownSummary).toBe("£2,000 a child — 2nd lowest of 6; lowest quartile");
  });
});

describe("headlineView", () => {
  it("gives value, rank of n, growth and the network median; change not available", () => {
    const [headline] = headlineView(round, 2, ["unit_cost.send"]);
    expect(headline).toMatchObject({ value: 2000, rank: 2, n: 6, growth: 25, change: null, median: 3500 });
  });
});

describe("groupComparisonView", () => {
  it("shows a group of five, suppresses a group of one, and adds the whole network", () => {
    const rows = groupComparisonView(round, "unit_cost.send", { kind: "region", minGroupSize: 5, highlightGroupId: 11 });
    expect(rows).toEqual([
      { label: "North", n: 5, suppressed: false, stats: expect.objectContaining({ q1: 2000, median: 3000, q3: 4000 }), highlighted: false },
      { label: "South", n: 1, suppressed: true, stats: null, highlighted: true },
      { label: "All authorities", n: 6, suppressed: false, stats: expect.objectContaining({ median: 3500 }), highlighted: false },
    ]);
  });
});

describe("neighbourView", () => {
  it("aggregates neighbours at the minimum size and suppresses below it", () => {
    const [shown] = neighbourView(round, 2, [1, 3, 4, 5, 6], ["unit_cost.send"], 5);
    expect(shown!.own).toBe(2000);
    expect(shown!.neighbours).toMatchObject({ n: 5, suppressed: false, statistics: { median: 4000, q1: 3000, q3: 5000 } });
    const [hidden] = neighbourView(round, 2, [1, 3, 4, 5], ["unit_cost.send"], 5);
    expect(hidden!.neighbours).toEqual({ n: 4, suppressed: true });
  });
});

describe("scatterView", () => {
  it("pairs two metrics per authority in value order, highlighting only the member", () => {
    const points = scatterView(round, bravo, "ehcp_rate_per_10k", "unit_cost.send");
    expect(points.map((p) => [p.x, p.y])).toEqual([[10, 6000], [20, 5000], [30, 4000], [40, 3000], [50, 2000], [60, 1000]]);
    expect(points.filter((p) => p.highlighted)).toEqual([expect.objectContaining({ x: 50, label: "Bravo" })]);
  });
});

describe("trendView", () => {
  it("puts the member's own value beside the network's quartiles, oldest round first", () => {
    const earlier = results("2023-24", "2023-24", { "unit_cost.send": { 1: 500, 2: 1500, 3: 2500, 4: 3500, 5: 4500 } });
    expect(trendView([round, earlier], 2, "unit_cost.send")).toEqual([
      { year: "2023-24", own: 1500, q1: 1500, median: 2500, q3: 3500 },
      { year: "2024-25", own: 2000, q1: 2250, median: 3500, q3: 4750 },
    ]);
  });
});

describe("metricsDownloadRows", () => {
  it("labels rows as the viewer sees them: pseudonyms for a member, codes for a coordinator", () => {
    const memberRows = metricsDownloadRows(round, bravo, ["unit_cost.send"]);
    expect(memberRows.find((row) => row[3] === 2000)).toEqual(["2024-25", "Bravo", "unit_cost.send", 2000]);
    expect(memberRows.map((row) => row[1]).join()).not.toMatch(/Alpha|E0900000/);
    expect(metricsDownloadRows(round, { kind: "coordinator" }, ["unit_cost.send"])[0]).toEqual(["2024-25", "E09000001", "unit_cost.send", 1000]);
  });
});
