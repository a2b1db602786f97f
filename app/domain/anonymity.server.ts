/**
 * Anonymity (domain spec §5), in one place for every view, download and loader. Server-only: it
 * holds the pseudonym secret, and only its output — labels, opaque keys and aggregates — may leave.
 */
import { createHmac } from "node:crypto";
import { summarise, type RoundStatistics } from "./statistics";

import type { Viewer } from "./permissions";

/** Who is looking decides what they may see of other authorities (declared with the permissions). */
export type { Viewer };

export interface AuthorityIdentity {
  authorityId: number;
  code: string;
  name: string;
}

export interface PublicLabel {
  /** Opaque and stable within one round for this viewer: a pseudonym slug, or the ONS code for coordinators. */
  key: string;
  label: string;
  own: boolean;
}

/**
 * Pseudonyms for one round: "Authority 07" etc., numbered in the order of a keyed hash of
 * (secret, round, authority code). The order therefore reveals neither name nor value, and the same
 * authority gets an unrelated number in another round, so marks cannot be linked across rounds.
 */
export function assignPseudonyms(secret: string, roundSlug: string, authorities: readonly AuthorityIdentity[]): Map<number, string> {
  const width = Math.max(2, String(authorities.length).length);
  const hashed = authorities.map((authority) => ({
    authorityId: authority.authorityId,
    hash: createHmac("sha256", secret).update(`${roundSlug}\u0000${authority.code}`).digest("hex"),
  }));
  hashed.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return new Map(hashed.map((entry, index) => [entry.authorityId, `Authority ${String(index + 1).padStart(width, "0")}`]));
}

/**
 * How one authority appears to a viewer: coordinators see names and codes; a member sees their own
 * authority by name and every other by pseudonym; regional viewers see pseudonyms only.
 */
export function labelAuthority(viewer: Viewer, authority: AuthorityIdentity, pseudonyms: ReadonlyMap<number, string>): PublicLabel {
  if (viewer.kind === "coordinator") return { key: authority.code, label: authority.name, own: false };
  const own = viewer.kind === "member" && viewer.authorityId === authority.authorityId;
  if (own) return { key: "own", label: authority.name, own: true };
  const pseudonym = pseudonyms.get(authority.authorityId);
  if (!pseudonym) throw new Error("Every authority in a round view needs a pseudonym");
  return { key: pseudonym.toLowerCase().replace(/\s+/g, "-"), label: pseudonym, own: false };
}

/**
 * Replaces each row's authority with the viewer's label. The returned rows carry no authority id,
 * code or name beyond what `labelAuthority` allows, so they are safe to hand to a component.
 */
export function anonymiseRows<R extends { authorityId: number }>(
  rows: readonly R[],
  viewer: Viewer,
  identities: ReadonlyMap<number, AuthorityIdentity>,
  pseudonyms: ReadonlyMap<number, string>,
): Array<Omit<R, "authorityId" | "authorityCode" | "authorityName"> & PublicLabel> {
  return rows.map((row) => {
    const identity = identities.get(row.authorityId);
    if (!identity) throw new Error("A row names an authority the round does not know");
    const { authorityId: _id, authorityCode: _code, authorityName: _name, ...rest } = row as R & { authorityCode?: unknown; authorityName?: unknown };
    return { ...(rest as Omit<R, "authorityId" | "authorityCode" | "authorityName">), ...labelAuthority(viewer, identity, pseudonyms) };
  });
}

export type GroupAggregate =
  | { n: number; suppressed: true }
  | { n: number; suppressed: false; statistics: RoundStatistics };

/**
 * Statistics of a group of authorities (a region, a family, a member's statistical neighbours), shown
 * only when at least `minGroupSize` approved returns contribute; otherwise only that it is suppressed.
 */
export function aggregateGroup(values: readonly number[], minGroupSize: number): GroupAggregate {
  const statistics = values.length >= minGroupSize ? summarise(values) : null;
  return statistics ? { n: values.length, suppressed: false, statistics } : { n: values.length, suppressed: true };
}

export function suppressionMessage(minGroupSize: number): string {
  return `suppressed: fewer than ${minGroupSize} authorities`;
}
