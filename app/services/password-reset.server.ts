import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { queueSetPasswordEmail } from "./notifications.server";
import { pruneThrottle, takeThrottleSlots } from "../models/throttle.server";
import { findUserByEmail, normaliseEmail } from "../models/user.server";
import { SIGN_IN_WINDOW_MINUTES } from "./sign-in.server";

/** Reset emails per address, and requests per client address (an office shares one), within the sign-in window. */
export const RESET_LIMIT_PER_EMAIL = 3;
export const RESET_LIMIT_PER_IP = 30;

/**
 * Queues a set-password link for the address if it belongs to an active user. `origin` is the
 * configured one (appOrigin()), never the request's Host. The caller tells every requester the same
 * thing whatever happens here: whether the address is known, and whether the request was throttled,
 * is never revealed (no account enumeration). Returns whether an email was queued, for the caller to
 * start delivery.
 */
export async function requestPasswordReset(
  db: Kysely<Database>,
  input: { email: string; ip: string; origin: string },
  now = new Date(),
): Promise<boolean> {
  const email = normaliseEmail(input.email);
  const limits = [
    { key: `password-reset-email:${email}`, limit: RESET_LIMIT_PER_EMAIL },
    { key: `password-reset-ip:${input.ip}`, limit: RESET_LIMIT_PER_IP },
  ];
  if (!(await takeThrottleSlots(db, limits, now, SIGN_IN_WINDOW_MINUTES))) return false;
  await pruneThrottle(db, new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000));
  const user = await findUserByEmail(db, email);
  if (!user || user.active !== 1) return false;
  await db.transaction().execute((trx) => queueSetPasswordEmail(trx, { user, purpose: "password_reset", origin: input.origin }));
  return true;
}
