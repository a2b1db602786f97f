import type { Kysely } from "kysely";
import type { Database, ReturnRow, RoundRow } from "../../db/schema";
import { canApproveReturn, canQueryReturn, canUnapproveReturn } from "../domain/round-lifecycle";
import { addComment } from "../models/comment.server";
import { RoundStatusChanged, lockRoundForChange } from "../models/pipeline.server";
import { findLatestReopenRequest } from "../models/reopen-request.server";
import { StaleReturnError, setReturnStatus } from "../models/return.server";
import { queueReturnDecision } from "./notifications.server";
import { recomputeRoundsFrom } from "./recompute.server";
import { ReopenRequestAlreadyDecided, decideReopenRequest } from "./reopen-requests.server";

const MOVES = {
  query: { to: "queried", allowed: canQueryReturn, notice: "Return queried: the authority's members can now correct it" },
  approve: { to: "approved", allowed: canApproveReturn, notice: "Return approved: it now counts in the round's comparisons" },
  unapprove: { to: "submitted", allowed: canUnapproveReturn, notice: "Approval withdrawn: the return is back to submitted" },
} as const;

const CHANGED_SINCE_OPENED = "Someone else changed this return since you opened it. Look at it again before you decide.";

export interface ReviewDecision {
  coordinatorId: number;
  round: RoundRow;
  authority: { code: string; name: string };
  /** The return as the coordinator's page showed it; undefined when the authority has not started one. */
  returnRow: ReturnRow | undefined;
  /** The button pressed: comment, query, approve, unapprove, reopen-grant or reopen-decline. */
  intent: string;
  comment: { ok: true; body: string } | { ok: false; message: string };
  /** The answers a comment or query names. */
  fields: string[];
  /** The return's version the page was drawn from: a decision on a return changed since is refused. */
  expectedVersion: number;
  origin: string;
}

/** What the coordinator is told (the notice, and where on the page), whether emails wait in the outbox, or why nothing was done. */
export type ReviewOutcome =
  { done: true; notice: string; anchor?: string; emailsQueued: boolean } | { done: false; message: string; status: 400 | 409 };

/**
 * A coordinator's decision on one return — a comment, a query, an approval or its withdrawal, or a
 * reopen request granted or declined — in one transaction with its comment, the authority's emails
 * (through the outbox) and the recompute of the round's results when approved returns change.
 */
export async function decideOnReturn(db: Kysely<Database>, decision: ReviewDecision): Promise<ReviewOutcome> {
  const { round, returnRow, intent, comment, fields, coordinatorId, expectedVersion, origin } = decision;
  const refuse = (message: string, status: 400 | 409): ReviewOutcome => ({ done: false, message, status });
  if (!returnRow) return refuse("This authority has not started its return", 400);
  // A query must say what is wrong, so the comment is required for both.
  if ((intent === "comment" || intent === "query") && !comment.ok)
    return refuse(intent === "query" ? "Enter a comment saying what the authority should check" : comment.message, 400);
  const body = comment.ok ? comment.body : null;

  if (intent === "comment") {
    await db
      .transaction()
      .execute((trx) =>
        addComment(trx, { returnId: returnRow.id, roundId: round.id, userId: coordinatorId, body: body!, fieldKeys: fields }),
      );
    return { done: true, notice: "Comment added", anchor: "comments-heading", emailsQueued: false };
  }

  if (intent === "reopen-grant" || intent === "reopen-decline") {
    const pending = await findLatestReopenRequest(db, returnRow.id);
    if (pending?.status !== "pending" || round.status !== "open")
      return refuse("There is no request to reopen this return waiting for a decision", 409);
    const outcome = intent === "reopen-grant" ? "granted" : "declined";
    try {
      await db.transaction().execute(async (trx) => {
        await decideReopenRequest(trx, {
          round,
          returnRow,
          authority: decision.authority,
          requestId: pending.id,
          decision: outcome,
          comment: body,
          coordinatorId,
          expectedVersion,
          origin,
        });
        // An approved return reopened leaves the round's comparisons: recompute with it.
        if (outcome === "granted" && returnRow.status === "approved") await recomputeRoundsFrom(trx, round.id);
      });
    } catch (error) {
      if (error instanceof ReopenRequestAlreadyDecided) return refuse("Someone else has already decided this request", 409);
      if (error instanceof StaleReturnError) return refuse(CHANGED_SINCE_OPENED, 409);
      throw error;
    }
    return {
      done: true,
      emailsQueued: true,
      notice:
        outcome === "granted"
          ? "Request granted: the authority's members can change the return and submit it again"
          : "Request declined: the return stays as it was",
    };
  }

  if (!(intent in MOVES)) return refuse("Choose query, approve or withdraw approval", 400);
  const move = MOVES[intent as keyof typeof MOVES];
  if (!move.allowed(round.status, returnRow.status))
    return refuse(`A ${returnRow.status.replace("_", " ")} return in a ${round.status} round cannot be changed that way`, 409);
  try {
    await db.transaction().execute(async (trx) => {
      // The round's status again, inside the transaction and with its row locked: publishing cannot slip in between.
      const current = await lockRoundForChange(trx, round.id);
      if (!move.allowed(current.status, returnRow.status)) throw new RoundStatusChanged();
      const decided = await setReturnStatus(trx, { returnRow, to: move.to, actorId: coordinatorId, expectedVersion });
      if (body !== null)
        await addComment(trx, {
          returnId: returnRow.id,
          roundId: round.id,
          userId: coordinatorId,
          body,
          fieldKeys: intent === "query" ? fields : [],
        });
      // The authority's members hear of a query (with its comment) or an approval once this commits.
      if (intent === "query") await queueReturnDecision(trx, { kind: "queried", comment: body!, round, returnRow: decided, origin });
      if (intent === "approve") await queueReturnDecision(trx, { kind: "approved", round, returnRow: decided, origin });
      // Approved returns are what the metrics are made of: recompute in the same transaction.
      if (intent !== "query" || returnRow.status === "approved") await recomputeRoundsFrom(trx, round.id);
    });
  } catch (error) {
    if (error instanceof RoundStatusChanged)
      return refuse("The round's status changed since you opened this return. Look at it again before you decide.", 409);
    if (error instanceof StaleReturnError) return refuse(CHANGED_SINCE_OPENED, 409);
    throw error;
  }
  return { done: true, notice: move.notice, emailsQueued: intent === "query" || intent === "approve" };
}
