import type { Kysely } from "kysely";
import type { Database, UserRow } from "../../db/schema";
import { type ThrottleLimit, clearThrottle, pruneThrottle, releaseThrottleSlot, takeThrottleSlots } from "../models/throttle.server";
import { findUserByEmail, normaliseEmail, recordSignIn } from "../models/user.server";
import { hashPassword, verifyPassword } from "../utils/password.server";

/** Wrong passwords for one account from one address, within the window. */
export const SIGN_IN_LIMIT = 10;
/** Wrong passwords for one account from all addresses together (guessing spread over many addresses). */
export const SIGN_IN_ACCOUNT_LIMIT = 50;
/** Wrong passwords from one address for all accounts together: high, since a council's whole office may share one. */
export const SIGN_IN_ADDRESS_LIMIT = 100;
export const SIGN_IN_WINDOW_MINUTES = 15;

export type SignInResult = { ok: true; user: UserRow } | { ok: false; reason: "invalid" | "throttled" };

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

export function signInLimits(email: string, ip: string): ThrottleLimit[] {
  return [
    { key: `sign-in-account-ip:${email}|${ip}`, limit: SIGN_IN_LIMIT },
    { key: `sign-in-address:${ip}`, limit: SIGN_IN_ADDRESS_LIMIT },
    { key: `sign-in-account:${email}`, limit: SIGN_IN_ACCOUNT_LIMIT },
  ];
}

/**
 * Checks a sign-in. Each attempt first takes a slot under each throttle key, atomically (see
 * models/throttle.server.ts); an attempt over any limit is refused without checking the password, so
 * however many arrive at once, at most SIGN_IN_LIMIT wrong passwords per account and address are
 * checked in a window. A wrong password keeps its slots; a right one gives them back and clears the
 * account-and-address count. The same "invalid" answer is given for an unknown email, a wrong
 * password and a deactivated account (no account enumeration).
 */
export async function attemptSignIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const limits = signInLimits(email, input.ip);
  if (!(await takeThrottleSlots(db, limits, now, SIGN_IN_WINDOW_MINUTES))) return { ok: false, reason: "throttled" };

  const user = await findUserByEmail(db, email);
  decoyHash ??= hashPassword("decoy password that never matches");
  const passwordMatches = await verifyPassword(user?.password_hash ?? (await decoyHash), input.password);
  if (!user || !passwordMatches || user.active !== 1) {
    await pruneThrottle(db, new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000));
    return { ok: false, reason: "invalid" };
  }
  const [accountAtAddress, ...others] = limits;
  await clearThrottle(db, accountAtAddress!.key);
  for (const { key } of others) await releaseThrottleSlot(db, key);
  await recordSignIn(db, user.id);
  return { ok: true, user };
}
