import { describe, expect, it } from "vitest";
import { aggregateGroup, anonymiseRows, assignPseudonyms, labelAuthority, suppressionMessage } from "../../app/domain/anonymity.server";

const authorities = Array.from({ length: 30 }, (_, i) => ({
  authorityId: i + 1,
  code: `E0600${String(i + 1).padStart(4, "0")}`,
  name: `Council ${String.fromCharCode(65 + (i % 26))}${i}`,
}));
const identities = new Map(authorities.map((a) => [a.authorityId, a]));

describe("assignPseudonyms", () => {
  it("numbers every authority once, zero-padded", () => {
    const pseudonyms = assignPseudonyms("secret", "2024-25", authorities);
    expect(new Set(pseudonyms.values()).size).toBe(30);
    expect([...pseudonyms.values()].sort()[0]).toBe("Authority 01");
    expect([...pseudonyms.values()].sort().at(-1)).toBe("Authority 30");
  });

  it("does not follow the order of names or codes, and differs between rounds and secrets", () => {
    const first = assignPseudonyms("secret", "2024-25", authorities);
    const ids = (map: Map<number, string>) => [...map.entries()].sort((a, b) => a[1].localeCompare(b[1])).map(([id]) => id);
    const byName = [...authorities].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.authorityId);
    expect(ids(first)).not.toEqual(byName);
    expect(ids(first)).not.toEqual(authorities.map((a) => a.authorityId));
    expect(ids(assignPseudonyms("secret", "2023-24", authorities))).not.toEqual(ids(first));
    expect(ids(assignPseudonyms("other secret", "2024-25", authorities))).not.toEqual(ids(first));
    expect(ids(assignPseudonyms("secret", "2024-25", authorities))).toEqual(ids(first));
  });
});

describe("labelAuthority and anonymiseRows", () => {
  const pseudonyms = assignPseudonyms("secret", "2024-25", authorities);
  const rows = authorities.slice(0, 3).map((a) => ({ authorityId: a.authorityId, authorityCode: a.code, value: a.authorityId * 100 }));

  it("names only the member's own authority", () => {
    const result = anonymiseRows(rows, { kind: "member", authorityId: 2 }, identities, pseudonyms);
    expect(result[1]).toEqual({ value: 200, key: "own", label: "Council B1", own: true });
    expect(result[0]!.label).toBe(pseudonyms.get(1));
    expect(JSON.stringify(result)).not.toContain("Council A0");
    expect(JSON.stringify(result)).not.toContain("E060000");
    expect(result[0]).not.toHaveProperty("authorityId");
  });

  it("shows a regional viewer no names at all", () => {
    const result = anonymiseRows(rows, { kind: "regional_viewer", groupId: 1 }, identities, pseudonyms);
    expect(result.every((row) => row.label.startsWith("Authority ") && !row.own)).toBe(true);
  });

  it("identifies every authority to a coordinator", () => {
    expect(labelAuthority({ kind: "coordinator" }, authorities[0]!, pseudonyms)).toEqual({ key: "E06000001", label: "Council A0", own: false });
  });
});

describe("aggregateGroup", () => {
  it("suppresses a group below the minimum size and says why", () => {
    expect(aggregateGroup([1, 2, 3, 4], 5)).toEqual({ n: 4, suppressed: true });
    expect(suppressionMessage(5)).toBe("suppressed: fewer than 5 authorities");
  });

  it("gives quartiles at the minimum size", () => {
    const group = aggregateGroup([10, 20, 30, 40, 50], 5);
    expect(group).toMatchObject({ n: 5, suppressed: false, statistics: { q1: 20, median: 30, q3: 40, min: 10, max: 50 } });
  });
});
