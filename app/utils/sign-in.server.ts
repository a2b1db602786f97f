import type { Kysely } from "kysely";
import type { Database, UserRow } from "../../db/schema";
import { clearAttempts, countAttempts, pruneAttempts, recordAttempts } from "../models/sign-in-attempt.server";
import { findUserByEmail, normaliseEmail, recordSignIn } from "../models/user.server";
import { hashPassword, verifyPassword } from "./password.server";

export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;

export type SignInResult = { ok: true; user: UserRow } | { ok: false; reason: "invalid" | "throttled" };

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a sign-in, throttled per email and per IP address: after SIGN_IN_LIMIT failures within the
 * window, further attempts are refused without checking the password. The same "invalid" answer is
 * given for an unknown email, a wrong password and a deactivated account (no account enumeration).
 */
export async function attemptSignIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string },
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const keys = [`email:${email}`, `ip:${input.ip}`];
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000);
  for (const key of keys) {
    if ((await countAttempts(db, key, since)) >= SIGN_IN_LIMIT) return { ok: false, reason: "throttled" };
  }

  const user = await findUserByEmail(db, email);
  decoyHash ??= hashPassword("decoy password that never matches");
  const passwordMatches = await verifyPassword(user?.password_hash ?? (await decoyHash), input.password);
  if (!user || !passwordMatches || user.active !== 1) {
    await recordAttempts(db, keys);
    await pruneAttempts(db, since);
    return { ok: false, reason: "invalid" };
  }
  await clearAttempts(db, keys[0]!);
  await recordSignIn(db, user.id);
  return { ok: true, user };
}
