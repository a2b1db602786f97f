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
import { listSen2Totals } from "~/models/public-statistics.server";
import { findLatestReopenRequest } from "~/models/reopen-request.server";
import { loadReturnWorkspace } from "~/services/return-workspace.server";
import { decideOnReturn } from "~/services/return-review.server";
import { appOrigin } from "~/utils/app-origin.server";
import { requireCoordinatorReturn } from "~/utils/coordinator-access.server";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { formVersion } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";
import { Textarea } from "~/components/ui/fields";
import { Table, type TableColumn } from "~/components/ui/table";
import { ReviewDecisionButtons } from "~/components/review-decision-buttons";

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

/** The decision form's fields as sent; what the comment must be depends on the button, so `parseComment` checks it. */
const decisionFormSchema = z.object({ comment: z.string().optional(), fields: z.union([z.string(), z.array(z.string())]).optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round, authority } = await requireCoordinatorReturn(request, params);
  const db = getDb();
  const workspace = await loadReturnWorkspace(db, round, authority.id);
  const formData = await request.formData();
  // Conform keeps what was sent (the ticked answers, the comment); every refusal is said at the comment box.
  const submission = parseWithZod(formData, { schema: decisionFormSchema });
  const outcome = await decideOnReturn(db, {
    coordinatorId: coordinator.id,
    round,
    authority,
    returnRow: workspace.returnRow,
    intent: String(formData.get("intent") ?? ""),
    comment: parseComment(formData.get("comment")),
    fields: parseQueriedFields(
      formData.getAll("fields"),
      workspace.questionSet.fields.map((field) => field.key),
    ),
    expectedVersion: formVersion(formData),
    origin: appOrigin(),
  });
  if (!outcome.done) return data(submission.reply({ fieldErrors: { comment: [outcome.message] } }), { status: outcome.status });
  if (outcome.emailsQueued) kickOutbox();
  const here = `/admin/rounds/${round.slug}/returns/${authority.code}${outcome.anchor ? `#${outcome.anchor}` : ""}`;
  return redirect(here, { headers: { "Set-Cookie": await flashNotice(request, outcome.notice) } });
}

const WARNING_COLUMNS: ReadonlyArray<TableColumn<{ message: string; explanation: string | null }>> = [
  { header: "Warning", cell: (warning) => warning.message },
  { header: "Explanation", cell: (warning) => <span className="app-pre-wrap">{warning.explanation ?? "Not explained yet"}</span> },
];

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
        <Table
          caption="Warnings and the authority's explanations"
          columns={WARNING_COLUMNS}
          rows={page.warnings}
          rowKey={(warning) => warning.id}
        />
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
            <ReviewDecisionButtons can={page.can} />
          </>
        ) : null}
      </Form>
    </>
  );
}
