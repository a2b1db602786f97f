import { Form } from "@remix-run/react";
import { formatDateTime } from "~/domain/format";
import type { CommentView } from "~/models/comment.server";

const ROLE_NAMES = { member: "Authority", coordinator: "Coordinator", regional_viewer: "Regional viewer" } as const;

/** The comment thread on a return, with a form to add to it. */
export function CommentThread({ comments, canComment, error }: { comments: readonly CommentView[]; canComment: boolean; error?: string }) {
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
          <p className="govuk-body app-pre-wrap">{comment.body}</p>
        </div>
      ))}
      {canComment ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="comment" />
          <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="comment">
              Add a comment
            </label>
            {error ? (
              <p id="comment-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {error}
              </p>
            ) : null}
            <textarea className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`} id="comment" name="comment" rows={3} aria-describedby={error ? "comment-error" : undefined} />
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Add comment
          </button>
        </Form>
      ) : null}
    </section>
  );
}
