import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CommentThread } from "~/components/comment-thread";
import { ReviewAnswers } from "~/components/review-answers";
import { ErrorSummary } from "~/components/ui/error-summary";
import { StatusTag } from "~/components/ui/tag";
import { parseComment, parseQueriedFields } from "~/domain/comments";
import { formatCount, formatDateTime } from "~/domain/format";
import { getQuestionSet } from "~/domain/question-set";
import { cohortUnitCosts } from "~/domain/return-form";
import { canApproveReturn, canQueryReturn, canUnapproveReturn } from "~/domain/round-lifecycle";
import { censusYearOfRound } from "~/domain/sen2";
import { addComment } from "~/models/comment.server";
import { queueReturnDecision } from "~/services/notifications.server";
import { RoundStatusChanged, lockRoundForChange } from "~/models/pipeline.server";
import { recomputeRoundsFrom } from "~/services/recompute.server";
import { listSen2Totals } from "~/models/public-statistics.server";
import { findLatestReopenRequest } from "~/models/reopen-request.server";
import { ReopenRequestAlreadyDecided, decideReopenRequest } from "~/services/reopen-requests.server";
import { StaleReturnError, setReturnStatus } from "~/models/return.server";
import { loadReturnWorkspace } from "~/services/return-workspace.server";
import { appOrigin } from "~/utils/app-origin.server";
import { requireCoordinatorReturn } from "~/utils/coordinator-access.server";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { formVersion } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";
import { Textarea } from "~/components/ui/fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.authority.name ?? "Return"} – Benchmark Network` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round, authority } = await requireCoordinatorReturn(request, params);
  const db = getDb();
  const workspace = await loadReturnWorkspace(db, round, authority.id);
  const status = workspace.returnRow?.status ?? "not_started";
  const censusYear = censusYearOfRound(round.financial_year);
  const [sen2, reopen] = await Promise.all([
    censusYear === null ? undefined : listSen2Totals(db, censusYear, [authority.id]).then((totals) => totals.get(authority.id)),
    workspace.returnRow ? findLatestReopenRequest(db, workspace.returnRow.id) : undefined,
  ]);
  return {
    round: { slug: round.slug, name: round.name, status: round.status },
    authority: { code: authority.code, name: authority.name },
    questionSetVersion: round.question_set_version,
    status,
    version: workspace.version,
    values: workspace.values,
    previous: workspace.previous ?? null,
    unitCosts: { current: cohortUnitCosts(workspace.values), previous: workspace.previous ? cohortUnitCosts(workspace.previous) : {} },
    // The published figure an answer is read against: DfE SEN2's EHCPs at the round's January census.
    publicFigures: (sen2
      ? { "ehcp.total": `${formatCount(sen2.value)} (DfE SEN2, January ${sen2.censusYear}, ${sen2.releaseName})` }
      : {}) as Record<string, string>,
    errors: workspace.validation.errors,
    warnings: workspace.validation.warnings.map((warning) => ({ ...warning, explanation: workspace.explanations[warning.id] ?? null })),
    comments: workspace.comments,
    reopen: reopen?.status === "pending" ? reopen : null,
    can: {
      query: canQueryReturn(round.status, status),
      approve: canApproveReturn(round.status, status),
      unapprove: canUnapproveReturn(round.status, status),
      // Granting gives the return back to the member, which only means something while the round is open.
      decideReopen: reopen?.status === "pending" && round.status === "open",
    },
  };
}

const INTENTS = {
  query: { to: "queried", allowed: canQueryReturn, notice: "Return queried: the authority's members can now correct it" },
  approve: { to: "approved", allowed: canApproveReturn, notice: "Return approved: it now counts in the round's comparisons" },
  unapprove: { to: "submitted", allowed: canUnapproveReturn, notice: "Approval withdrawn: the return is back to submitted" },
} as const;

