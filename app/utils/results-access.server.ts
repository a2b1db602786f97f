import { type Permission, type Viewer, can } from "../domain/permissions";
import { type RoundResults, loadRoundResults } from "../services/round-results.server";
import { findRoundBySlug, listRounds } from "../models/round.server";
import { readOrCreateServiceSecret } from "../models/service-secret.server";
import { type SessionUser, forbidden, notFound, requirePermission } from "./auth.server";
import { getDb } from "./db.server";
import { getEnv } from "./env.server";

let generatedSecret: Promise<string> | undefined;

/**
 * The key of the pseudonym hash: PSEUDONYM_SECRET in production (required there); elsewhere a random
 * secret generated once per database and kept in it, so no two development or demo deployments share
 * pseudonyms and nobody can recompute them from the source.
 */
export function pseudonymSecret(): Promise<string> {
  const configured = getEnv().PSEUDONYM_SECRET;
  if (configured) return Promise.resolve(configured);
  generatedSecret ??= readOrCreateServiceSecret(getDb(), "pseudonym");
  generatedSecret.catch(() => (generatedSecret = undefined));
  return generatedSecret;
}

/** What disclosure control needs to build a round's results: the hash key and the minimum group size. */
async function resultsOptions() {
  return { pseudonymSecret: await pseudonymSecret(), minGroupSize: getEnv().MIN_GROUP_SIZE };
}

/**
 * The signed-in user, how they view results, and a round's results they may see: published rounds
 * for everyone allowed results, unpublished ones only with "results.unpublished" (404 otherwise).
 */
export async function requireRoundResults(
  request: Request,
  slug: string | undefined,
  permission: Permission = "results.published",
): Promise<{ user: SessionUser; viewer: Viewer; results: RoundResults }> {
  const { user, viewer } = await requirePermission(request, permission);
  const round = slug ? await findRoundBySlug(getDb(), slug) : undefined;
  if (!round || (round.status !== "published" && !can(viewer, "results.unpublished"))) throw notFound();
  return { user, viewer, results: await loadRoundResults(getDb(), round, await resultsOptions()) };
}

/** Who a figure is drawn for, as far as its content goes: the same for every member of one authority. */
export function viewerCacheKey(viewer: Viewer): string {
  return viewer.kind === "member"
    ? `member:${viewer.authorityId}`
    : viewer.kind === "regional_viewer"
      ? `regional:${viewer.groupId}`
      : "coordinator";
}

/** Results of every round the viewer may compare across (published rounds; coordinators too). */
export async function loadPublishedResults(): Promise<RoundResults[]> {
  const db = getDb();
  const rounds = (await listRounds(db)).filter((round) => round.status === "published");
  const options = await resultsOptions();
  return Promise.all(rounds.map((round) => loadRoundResults(db, round, options)));
}

/** Pages about one's own authority (trend, neighbours) are for members only. */
export function requireOwnAuthority(viewer: Viewer): number {
  if (viewer.kind !== "member" || !can(viewer, "results.own_authority")) throw forbidden();
  return viewer.authorityId;
}
