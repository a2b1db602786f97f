import type { Transaction } from "kysely";
import type { Database, Executor, Role } from "../../db/schema";
import { appendAudit } from "./audit.server";

export interface CommentView {
  id: number;
  body: string;
  createdAt: string;
  authorName: string | null;
  authorRole: Role | null;
  /** The answers the comment is about (a query of particular fields); empty for the whole return. */
  fieldKeys: string[];
}

/** The thread on one return, oldest first: seen by the authority's members and the coordinators. */
export async function listComments(db: Executor, returnId: number): Promise<CommentView[]> {
  const rows = await db
    .selectFrom("comments")
    .leftJoin("users", "users.id", "comments.user_id")
    .select([
      "comments.id",
      "comments.body",
      "comments.created_at as createdAt",
      "comments.field_keys",
      "users.name as authorName",
      "users.role as authorRole",
    ])
    .where("comments.return_id", "=", returnId)
    .orderBy("comments.id")
    .execute();
  return rows.map(({ field_keys, ...row }) => ({ ...row, fieldKeys: field_keys ? (JSON.parse(field_keys) as string[]) : [] }));
}

export async function addComment(
  trx: Transaction<Database>,
  input: { returnId: number; roundId: number; userId: number; body: string; fieldKeys?: readonly string[] },
): Promise<void> {
  const fieldKeys = input.fieldKeys && input.fieldKeys.length > 0 ? [...input.fieldKeys] : null;
  await trx
    .insertInto("comments")
    .values({
      return_id: input.returnId,
      user_id: input.userId,
      body: input.body,
      created_at: new Date().toISOString(),
      field_keys: fieldKeys && JSON.stringify(fieldKeys),
    })
    .execute();
  await appendAudit(trx, {
    userId: input.userId,
    action: "return.comment",
    returnId: input.returnId,
    roundId: input.roundId,
    newValue: input.body,
    ...(fieldKeys ? { detail: { fields: fieldKeys } } : {}),
  });
}