/** The decision form's fields as sent; what the comment must be depends on the button, so `parseComment` checks it. */
const decisionFormSchema = z.object({ comment: z.string().optional(), fields: z.union([z.string(), z.array(z.string())]).optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round, authority } = await requireCoordinatorReturn(request, params);
  const db = getDb();
  const workspace = await loadReturnWorkspace(db, round, authority.id);
  const returnRow = workspace.returnRow;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const here = `/admin/rounds/${round.slug}/returns/${authority.code}`;
  const fields = parseQueriedFields(
    formData.getAll("fields"),
    workspace.questionSet.fields.map((field) => field.key),
  );
  // Conform keeps what was sent (the ticked answers, the comment); every refusal is said at the comment box.
  const submission = parseWithZod(formData, { schema: decisionFormSchema });
  const refuse = (message: string, status: number) => data(submission.reply({ fieldErrors: { comment: [message] } }), { status });
  if (!returnRow) return refuse("This authority has not started its return", 400);

  const comment = parseComment(formData.get("comment"));
  if (intent === "comment" || intent === "query") {
    // A query must say what is wrong, so the comment is required for both.
    if (!comment.ok) return refuse(intent === "query" ? "Enter a comment saying what the authority should check" : comment.message, 400);
  }
  const body = comment.ok ? comment.body : null;
  const origin = appOrigin();

  if (intent === "comment") {
    await db
      .transaction()
      .execute((trx) =>
        addComment(trx, { returnId: returnRow.id, roundId: round.id, userId: coordinator.id, body: body!, fieldKeys: fields }),
      );
    return redirect(`${here}#comments-heading`, { headers: { "Set-Cookie": await flashNotice(request, "Comment added") } });
  }

  if (intent === "reopen-grant" || intent === "reopen-decline") {
    const pending = await findLatestReopenRequest(db, returnRow.id);
    if (pending?.status !== "pending" || round.status !== "open")
      return refuse("There is no request to reopen this return waiting for a decision", 409);
    const decision = intent === "reopen-grant" ? "granted" : "declined";
    try {
      await db.transaction().execute(async (trx) => {
        await decideReopenRequest(trx, {
          round,
          returnRow,
          authority,
          requestId: pending.id,
          decision,
          comment: body,
          coordinatorId: coordinator.id,
          expectedVersion: formVersion(formData),
          origin,
        });
        // An approved return reopened leaves the round's comparisons: recompute with it.
        if (decision === "granted" && returnRow.status === "approved") await recomputeRoundsFrom(trx, round.id);
      });
    } catch (error) {
      if (error instanceof ReopenRequestAlreadyDecided) return refuse("Someone else has already decided this request", 409);
      if (error instanceof StaleReturnError)
        return refuse("Someone else changed this return since you opened it. Look at it again before you decide.", 409);
      throw error;
    }
    kickOutbox();
    const notice =
      decision === "granted"
        ? "Request granted: the authority's members can change the return and submit it again"
        : "Request declined: the return stays as it was";
    return redirect(here, { headers: { "Set-Cookie": await flashNotice(request, notice) } });
  }

  if (!(intent in INTENTS)) return refuse("Choose query, approve or withdraw approval", 400);
  const move = INTENTS[intent as keyof typeof INTENTS];
  if (!move.allowed(round.status, returnRow.status)) {
    return refuse(`A ${returnRow.status.replace("_", " ")} return in a ${round.status} round cannot be changed that way`, 409);
  }
  try {
    await db.transaction().execute(async (trx) => {
      // The round's status again, inside the transaction and with its row locked: publishing cannot slip in between.
      const current = await lockRoundForChange(trx, round.id);
      if (!move.allowed(current.status, returnRow.status)) throw new RoundStatusChanged();
      const decided = await setReturnStatus(trx, {
        returnRow,
        to: move.to,
        actorId: coordinator.id,
        expectedVersion: formVersion(formData),
      });
      if (body !== null)
        await addComment(trx, {
          returnId: returnRow.id,
          roundId: round.id,
          userId: coordinator.id,
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
    if (!(error instanceof StaleReturnError)) throw error;
    return refuse("Someone else changed this return since you opened it. Look at it again before you decide.", 409);
  }
  kickOutbox();
  return redirect(here, { headers: { "Set-Cookie": await flashNotice(request, move.notice) } });
}

export default function ReviewReturn() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const questionSet = getQuestionSet(page.questionSetVersion);
  const canDecide = page.can.query || page.can.approve || page.can.unapprove || page.can.decideReopen;
  const canComment = page.status !== "not_started";
  const [form, fields] = useForm<z.input<typeof decisionFormSchema>>({ id: "review-decision", lastResult: result });
  const commentErrors = fields.comment.errors;
  return (
    <>
      <Link to={`/admin/rounds/${page.round.slug}`} className="govuk-back-link">
        Back to {page.round.name}
      </Link>
      <ErrorSummary
        errors={(commentErrors ?? []).map((message) => ({ fieldId: "decision-comment", message }))}
        submission={result ?? null}
      />
      <span className="govuk-caption-l">{page.round.name}</span>
      <h1 className="govuk-heading-l">{page.authority.name}</h1>
      <p className="govuk-body">
        <StatusTag status={page.status} />{" "}
        <Link to={`/admin/rounds/${page.round.slug}/returns/${page.authority.code}/history`} className="govuk-link">
          View the history of this return
        </Link>
      </p>
      {page.reopen ? (
        <div className="govuk-inset-text" id="reopen-request">
          <h2 className="govuk-heading-s">The authority asks to reopen this return</h2>
          <p className="govuk-body app-pre-wrap">{page.reopen.reason}</p>
          <p className="govuk-body-s">
            {page.reopen.requestedBy ?? "A former user"}, {formatDateTime(page.reopen.requestedAt)}.{" "}
            {page.can.decideReopen
              ? "Grant or decline it below the answers."
              : "The round is not open, so the request cannot be granted now."}
          </p>
        </div>
      ) : null}
      {page.errors.length > 0 ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">Problems that would stop submission</h2>
          <ul className="govuk-list govuk-list--bullet">
            {page.errors.map((error) => (
              <li key={`${error.key}-${error.code}`}>{error.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {page.warnings.length > 0 ? (
        <div className="app-table-scroll">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Warnings and the authority's explanations</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Warning
                </th>
                <th scope="col" className="govuk-table__header">
                  Explanation
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.warnings.map((warning) => (
                <tr key={warning.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{warning.message}</td>
                  <td className="govuk-table__cell app-pre-wrap">{warning.explanation ?? "Not explained yet"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {/* One form: the answers (each can be named in a query), the thread, then one comment box and the decisions. */}
      <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
        <input type="hidden" name="version" value={page.version} />
        <h2 className="govuk-heading-l">Answers</h2>
        {page.can.query ? (
          <p className="govuk-body">To query particular answers, tick them, then write your comment below and choose Query with comment.</p>
        ) : null}
        <ReviewAnswers
          questionSet={questionSet}
          values={page.values}
          previous={page.previous}
          unitCosts={page.unitCosts}
          publicFigures={page.publicFigures}
          queryable={page.can.query}
          checked={fields.fields.defaultOptions ?? []}
        />
        <CommentThread comments={page.comments} questionSet={questionSet} />
        {canComment ? (
          <>
            <h2 className="govuk-heading-m">{canDecide ? "Comment and decide" : "Add a comment"}</h2>
            <Textarea
              id="decision-comment"
              name={fields.comment.name}
              key={fields.comment.key}
              label="Comment to the authority"
              labelClassName="govuk-label govuk-label--s"
              hint="Needed to query the return; optional when you approve or decide a request to reopen it."
              rows={4}
              errors={commentErrors}
              defaultValue={fields.comment.defaultValue ?? ""}
            />
            <div className="govuk-button-group">
              {page.can.decideReopen ? (
                <>
                  <button type="submit" name="intent" value="reopen-grant" className="govuk-button" data-module="govuk-button">
                    Grant the request to reopen
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value="reopen-decline"
                    className="govuk-button govuk-button--secondary"
                    data-module="govuk-button"
                  >
                    Decline the request
                  </button>
                </>
              ) : null}
              {page.can.approve ? (
                <button type="submit" name="intent" value="approve" className="govuk-button" data-module="govuk-button">
                  Approve
                </button>
              ) : null}
              {page.can.query ? (
                <button type="submit" name="intent" value="query" className="govuk-button govuk-button--warning" data-module="govuk-button">
                  Query with comment
                </button>
              ) : null}
              {page.can.unapprove ? (
                <button
                  type="submit"
                  name="intent"
                  value="unapprove"
                  className="govuk-button govuk-button--secondary"
                  data-module="govuk-button"
                >
                  Withdraw approval
                </button>
              ) : null}
              <button
                type="submit"
                name="intent"
                value="comment"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
              >
                Add comment only
              </button>
            </div>
          </>
        ) : null}
      </Form>
    </>
  );
}
