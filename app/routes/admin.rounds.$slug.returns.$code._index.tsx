import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CommentThread } from "~/components/comment-thread";
import { ReturnAnswers } from "~/components/return-answers";
import { ErrorSummary } from "~/components/ui/error-summary";
import { StatusTag } from "~/components/ui/tag";
import { parseComment } from "~/domain/comments";
import { getQuestionSet } from "~/domain/question-set";
import { canApproveReturn, canQueryReturn, canUnapproveReturn } from "~/domain/round-lifecycle";
import { addComment } from "~/models/comment.server";
import { queueReturnDecision } from "~/models/notifications.server";
import { RoundStatusChanged, lockRoundForChange, recomputeRoundsFrom } from "~/models/pipeline.server";
import { StaleReturnError, setReturnStatus } from "~/models/return.server";
import { loadReturnWorkspace } from "~/models/return-workspace.server";
import { listSen2Totals } from "~/models/public-statistics.server";
import { censusYearOfRound } from "~/domain/sen2";
import { formatCount } from "~/domain/format";
import { appOrigin } from "~/utils/app-origin.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorReturn } from "~/utils/coordinator-access.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { formVersion } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.authority.name ?? "Return"} – Benchmark Network` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round, authority } = await requireCoordinatorReturn(request, params);
  const workspace = await loadReturnWorkspace(getDb(), round, authority.id);
  const status = workspace.returnRow?.status ?? "not_started";
  const censusYear = censusYearOfRound(round.financial_year);
  const sen2 = censusYear === null ? undefined : (await listSen2Totals(getDb(), censusYear, [authority.id])).get(authority.id);
  return {
    sen2: sen2 ?? null,
    round: { slug: round.slug, name: round.name, status: round.status },
    authority: { code: authority.code, name: authority.name },
    questionSetVersion: round.question_set_version,
    status,
    version: workspace.version,
    values: workspace.values,
    errors: workspace.validation.errors,
    warnings: workspace.validation.warnings.map((warning) => ({ ...warning, explanation: workspace.explanations[warning.id] ?? null })),
    comments: workspace.comments,
    can: {
      query: canQueryReturn(round.status, status),
      approve: canApproveReturn(round.status, status),
      unapprove: canUnapproveReturn(round.status, status),
    },
  };
}

const INTENTS = {
  query: { to: "queried", allowed: canQueryReturn, notice: "Return queried: the authority's members can now correct it" },
  approve: { to: "approved", allowed: canApproveReturn, notice: "Return approved: it now counts in the round's comparisons" },
  unapprove: { to: "submitted", allowed: canUnapproveReturn, notice: "Approval withdrawn: the return is back to submitted" },
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round, authority } = await requireCoordinatorReturn(request, params);
  const db = getDb();
  const workspace = await loadReturnWorkspace(db, round, authority.id);
  const returnRow = workspace.returnRow;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const here = `/admin/rounds/${round.slug}/returns/${authority.code}`;
  if (!returnRow) return data({ commentError: "This authority has not started its return" }, { status: 400 });

  const comment = parseComment(formData.get("comment"));
  if (intent === "comment" || intent === "query") {
    // A query must say what is wrong, so the comment is required for both.
    if (!comment.ok) return data({ commentError: intent === "query" ? "Enter a comment saying what the authority should check" : comment.message }, { status: 400 });
  }
  if (intent === "comment") {
    await db.transaction().execute((trx) => addComment(trx, { returnId: returnRow.id, roundId: round.id, userId: coordinator.id, body: (comment as { body: string }).body }));
    return redirect(`${here}#comments-heading`, { headers: { "Set-Cookie": await flashNotice(request, "Comment added") } });
  }
  if (!(intent in INTENTS)) return data({ commentError: "Choose query, approve or withdraw approval" }, { status: 400 });
  const move = INTENTS[intent as keyof typeof INTENTS];
  if (!move.allowed(round.status, returnRow.status)) {
    return data({ commentError: `A ${returnRow.status.replace("_", " ")} return in a ${round.status} round cannot be changed that way` }, { status: 409 });
  }
  try {
    await db.transaction().execute(async (trx) => {
      // The round's status again, inside the transaction and with its row locked: publishing cannot slip in between.
      const current = await lockRoundForChange(trx, round.id);
      if (!move.allowed(current.status, returnRow.status)) throw new RoundStatusChanged();
      const decided = await setReturnStatus(trx, { returnRow, to: move.to, actorId: coordinator.id, expectedVersion: formVersion(formData) });
      if (comment.ok) await addComment(trx, { returnId: returnRow.id, roundId: round.id, userId: coordinator.id, body: comment.body });
      // The authority's members hear of a query (with its comment) or an approval once this commits.
      const origin = appOrigin();
      if (intent === "query") await queueReturnDecision(trx, { kind: "queried", comment: (comment as { body: string }).body, round, returnRow: decided, origin });
      if (intent === "approve") await queueReturnDecision(trx, { kind: "approved", round, returnRow: decided, origin });
      // Approved returns are what the metrics are made of: recompute in the same transaction.
      if (intent !== "query" || returnRow.status === "approved") await recomputeRoundsFrom(trx, round.id);
    });
  } catch (error) {
    if (error instanceof RoundStatusChanged) return data({ commentError: "The round's status changed since you opened this return. Look at it again before you decide." }, { status: 409 });
    if (!(error instanceof StaleReturnError)) throw error;
    return data({ commentError: "Someone else changed this return since you opened it. Look at it again before you decide." }, { status: 409 });
  }
  kickOutbox();
  return redirect(here, { headers: { "Set-Cookie": await flashNotice(request, move.notice) } });
}

