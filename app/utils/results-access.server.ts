import type { Viewer } from "../domain/anonymity.server";
import { type RoundResults, loadRoundResults } from "../models/round-results.server";
import { findRoundBySlug, listRounds } from "../models/round.server";
import { type SessionUser, forbidden, notFound, requireUser } from "./auth.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

export function viewerFor(user: SessionUser): Viewer {
  switch (user.role) {
    case "member":
      return { kind: "member", authorityId: user.authority_id! };
    case "regional_viewer":
      return { kind: "regional", groupId: user.group_id! };
    case "coordinator":
      return { kind: "coordinator" };
  }
}

/**
 * The signed-in user, how they view results, and a round's results they may see: members and
 * regional viewers only published rounds (anything else is 404 to them), coordinators any round.
 */
export async function requireRoundResults(
  request: Request,
  slug: string | undefined,
): Promise<{ user: SessionUser; viewer: Viewer; results: RoundResults }> {
  const user = await requireUser(request);
  const viewer = viewerFor(user);
  const round = slug ? await findRoundBySlug(getDb(), slug) : undefined;
  if (!round || (viewer.kind !== "coordinator" && round.status !== "published")) throw notFound();
  return { user, viewer, results: await loadRoundResults(getDb(), round, getEnv().PSEUDONYM_SECRET) };
}

/** Who a figure is drawn for, as far as its content goes: the same for every member of one authority. */
export function viewerCacheKey(viewer: Viewer): string {
  return viewer.kind === "member" ? `member:${viewer.authorityId}` : viewer.kind === "regional" ? `regional:${viewer.groupId}` : "coordinator";
}

/** Results of every round the viewer may compare across (published rounds; coordinators too). */
export async function loadPublishedResults(): Promise<RoundResults[]> {
  const db = getDb();
  const rounds = (await listRounds(db)).filter((round) => round.status === "published");
  return Promise.all(rounds.map((round) => loadRoundResults(db, round, getEnv().PSEUDONYM_SECRET)));
}

/** Pages about one's own authority (trend, neighbours) are for members only. */
export function requireOwnAuthority(viewer: Viewer): number {
  if (viewer.kind !== "member") throw forbidden();
  return viewer.authorityId;
}
