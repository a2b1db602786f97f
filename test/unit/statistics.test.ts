import { describe, expect, test } from "vitest";
import { rankValues, summarise } from "~/domain/statistics";

describe("summarise", () => {
  test("quartiles of [1, 2, 3, 4] interpolate linearly (R type 7, QUARTILE.INC)", () => {
    // positions (n − 1) × p: 0.75, 1.5, 2.25 → 1.75, 2.5, 3.25
    expect(summarise([1, 2, 3, 4])).toEqual({ n: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4, mean: 2.5 });
  });

  test("sorts unsorted values without changing the caller's array", () => {
    const values = [40, 10, 30, 20, 50];
    // positions 1, 2, 3 land on order statistics: 20, 30, 40
    expect(summarise(values)).toEqual({ n: 5, min: 10, q1: 20, median: 30, q3: 40, max: 50, mean: 30 });
    expect(values).toEqual([40, 10, 30, 20, 50]);
  });

  test("unit costs from a round", () => {
    // sorted: 2,100 · 5,000 · 6,000 · 9,500 · 12,000 · 25,000
    // Q1 at 1.25: 5,000 + 0.25 × 1,000 = 5,250; median at 2.5: (6,000 + 9,500) / 2 = 7,750;
    // Q3 at 3.75: 9,500 + 0.75 × 2,500 = 11,375; mean 59,600 / 6 = 9,933.33…
    const statistics = summarise([12_000, 5_000, 2_100, 25_000, 9_500, 6_000]);
    expect(statistics).toMatchObject({ n: 6, min: 2_100, q1: 5_250, median: 7_750, q3: 11_375, max: 25_000 });
    expect(statistics?.mean).toBeCloseTo(9_933.333, 3);
  });

  test("a single value is every statistic", () => {
    expect(summarise([7])).toEqual({ n: 1, min: 7, q1: 7, median: 7, q3: 7, max: 7, mean: 7 });
  });

  test("handles negative values", () => {
    expect(summarise([-10, 10])).toEqual({ n: 2, min: -10, q1: -5, median: 0, q3: 5, max: 10, mean: 0 });
  });

  test("no values, no statistics", () => {
    expect(summarise([])).toBeNull();
  });
});

describe("rankValues", () => {
  test("rank 1 is the lowest and ties share the lower rank (1, 2, 2, 4)", () => {
    const ranks = rankValues([
      { id: "d", value: 40 },
      { id: "b", value: 20 },
      { id: "a", value: 10 },
      { id: "c", value: 20 },
    ]);
    expect(["a", "b", "c", "d"].map((id) => ranks.get(id)?.rank)).toEqual([1, 2, 2, 4]);
    expect(ranks.get("a")?.n).toBe(4);
  });

  test("percentile is the share of the other values strictly below", () => {
    const ranks = rankValues([
      { id: "a", value: 10 },
      { id: "b", value: 20 },
      { id: "c", value: 20 },
      { id: "d", value: 40 },
    ]);
    // 0 of 3 below, 1 of 3, 1 of 3, 3 of 3
    expect(ranks.get("a")?.percentile).toBe(0);
    expect(ranks.get("b")?.percentile).toBeCloseTo(33.333, 3);
    expect(ranks.get("c")?.percentile).toBeCloseTo(33.333, 3);
    expect(ranks.get("d")?.percentile).toBe(100);
  });

  test("quartile bands follow the quartiles of the same values", () => {
    // Q1 1.75, median 2.5, Q3 3.25
    const ranks = rankValues([1, 2, 3, 4].map((value) => ({ id: value, value })));
    expect([1, 2, 3, 4].map((id) => ranks.get(id)?.quartileBand)).toEqual([1, 2, 3, 4]);
  });

  test("a value on a quartile boundary goes to the lower band", () => {
    // [1..5]: Q1 2, median 3, Q3 4 exactly on values
    const ranks = rankValues([1, 2, 3, 4, 5].map((value) => ({ id: value, value })));
    expect([1, 2, 3, 4, 5].map((id) => ranks.get(id)?.quartileBand)).toEqual([1, 1, 2, 3, 4]);
  });

  test("tied values share a band", () => {
    // [10, 20, 20, 40]: Q1 17.5, median 20, Q3 25
    const ranks = rankValues([
      { id: "a", value: 10 },
      { id: "b", value: 20 },
      { id: "c", value: 20 },
      { id: "d", value: 40 },
    ]);
    expect(["a", "b", "c", "d"].map((id) => ranks.get(id)?.quartileBand)).toEqual([1, 2, 2, 4]);
  });

  test("a lone value is rank 1 of 1, band 1, percentile 0", () => {
    expect(rankValues([{ id: 7, value: 123 }]).get(7)).toEqual({ rank: 1, n: 1, quartileBand: 1, percentile: 0 });
  });

  test("no entries, no ranks", () => {
    expect(rankValues([]).size).toBe(0);
  });

  test("ranks 50,000 authorities, ties included", () => {
    // values 0, 0, 1, 1, 2, 2, … in shuffled order: value v has rank 2v + 1
    const n = 50_000;
    const entries = Array.from({ length: n }, (_, index) => {
      const id = (index * 7_919) % n;
      return { id, value: Math.floor(id / 2) };
    });
    const ranks = rankValues(entries);
    expect(ranks.size).toBe(n);
    const misranked = entries.filter(({ id, value }) => ranks.get(id)?.rank !== 2 * value + 1);
    expect(misranked).toEqual([]);
    expect(ranks.get(0)?.quartileBand).toBe(1);
    expect(ranks.get(n - 1)?.quartileBand).toBe(4);
    expect(ranks.get(n - 1)?.percentile).toBeCloseTo(((n - 2) / (n - 1)) * 100, 9);
  });
});
