import type { Kysely } from "kysely";
import { type CohortUnitCosts, networkUnitCosts, unitCostsByAuthority } from "../domain/return-form";
import { type QuestionSet, getQuestionSet } from "../domain/question-set";
import { type ReturnValidation, type ValidationContext, validateReturn } from "../domain/validation";
import type { FieldValue, ReturnValues } from "../domain/values";
import type { Database, Executor, ReturnRow, RoundRow } from "../../db/schema";
import type { CurrentReturn } from "../domain/returns-file";
import { type UploadReview, reviewUpload } from "../domain/upload-review";
import { type PendingUpload, findPendingUpload } from "../models/pending-upload.server";
import { type CommentView, addComment, listComments } from "../models/comment.server";
import { censusYearOfRound } from "../domain/sen2";
import { sectionProgress } from "../domain/return-progress";
import { canMemberEditReturn, canRequestReopen } from "../domain/round-lifecycle";
import { findAuthorityById } from "../models/authority.server";
import { findLatestReopenRequest } from "../models/reopen-request.server";
import { listSen2Totals } from "../models/public-statistics.server";
import { findLatestPublishedRoundIdBefore } from "../models/round.server";
import {
  type RoundReturnSummary,
  findPreviousApprovedValues,
  findReturn,
  listExplanations,
  listRoundWarningExplanations,
  listRoundReturns,
  readPreviousApprovedValuesByAuthority,
  readReturnValues,
  readRoundValues,
} from "../models/return.server";

/**
 * Stored data the warnings compare against: the authority's previous approved return, and the unit
 * costs of the approved returns of the latest published round before this one. Never this round's
 * own returns: an outlier fence drawn from an unpublished round would tell a member its quartiles
 * (domain spec §5.3 rule 7).
 */
export async function loadValidationContext(
  db: Kysely<Database>,
  round: Pick<RoundRow, "id" | "financial_year">,
  authorityId: number,
): Promise<Omit<ValidationContext, "forSubmission">> {
  const [previous, fenceCosts, sen2] = await Promise.all([
    findPreviousApprovedValues(db, { financialYear: round.financial_year, authorityId }),
    publishedFenceCosts(db, round),
    roundSen2Totals(db, round.financial_year, [authorityId]),
  ]);
  const publicEhcpTotal = sen2.get(authorityId);
  return {
    previous,
    network: { unitCosts: networkUnitCosts(fenceCosts, authorityId) },
    ...(publicEhcpTotal ? { publicEhcpTotal } : {}),
  };
}

/** SEN2 totals at the round's January census (2024-25 ↔ January 2025), for the §3.5 cross-check. */
function roundSen2Totals(db: Kysely<Database>, financialYear: string, authorityIds?: readonly number[]) {
  const censusYear = censusYearOfRound(financialYear);
  return censusYear === null ? Promise.resolve(new Map()) : listSen2Totals(db, censusYear, authorityIds);
}

/** Unit costs per authority in the latest published round with an earlier financial year (none if there is no such round). */
async function publishedFenceCosts(db: Kysely<Database>, round: Pick<RoundRow, "financial_year">): Promise<Map<number, CohortUnitCosts>> {
  const publishedId = await findLatestPublishedRoundIdBefore(db, round.financial_year);
  return publishedId === undefined ? new Map() : unitCostsByAuthority(await readRoundValues(db, publishedId, ["approved"]));
}

export interface RoundReviewRow extends RoundReturnSummary {
  errorCount: number;
  warningCount: number;
  unexplainedWarningCount: number;
}

/**
 * Every stored return of the round (draft to approved) validated as for submission, against the
 * context a member's own check uses: the previous approved return, the latest published round's
 * fence and the SEN2 total. Keyed by authority id.
 */
export async function validateRoundReturns(
  db: Executor,
  round: Pick<RoundRow, "id" | "financial_year" | "question_set_version">,
): Promise<Map<number, ReturnValidation>> {
  const questionSet = getQuestionSet(round.question_set_version);
  const [values, previous, sen2, costs] = await Promise.all([
    readRoundValues(db, round.id, ["draft", "submitted", "queried", "approved"]),
    readPreviousApprovedValuesByAuthority(db, round.financial_year),
    roundSen2Totals(db, round.financial_year),
    // The same fence members see: the latest published round's, never this round's.
    publishedFenceCosts(db, round),
  ]);
  const validations = new Map<number, ReturnValidation>();
  for (const [authorityId, own] of values) {
    validations.set(
      authorityId,
      validateReturn(questionSet, own, {
        forSubmission: true,
        previous: previous.get(authorityId),
        network: { unitCosts: networkUnitCosts(costs, authorityId) },
        ...(sen2.has(authorityId) ? { publicEhcpTotal: sen2.get(authorityId) } : {}),
      }),
    );
  }
  return validations;
}

