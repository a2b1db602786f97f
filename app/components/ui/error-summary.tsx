import { useEffect, useRef } from "react";

export interface ErrorSummaryItem {
  /** The id of the input the message belongs to, or undefined for a message about the whole form. */
  fieldId?: string;
  message: string;
}

/** A form's field errors (conform's `error`, keyed by field) as summary items, in the order the fields appear on the page. */
export function fieldErrorItems(
  errors: Readonly<Record<string, readonly string[] | undefined>>,
  fieldOrder: readonly string[],
): ErrorSummaryItem[] {
  return fieldOrder.flatMap((field) => (errors[field] ?? []).map((message) => ({ fieldId: field, message })));
}

/**
 * GOV.UK error summary, focused once per submission so keyboard and screen reader users land on it.
 * `submission` is what identifies one submission (the action's data): the summary takes focus when
 * it changes, never on a redraw in between (a live check on blur, typing), which would pull focus
 * away from the field being left and scroll the page. Without it, the messages themselves are the key.
 */
export function ErrorSummary({
  errors,
  title = "There is a problem",
  submission,
}: {
  errors: readonly ErrorSummaryItem[];
  title?: string;
  submission?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const focusKey = submission === undefined ? errors.map((error) => `${error.fieldId ?? ""}:${error.message}`).join("\n") : submission;
  const hasErrors = errors.length > 0;
  useEffect(() => {
    if (hasErrors) ref.current?.focus();
    // Only a new submission (or new messages, without one) moves focus; `hasErrors` is read, not watched.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately keyed on the submission alone
  }, [focusKey]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error, i) => (
              <li key={`${error.fieldId ?? "form"}-${i}`}>
                {error.fieldId ? <a href={`#${error.fieldId}`}>{error.message}</a> : error.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

type FormErrors = Record<string, string[] | undefined>;

/**
 * The errors and typed values from a conform `submission.reply()` (the action's data), ready for
 * fields and the error summary; empty before the first submission.
 */
export function readFormResult<V>(result: { error?: unknown; initialValue?: unknown } | undefined, fallback: V) {
  return {
    errors: (result?.error ?? {}) as FormErrors,
    values: (result?.initialValue ?? fallback) as V,
  };
}
