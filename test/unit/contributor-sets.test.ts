import { describe, expect, it } from "vitest";
import { contributorSetsOf, narrowToApproved } from "../../app/domain/contributor-sets";

describe("contributorSetsOf", () => {
  it("makes the network, each group and each authority's neighbours from the approved returns only", () => {
    // Approved: 1, 2, 3. Group 7 has 1, 2 and 4 (4 not approved); group 8 only 5 (not approved).
    // Authority 1's neighbours are 2 and 4; authority 4's are 1 and 3 (4 itself need not be approved).
    const sets = contributorSetsOf(
      [1, 2, 3],
      [
        { groupId: 7, authorityId: 1 },
        { groupId: 7, authorityId: 2 },
        { groupId: 7, authorityId: 4 },
        { groupId: 8, authorityId: 5 },
      ],
      [
        { authorityId: 1, neighbourId: 2 },
        { authorityId: 1, neighbourId: 4 },
        { authorityId: 4, neighbourId: 1 },
        { authorityId: 4, neighbourId: 3 },
      ],
    );
    expect(Object.fromEntries([...sets].map(([key, members]) => [key, [...members]]))).toEqual({
      network: [1, 2, 3],
      "group:7": [1, 2],
      "neighbours:1": [2],
      "neighbours:4": [1, 3],
    });
  });
});

describe("narrowToApproved", () => {
  it("keeps the members still approved and counts those lost since publication", () => {
    const fixed = new Map([
      ["network" as const, new Set([1, 2, 3])],
      ["group:7" as const, new Set([1, 2])],
    ]);
    const { sets, lost } = narrowToApproved(fixed, new Set([1, 3, 9]));
    expect([...sets.get("network")!]).toEqual([1, 3]);
    expect([...sets.get("group:7")!]).toEqual([1]);
    // 9 was approved after publication: it joins no fixed set.
    expect(Object.fromEntries(lost)).toEqual({ network: 1, "group:7": 1 });
  });
});
