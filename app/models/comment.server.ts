import type { Kysely, Transaction } from "kysely";
import type { Database, Role } from "../../db/schema";
import { appendAudit } from "./audit.server";

type Executor = Kysely<Database> | Transaction<Database>;

export interface CommentView {
  id: number;
  body: string;
  createdAt: string;
  authorName: string | null;
  authorRole: Role | null;
}

/** The thread on one return, oldest first: seen by the authority's members and the coordinators. */
export async function listComments(db: Executor, returnId: number): Promise<CommentView[]> {
  return db
    .selectFrom("comments")
    .leftJoin("users", "users.id", "comments.user_id")
    .select(["comments.id", "comments.body", "comments.created_at as createdAt", "users.name as authorName", "users.role as authorRole"])
    .where("comments.return_id", "=", returnId)
    .orderBy("comments.id")
    .execute();
}

export async function addComment(trx: Transaction<Database>, input: { returnId: number; roundId: number; userId: number; body: string }): Promise<void> {
  await trx
    .insertInto("comments")
    .values({ return_id: input.returnId, user_id: input.userId, body: input.body, created_at: new Date().toISOString() })
    .execute();
  await appendAudit(trx, { userId: input.userId, action: "return.comment", returnId: input.returnId, roundId: input.roundId, newValue: input.body });
}
