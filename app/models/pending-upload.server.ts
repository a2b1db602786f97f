import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Executor } from "../../db/schema";

/** How long an uploaded return waits for its confirmation before it must be uploaded again. */
export const PENDING_UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

const payloadSchema = z.object({
  values: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()])),
  cells: z.record(z.string(), z.object({ sheet: z.string().optional(), row: z.number(), column: z.string() })),
});

export type PendingUploadPayload = z.infer<typeof payloadSchema>;

export interface PendingUpload {
  token: string;
  fileName: string;
  payload: PendingUploadPayload;
}

/**
 * Keeps a member's parsed upload until they confirm it, under a new random token. An earlier upload
 * of theirs to the same round, and anything expired, is dropped: only the latest file can be confirmed.
 */
export async function savePendingUpload(
  db: Executor,
  input: { userId: number; roundId: number; authorityId: number; fileName: string; payload: PendingUploadPayload },
): Promise<string> {
  const now = new Date();
  await db
    .deleteFrom("pending_uploads")
    .where((eb) =>
      eb.or([eb("expires_at", "<=", now.toISOString()), eb.and([eb("user_id", "=", input.userId), eb("round_id", "=", input.roundId)])]),
    )
    .execute();
  const token = randomBytes(24).toString("base64url");
  await db
    .insertInto("pending_uploads")
    .values({
      token,
      user_id: input.userId,
      round_id: input.roundId,
      authority_id: input.authorityId,
      file_name: input.fileName,
      payload: JSON.stringify(input.payload),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PENDING_UPLOAD_LIFETIME_MS).toISOString(),
    })
    .execute();
  return token;
}

/** The user's own unexpired upload to this round and authority under `token`, or undefined. */
export async function findPendingUpload(
  db: Executor,
  input: { token: string; userId: number; roundId: number; authorityId: number },
): Promise<PendingUpload | undefined> {
  const row = await db
    .selectFrom("pending_uploads")
    .select(["token", "file_name", "payload"])
    .where("token", "=", input.token)
    .where("user_id", "=", input.userId)
    .where("round_id", "=", input.roundId)
    .where("authority_id", "=", input.authorityId)
    .where("expires_at", ">", new Date().toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  const payload = payloadSchema.safeParse(JSON.parse(row.payload));
  return payload.success ? { token: row.token, fileName: row.file_name, payload: payload.data } : undefined;
}

export async function deletePendingUpload(db: Executor, token: string): Promise<void> {
  await db.deleteFrom("pending_uploads").where("token", "=", token).execute();
}
