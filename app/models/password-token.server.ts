import { createHash, randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database, Executor, PasswordTokenPurpose } from "../../db/schema";
import { SET_PASSWORD_LINK_HOURS } from "../domain/notifications";

/** 256 random bits make guessing hopeless, so a plain SHA-256 (not a slow password hash) is enough to store. */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssuedToken {
  id: number;
  /** The secret for the link; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

export async function issuePasswordToken(
  trx: Transaction<Database>,
  input: { userId: number; purpose: PasswordTokenPurpose; now?: Date },
): Promise<IssuedToken> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SET_PASSWORD_LINK_HOURS * 60 * 60 * 1000);
  const row = await trx
    .insertInto("password_tokens")
    .values({
      user_id: input.userId,
      purpose: input.purpose,
      token_hash: hashToken(token),
      expires_at: expiresAt.toISOString(),
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

/** The active user a link was issued to, while it is unused and unexpired; otherwise undefined. */
export async function findTokenUser(db: Executor, token: string, now = new Date()) {
  return db
    .selectFrom("password_tokens")
    .innerJoin("users", "users.id", "password_tokens.user_id")
    .select(["users.id", "users.email"])
    .where("password_tokens.token_hash", "=", hashToken(token))
    .where("password_tokens.used_at", "is", null)
    .where("password_tokens.expires_at", ">", now.toISOString())
    .where("users.active", "=", 1)
    .executeTakeFirst();
}

/**
 * Uses up a link and returns whom it was for, or undefined if it is unknown, spent or expired. The
 * conditional UPDATE lets only one of two simultaneous uses win. Every other link the user still
 * holds is spent too: once a password is set, older invitations and resets must not work.
 */
export async function consumePasswordToken(trx: Transaction<Database>, token: string, now = new Date()): Promise<number | undefined> {
  const at = now.toISOString();
  const used = await trx
    .updateTable("password_tokens")
    .set({ used_at: at })
    .where("token_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", at)
    .returning("user_id")
    .executeTakeFirst();
  if (!used) return undefined;
  const user = await trx.selectFrom("users").select("id").where("id", "=", used.user_id).where("active", "=", 1).executeTakeFirst();
  if (!user) return undefined;
  await trx.updateTable("password_tokens").set({ used_at: at }).where("user_id", "=", user.id).where("used_at", "is", null).execute();
  return user.id;
}
