import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, Executor, ReturnRow, RoundRow } from "../../db/schema";
import { getQuestionSet } from "../domain/question-set";
import type { CurrentReturn } from "../domain/returns-file";
import { type UploadReview, reviewUpload } from "../domain/upload-review";
import { findReturn, readReturnValues } from "./return.server";
import { loadValidationContext } from "./return-workspace.server";

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

/** An authority's return as an upload is checked against: the stored answers and what warnings compare with. */
export async function loadCurrentReturn(
  db: Kysely<Database>,
  round: RoundRow,
  authorityId: number,
): Promise<{ returnRow: ReturnRow | undefined; current: CurrentReturn }> {
  const returnRow = await findReturn(db, round.id, authorityId);
  const [values, context] = await Promise.all([
    returnRow ? readReturnValues(db, returnRow.id) : Promise.resolve({}),
    loadValidationContext(db, round, authorityId),
  ]);
  return { returnRow, current: { values, ...context } };
}

/** A user's pending upload with what it would change in their authority's return as stored now; no upload when it has gone. */
export async function loadUploadReview(
  db: Kysely<Database>,
  input: { token: string; userId: number; round: RoundRow; authorityId: number },
): Promise<{ returnRow: ReturnRow | undefined; upload: { pending: PendingUpload; review: UploadReview } | null }> {
  const { returnRow, current } = await loadCurrentReturn(db, input.round, input.authorityId);
  const pending = await findPendingUpload(db, {
    token: input.token,
    userId: input.userId,
    roundId: input.round.id,
    authorityId: input.authorityId,
  });
  if (!pending) return { returnRow, upload: null };
  return {
    returnRow,
    upload: { pending, review: reviewUpload(getQuestionSet(input.round.question_set_version), pending.payload, current) },
  };
}