export default function ReviewReturn() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const questionSet = getQuestionSet(page.questionSetVersion);
  return (
    <>
      <Link to={`/admin/rounds/${page.round.slug}`} className="govuk-back-link">
        Back to {page.round.name}
      </Link>
      <ErrorSummary errors={result?.commentError ? [{ fieldId: "decision-comment", message: result.commentError }] : []} submission={result ?? null} />
      <span className="govuk-caption-l">{page.round.name}</span>
      <h1 className="govuk-heading-l">{page.authority.name}</h1>
      <p className="govuk-body">
        <StatusTag status={page.status} />{" "}
        <Link to={`/admin/rounds/${page.round.slug}/returns/${page.authority.code}/history`} className="govuk-link">
          View the history of this return
        </Link>
      </p>
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
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Warnings and the authority's explanations</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Warning</th>
              <th scope="col" className="govuk-table__header">Explanation</th>
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
      ) : null}
      {page.can.query || page.can.approve || page.can.unapprove ? (
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={page.version} />
          <h2 className="govuk-heading-m">Decide on this return</h2>
          <div className={`govuk-form-group${result?.commentError ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="decision-comment">
              Comment to the authority (required to query)
            </label>
            {result?.commentError ? (
              <p id="decision-comment-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {result.commentError}
              </p>
            ) : null}
            <textarea className="govuk-textarea" id="decision-comment" name="comment" rows={3} aria-describedby={result?.commentError ? "decision-comment-error" : undefined} />
          </div>
          <div className="govuk-button-group">
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
              <button type="submit" name="intent" value="unapprove" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                Withdraw approval
              </button>
            ) : null}
          </div>
        </Form>
      ) : null}
      {page.sen2 ? (
        <dl className="govuk-summary-list" aria-label="EHCPs against public statistics">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Number of EHCPs maintained, this return</dt>
            <dd className="govuk-summary-list__value">
              {typeof page.values["ehcp.total"] === "number" ? formatCount(page.values["ehcp.total"]) : "Not provided"}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">
              DfE SEN2, January {page.sen2.censusYear} ({page.sen2.releaseName})
            </dt>
            <dd className="govuk-summary-list__value">{formatCount(page.sen2.value)}</dd>
          </div>
        </dl>
      ) : null}
      <ReturnAnswers questionSet={questionSet} values={page.values} />
      <CommentThread comments={page.comments} canComment={page.status !== "not_started"} />
    </>
  );
}
