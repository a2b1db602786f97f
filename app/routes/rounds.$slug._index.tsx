import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CommentThread } from "~/components/comment-thread";
import { ReturnAnswers } from "~/components/return-answers";
import { TemplateLinks } from "~/components/template-links";
import { StatusTag } from "~/components/ui/tag";
import { MAX_COMMENT_LENGTH, commentSchema } from "~/domain/comments";
import { formatDate, formatDateTime } from "~/domain/format";
import { getQuestionSet } from "~/domain/question-set";
import { SECTION_PROGRESS_LABELS, completedSections, sectionProgress } from "~/domain/return-progress";
import { canMemberEditReturn, canRequestReopen } from "~/domain/round-lifecycle";
import { findAuthorityById } from "~/models/authority.server";
import { addComment } from "~/models/comment.server";
import { findLatestReopenRequest } from "~/models/reopen-request.server";
import { requestReopen } from "~/services/reopen-requests.server";
import { findReturn } from "~/models/return.server";
import { loadReturnWorkspace } from "~/services/return-workspace.server";
import { appOrigin } from "~/utils/app-origin.server";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { requireMemberRound } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { Textarea } from "~/components/ui/fields";

const REOPEN_REASON = "Enter what you need to change, so your coordinator can decide";
const reopenSchema = z.object({
  reason: z.string({ error: REOPEN_REASON }).trim().min(1, REOPEN_REASON).max(MAX_COMMENT_LENGTH, REOPEN_REASON),
});
const commentFormSchema = z.object({ comment: commentSchema });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.name ?? "Return"} – Benchmark Network` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const db = getDb();
  const [authority, workspace] = await Promise.all([
    findAuthorityById(db, member.authority_id),
    loadReturnWorkspace(db, round, member.authority_id),
  ]);
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

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const formData = await request.formData();
  const db = getDb();
  if (formData.get("intent") === "reopen") {
    const submission = parseWithZod(formData, { schema: reopenSchema });
    if (submission.status !== "success") return data({ reopen: submission.reply(), comment: null }, { status: 400 });
    const returnRow = await findReturn(db, round.id, member.authority_id);
    const latest = returnRow ? await findLatestReopenRequest(db, returnRow.id) : undefined;
    if (!returnRow || !canRequestReopen(round.status, returnRow.status) || latest?.status === "pending") {
      const message = "This return cannot be reopened now: only a submitted return in an open round, without a request waiting";
      // About the return, not the reason typed (the form may not even be shown any more): said in the summary alone.
      return data({ reopen: submission.reply({ formErrors: [message] }), comment: null }, { status: 409 });
    }
    const authority = (await findAuthorityById(db, member.authority_id))!;
    await db
      .transaction()
      .execute((trx) =>
        requestReopen(trx, { round, returnRow, authority, userId: member.id, reason: submission.value.reason, origin: appOrigin() }),
      );
    kickOutbox();
    return redirect(`/rounds/${round.slug}`, {
      headers: { "Set-Cookie": await flashNotice(request, "Request sent: your coordinator will reopen your return or say why not") },
    });
  }
  const submission = parseWithZod(formData, { schema: commentFormSchema });
  if (submission.status !== "success") return data({ comment: submission.reply(), reopen: null }, { status: 400 });
  const returnRow = await findReturn(db, round.id, member.authority_id);
  if (!returnRow) {
    return data(
      { comment: submission.reply({ fieldErrors: { comment: ["Save an answer before you add a comment"] } }), reopen: null },
      { status: 400 },
    );
  }
  await db
    .transaction()
    .execute((trx) => addComment(trx, { returnId: returnRow.id, roundId: round.id, userId: member.id, body: submission.value.comment }));
  return redirect(`/rounds/${round.slug}#comments-heading`, { headers: { "Set-Cookie": await flashNotice(request, "Comment added") } });
}

