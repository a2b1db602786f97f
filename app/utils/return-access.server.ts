import type { RoundRow } from "../../db/schema";
import { findRoundBySlug } from "../models/round.server";
import { type Member, notFound, requireMember } from "./auth.server";
import { getDb } from "./db.server";

/**
 * The signed-in member and a round they may see. Draft rounds do not exist as far as members are
 * concerned (404), and a member's own authority is the only one their URLs can reach.
 */
export async function requireMemberRound(request: Request, slug: string | undefined): Promise<{ member: Member; round: RoundRow }> {
  const member = await requireMember(request);
  const round = slug ? await findRoundBySlug(getDb(), slug) : undefined;
  if (!round || round.status === "draft") throw notFound();
  return { member, round };
}

/** The answer to an attempt to change a return that may not be changed now. */
export function editingClosed(): Response {
  return new Response("This return cannot be changed now: the round is not open, or the return has been submitted.", {
    status: 403,
    statusText: "Forbidden",
  });
}

/**
 * The return version a form was based on (hidden input "version"); -1 when absent or malformed, which
 * no stored return has, so such a save is refused as stale rather than guessed at.
 */
export function formVersion(formData: FormData): number {
  const raw = formData.get("version");
  return typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : -1;
}
