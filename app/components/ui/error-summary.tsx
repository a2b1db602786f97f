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
 * A conform form's errors as summary items: messages about the whole form first, then each field's in
 * page order. `fieldOrder` names the fields, which are also their controls' ids.
 */
export function formErrorItems(
  form: { errors?: readonly string[] | undefined; allErrors: Readonly<Record<string, readonly string[] | undefined>> },
  fieldOrder: readonly string[],
): ErrorSummaryItem[] {
  return [...(form.errors ?? []).map((message) => ({ message })), ...fieldErrorItems(form.allErrors, fieldOrder)];
}

/**
 * GOV.UK error summary, focused once per submission so keyboard and screen reader users land on it.
 * `submission` is what identifies one submission (the action's data, conform's `lastResult`): the
 * summary takes focus when it changes, never on a redraw in between (a live check on blur, typing),
 * which would pull focus away from the field being left and scroll the page. Conform shows a new
 * result's errors one render after the action's data arrives, so a submission first drawn without
 * errors still takes focus if they appear on the very next render. Without `submission`, the
 * messages themselves are the key.
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
  const seen = useRef<{ key: unknown; waiting: boolean } | null>(null);
  // Runs after every render: only a new submission (or new messages, without one) moves focus.
  useEffect(() => {
    const isNew = seen.current === null || seen.current.key !== focusKey;
    const waiting = seen.current?.waiting ?? false;
    seen.current = { key: focusKey, waiting: isNew && !hasErrors };
    if (hasErrors && (isNew || waiting)) ref.current?.focus();
  });
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
