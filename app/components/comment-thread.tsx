import { Form } from "@remix-run/react";
import type { FormHTMLAttributes } from "react";
import { formatDateTime } from "~/domain/format";
import { type QuestionSet, findField } from "~/domain/question-set";
import type { CommentView } from "~/models/comment.server";
import { type FormField, Textarea } from "./ui/fields";

const ROLE_NAMES = { member: "Authority", coordinator: "Coordinator", regional_viewer: "Regional viewer" } as const;

interface Props {
  comments: readonly CommentView[];
  questionSet: QuestionSet;
  /** Where the questions a comment names link to (a member's section forms); plain text without. */
  fieldHref?: (sectionId: string, fieldKey: string) => string;
  /** A form to add to the thread, for pages where the thread is not already inside a form: conform's form and its comment field. */
  form?: { props: Pick<FormHTMLAttributes<HTMLFormElement>, "id" | "onSubmit" | "noValidate">; comment: FormField };
}

/** The comment thread on a return: each comment with who wrote it, when, and the answers it is about. */
export function CommentThread({ comments, questionSet, fieldHref, form }: Props) {
  return (
    <section aria-labelledby="comments-heading">
      <h2 className="govuk-heading-m" id="comments-heading">
        Comments
      </h2>
      {comments.length === 0 ? <p className="govuk-body">No comments yet.</p> : null}
      {comments.map((comment) => (
        <div key={comment.id} className="govuk-inset-text">
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <strong>{comment.authorName ?? "Former user"}</strong>
            {comment.authorRole ? ` (${ROLE_NAMES[comment.authorRole]})` : ""}, {formatDateTime(comment.createdAt)}
          </p>
          {comment.fieldKeys.length > 0 ? (
            <div className="govuk-body-s govuk-!-margin-bottom-1">
              About:
              <ul className="govuk-list govuk-list--bullet govuk-!-font-size-16 govuk-!-margin-bottom-1">
                {comment.fieldKeys.map((key) => {
                  const field = findField(questionSet, key);
                  const label = field?.label ?? key;
                  return (
                    <li key={key}>
                      {field && fieldHref ? (
                        <a className="govuk-link" href={fieldHref(field.sectionId, key)}>
                          {label}
                        </a>
                      ) : (
                        label
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
          <p className="govuk-body app-pre-wrap">{comment.body}</p>
        </div>
      ))}
      {form ? (
        <Form method="post" {...form.props}>
          <input type="hidden" name="intent" value="comment" />
          <Textarea
            id="comment"
            name={form.comment.name}
            key={form.comment.key}
            label="Add a comment"
            labelClassName="govuk-label govuk-label--s"
            rows={3}
            errors={form.comment.errors}
          />
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Add comment
          </button>
        </Form>
      ) : null}
    </section>
  );
}
