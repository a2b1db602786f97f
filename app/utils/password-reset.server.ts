import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { queueSetPasswordEmail } from "../models/notifications.server";
import { countAttempts, pruneAttempts, recordAttempts } from "../models/sign-in-attempt.server";
import { findUserByEmail, normaliseEmail } from "../models/user.server";
import { SIGN_IN_WINDOW_MINUTES } from "./sign-in.server";

/** Reset emails per address, and requests per client address, within the sign-in window. */
export const RESET_LIMIT_PER_EMAIL = 3;
export const RESET_LIMIT_PER_IP = 10;

/**
 * Queues a set-password link for the address if it belongs to an active user. The caller tells
 * every requester the same thing whatever happens here: whether the address is known, and whether
 * the request was throttled, is never revealed (no account enumeration). Returns whether an email
 * was queued, for the caller to start delivery.
 */
export async function requestPasswordReset(db: Kysely<Database>, input: { email: string; ip: string; origin: string }): Promise<boolean> {
  const email = normaliseEmail(input.email);
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const limits: Array<[string, number]> = [
    [`password-reset-email:${email}`, RESET_LIMIT_PER_EMAIL],
    [`password-reset-ip:${input.ip}`, RESET_LIMIT_PER_IP],
  ];
  for (const [key, limit] of limits) {
    if ((await countAttempts(db, key, since)) >= limit) return false;
  }
  await recordAttempts(db, limits.map(([key]) => key));
  await pruneAttempts(db, since);
  const user = await findUserByEmail(db, email);
  if (!user || user.active !== 1) return false;
  await db.transaction().execute((trx) => queueSetPasswordEmail(trx, { user, purpose: "password_reset", origin: input.origin }));
  return true;
}
