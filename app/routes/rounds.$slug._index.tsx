import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CommentThread } from "~/components/comment-thread";
import { ReopenRequestStatus, ReturnStatusSummary } from "~/components/return-status";
import { ClosedReturn, ReturnTaskList } from "~/components/return-task-list";
import { MAX_COMMENT_LENGTH, commentSchema } from "~/domain/comments";
import { getQuestionSet } from "~/domain/question-set";
import { requestMemberReopen } from "~/services/reopen-requests.server";
import { addMemberComment, loadMemberReturnPage } from "~/services/return-workspace.server";
import { appOrigin } from "~/utils/app-origin.server";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { requireMemberRound } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { Textarea, fieldProps } from "~/components/ui/fields";

const REOPEN_REASON = "Enter what you need to change, so your coordinator can decide";
const reopenSchema = z.object({
  reason: z.string({ error: REOPEN_REASON }).trim().min(1, REOPEN_REASON).max(MAX_COMMENT_LENGTH, REOPEN_REASON),
});
const commentFormSchema = z.object({ comment: commentSchema });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.name ?? "Return"} – Benchmark Network` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  return loadMemberReturnPage(getDb(), round, member.authority_id);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const formData = await request.formData();
  const db = getDb();
  if (formData.get("intent") === "reopen") {
    const submission = parseWithZod(formData, { schema: reopenSchema });
    if (submission.status !== "success") return data({ reopen: submission.reply(), comment: null }, { status: 400 });
    const outcome = await requestMemberReopen(db, {
      round,
      authorityId: member.authority_id,
      userId: member.id,
      reason: submission.value.reason,
      origin: appOrigin(),
    });
    if (outcome === "not_allowed") {
      const message = "This return cannot be reopened now: only a submitted return in an open round, without a request waiting";
      // About the return, not the reason typed (the form may not even be shown any more): said in the summary alone.
      return data({ reopen: submission.reply({ formErrors: [message] }), comment: null }, { status: 409 });
    }
    kickOutbox();
    return redirect(`/rounds/${round.slug}`, {
      headers: { "Set-Cookie": await flashNotice(request, "Request sent: your coordinator will reopen your return or say why not") },
    });
  }
  const submission = parseWithZod(formData, { schema: commentFormSchema });
  if (submission.status !== "success") return data({ comment: submission.reply(), reopen: null }, { status: 400 });
  const added = await addMemberComment(db, round, { authorityId: member.authority_id, userId: member.id, body: submission.value.comment });
  if (!added) {
    return data(
      { comment: submission.reply({ fieldErrors: { comment: ["Save an answer before you add a comment"] } }), reopen: null },
      { status: 400 },
    );
  }
  return redirect(`/rounds/${round.slug}#comments-heading`, { headers: { "Set-Cookie": await flashNotice(request, "Comment added") } });
}

export default function ReturnOverview() {
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
  return (
    <>
      <ErrorSummary
        errors={[...formErrorItems(reopenForm, ["reason"]), ...formErrorItems(commentForm, ["comment"])]}
        submission={actionData ?? null}
      />
      <span className="govuk-caption-l">{page.authorityName}</span>
      <h1 className="govuk-heading-l">{round.name}</h1>
      <ReturnStatusSummary status={page.status} round={round} reopen={page.reopen} />
      {page.editable ? (
        <ReturnTaskList roundSlug={round.slug} questionSet={questionSet} progress={page.progress} warningCount={page.warningCount} />
      ) : (
        <ClosedReturn
          roundSlug={round.slug}
          status={page.status}
          submittedAt={page.submittedAt}
          questionSet={questionSet}
          values={page.values}
        />
      )}
      <ReopenRequestStatus reopen={page.reopen} editable={page.editable} />
      {page.canRequestReopen ? (
        <Form method="post" {...getFormProps(reopenForm, { ariaAttributes: false })}>
          <input type="hidden" name="intent" value="reopen" />
          <h2 className="govuk-heading-m">Need to change something?</h2>
          <Textarea
            {...fieldProps(reopenFields.reason)}
            key={reopenFields.reason.key}
            label="What do you need to change, and why?"
            labelClassName="govuk-label govuk-label--s"
            hint="Your coordinator reads this and reopens your return, or says why not."
            rows={3}
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
