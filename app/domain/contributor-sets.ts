/**
 * Which authorities stand behind each group figure of a round (domain spec §5.3 rule 4): the sets
 * are made from the round's approved returns when it is first published, and kept; disclosure.ts
 * reads them to decide which group figures may be shown.
 */
import type { ContributorSetKey, ContributorSets } from "./disclosure";

export type ContributorSetMap = Map<ContributorSetKey, Set<number>>;

/**
 * The contributor sets a round's approved returns make now: the network, each group's approved
 * members, and each authority's approved statistical neighbours.
 */
export function contributorSetsOf(
  approved: readonly number[],
  memberships: ReadonlyArray<{ groupId: number; authorityId: number }>,
  neighbours: ReadonlyArray<{ authorityId: number; neighbourId: number }>,
): ContributorSetMap {
  const inRound = new Set(approved);
  const sets: ContributorSetMap = new Map([["network", inRound]]);
  const add = (key: ContributorSetKey, id: number) => {
    if (!inRound.has(id)) return;
    const set = sets.get(key) ?? new Set<number>();
    set.add(id);
    sets.set(key, set);
  };
  for (const row of memberships) add(`group:${row.groupId}`, row.authorityId);
  for (const row of neighbours) add(`neighbours:${row.authorityId}`, row.neighbourId);
  return sets;
}

/** Fixed sets narrowed to the returns still approved, counting per set the members lost since publication. */
export function narrowToApproved(
  sets: ReadonlyMap<ContributorSetKey, ReadonlySet<number>>,
  approved: ReadonlySet<number>,
): ContributorSets {
  const narrowed = new Map<ContributorSetKey, ReadonlySet<number>>();
  const lost = new Map<ContributorSetKey, number>();
  for (const [key, members] of sets) {
    const kept = new Set([...members].filter((id) => approved.has(id)));
    narrowed.set(key, kept);
    if (kept.size < members.size) lost.set(key, members.size - kept.size);
  }
  return { sets: narrowed, lost };
}