/** The coordinator's view of a round: every authority's status with the errors and warnings of its return. */
export async function loadRoundReview(db: Executor, round: RoundRow): Promise<RoundReviewRow[]> {
  const [summaries, validations, explanationRows] = await Promise.all([
    listRoundReturns(db, round.id),
    validateRoundReturns(db, round),
    listRoundWarningExplanations(db, round.id),
  ]);
  return summaries.map((summary) => {
    const validation = validations.get(summary.authorityId);
    if (!validation) return { ...summary, errorCount: 0, warningCount: 0, unexplainedWarningCount: 0 };
    const explained = new Set(explanationRows.filter((row) => row.authorityId === summary.authorityId).map((row) => row.warningId));
    return {
      ...summary,
      errorCount: validation.errors.length,
      warningCount: validation.warnings.length,
      unexplainedWarningCount: validation.warnings.filter((warning) => !explained.has(warning.id)).length,
    };
  });
}

export interface ReturnWorkspace {
  questionSet: QuestionSet;
  returnRow: ReturnRow | undefined;
  version: number;
  values: Record<string, FieldValue>;
  explanations: Record<string, string>;
  comments: CommentView[];
  /** The authority's previous approved return (the one the 50 % change warnings compare against). */
  previous: ReturnValues | undefined;
  /** Validated as for submission: what stands between this return and submitting it. */
  validation: ReturnValidation;
}

/** Everything a page about one authority's return needs, read in one place for members and coordinators. */
export async function loadReturnWorkspace(db: Kysely<Database>, round: RoundRow, authorityId: number): Promise<ReturnWorkspace> {
  const questionSet = getQuestionSet(round.question_set_version);
  const returnRow = await findReturn(db, round.id, authorityId);
  const [values, explanations, comments, context] = await Promise.all([
    returnRow ? readReturnValues(db, returnRow.id) : Promise.resolve({}),
    returnRow ? listExplanations(db, returnRow.id) : Promise.resolve({}),
    returnRow ? listComments(db, returnRow.id) : Promise.resolve([]),
    loadValidationContext(db, round, authorityId),
  ]);
  return {
    questionSet,
    returnRow,
    version: returnRow?.version ?? 0,
    values,
    explanations,
    comments,
    previous: context.previous,
    validation: validateReturn(questionSet, values, { ...context, forSubmission: true }),
  };
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

/** A member's comment on their return, added in its own transaction; false when there is no return yet to comment on. */
export async function addMemberComment(
  db: Kysely<Database>,
  round: RoundRow,
  input: { authorityId: number; userId: number; body: string },
): Promise<boolean> {
  const returnRow = await findReturn(db, round.id, input.authorityId);
  if (!returnRow) return false;
  await db
    .transaction()
    .execute((trx) => addComment(trx, { returnId: returnRow.id, roundId: round.id, userId: input.userId, body: input.body }));
  return true;
}

/** A member's page about their return: where it stands, its sections' progress, comments and any request to reopen it. */
export async function loadMemberReturnPage(db: Kysely<Database>, round: RoundRow, authorityId: number) {
  const [authority, workspace] = await Promise.all([findAuthorityById(db, authorityId), loadReturnWorkspace(db, round, authorityId)]);
  const status = workspace.returnRow?.status ?? "not_started";
  const reopen = workspace.returnRow ? await findLatestReopenRequest(db, workspace.returnRow.id) : undefined;
  return {
    authorityName: authority?.name ?? "",
    round: { slug: round.slug, name: round.name, status: round.status, closesOn: round.closes_on },
    status,
    submittedAt: workspace.returnRow?.submitted_at ?? null,
    editable: canMemberEditReturn(round.status, status),
    questionSetVersion: round.question_set_version,
    values: workspace.values,
    progress: sectionProgress(workspace.questionSet, workspace.values, workspace.validation),
    warningCount: workspace.validation.warnings.length,
    comments: workspace.comments,
    canRequestReopen: canRequestReopen(round.status, status) && reopen?.status !== "pending",
    reopen: reopen
      ? { status: reopen.status, requestedAt: reopen.requestedAt, decidedAt: reopen.decidedAt, decisionComment: reopen.decisionComment }
      : null,
  };
}