export default function ReturnTaskList() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Two forms, one result: the one that was sent carries it.
  const [reopenForm, reopenFields] = useForm<z.input<typeof reopenSchema>>({
    id: "reopen-request",
    lastResult: actionData?.reopen ?? undefined,
  });
  const [commentForm, commentFields] = useForm<z.input<typeof commentFormSchema>>({
    id: "add-comment",
    lastResult: actionData?.comment ?? undefined,
  });
  const { round } = page;
  const questionSet = getQuestionSet(page.questionSetVersion);
  const sectionsDone = completedSections(page.progress);
  return (
    <>
      <ErrorSummary
        errors={[...formErrorItems(reopenForm, ["reason"]), ...formErrorItems(commentForm, ["comment"])]}
        submission={actionData ?? null}
      />
      <span className="govuk-caption-l">{page.authorityName}</span>
      <h1 className="govuk-heading-l">{round.name}</h1>
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Your return</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={page.status} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Round</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={round.status} />
            {round.closesOn ? ` closes on ${formatDate(round.closesOn)}` : null}
          </dd>
        </div>
      </dl>
      {page.status === "queried" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {page.reopen?.status === "granted"
              ? "Your coordinator reopened this return at your request. Change your answers, then submit again."
              : "Your coordinator has queried this return. Read their comment below, correct your answers, then submit again."}
          </strong>
        </div>
      ) : null}
      {page.editable ? (
        <>
          <h2 className="govuk-heading-m">Complete your return</h2>
          <p className="govuk-body" id="sections-complete">
            {sectionsDone.completed} of {sectionsDone.total} sections complete
          </p>
          <ul className="govuk-task-list">
            {questionSet.sections.map((section) => {
              const progress = page.progress[section.id]!;
              return (
                <li key={section.id} className="govuk-task-list__item govuk-task-list__item--with-link">
                  <div className="govuk-task-list__name-and-hint">
                    <Link
                      to={`/rounds/${round.slug}/sections/${section.id}`}
                      className="govuk-link govuk-task-list__link"
                      aria-describedby={`${section.id}-status`}
                    >
                      {section.title}
                    </Link>
                  </div>
                  <div className="govuk-task-list__status" id={`${section.id}-status`}>
                    {progress === "completed" ? (
                      SECTION_PROGRESS_LABELS[progress]
                    ) : (
                      <strong
                        className={`govuk-tag ${progress === "has_errors" ? "govuk-tag--red" : progress === "in_progress" ? "govuk-tag--light-blue" : "govuk-tag--blue"}`}
                      >
                        {SECTION_PROGRESS_LABELS[progress]}
                      </strong>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {page.warningCount > 0 ? (
            <p className="govuk-body">
              Your answers raise {page.warningCount} {page.warningCount === 1 ? "warning" : "warnings"} that you will be asked to explain.
            </p>
          ) : null}
          <Link to={`/rounds/${round.slug}/check`} className="govuk-button" data-module="govuk-button">
            Check your answers and submit
          </Link>
          <h2 className="govuk-heading-m">Use a spreadsheet</h2>
          <p className="govuk-body">
            You can answer in Excel instead: download your return as <TemplateLinks roundSlug={round.slug} />, fill it in, then{" "}
            <Link to={`/rounds/${round.slug}/upload`} className="govuk-link">
              upload your spreadsheet
            </Link>
            . You will see every change before anything is saved.
          </p>
        </>
      ) : (
        <>
          <p className="govuk-body">
            {page.status === "submitted" || page.status === "approved"
              ? `You submitted this return${page.submittedAt ? ` on ${formatDate(page.submittedAt)}` : ""}. It cannot be changed unless your coordinator queries it.`
              : "This round is not open, so this return cannot be changed."}
          </p>
          <ReturnAnswers questionSet={questionSet} values={page.values} />
          <p className="govuk-body">
            Download these answers as <TemplateLinks roundSlug={round.slug} />.
          </p>
        </>
      )}
      {page.reopen?.status === "pending" ? (
        <div className="govuk-inset-text" id="reopen-status">
          You asked your coordinator to reopen this return on {formatDateTime(page.reopen.requestedAt)}. They will grant or decline the
          request, and you will get an email.
        </div>
      ) : null}
      {page.reopen?.status === "declined" && !page.editable ? (
        <div className="govuk-inset-text" id="reopen-status">
          Your coordinator declined your request to reopen this return
          {page.reopen.decidedAt ? ` on ${formatDateTime(page.reopen.decidedAt)}` : ""}
          {page.reopen.decisionComment ? `: ${page.reopen.decisionComment}` : "."}
        </div>
      ) : null}
      {page.canRequestReopen ? (
        <Form method="post" {...getFormProps(reopenForm, { ariaAttributes: false })}>
          <input type="hidden" name="intent" value="reopen" />
          <h2 className="govuk-heading-m">Need to change something?</h2>
          <Textarea
            id="reason"
            name={reopenFields.reason.name}
            key={reopenFields.reason.key}
            label="What do you need to change, and why?"
            labelClassName="govuk-label govuk-label--s"
            hint="Your coordinator reads this and reopens your return, or says why not."
            rows={3}
            errors={reopenFields.reason.errors}
          />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Ask to reopen your return
          </button>
        </Form>
      ) : null}
      <CommentThread
        comments={page.comments}
        questionSet={questionSet}
        fieldHref={page.editable ? (sectionId, key) => `/rounds/${round.slug}/sections/${sectionId}#${key.replace(/\./g, "-")}` : undefined}
        form={
          page.status !== "not_started"
            ? { props: getFormProps(commentForm, { ariaAttributes: false }), comment: commentFields.comment }
            : undefined
        }
      />
    </>
  );
}
