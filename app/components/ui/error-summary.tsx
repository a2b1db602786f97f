import { useEffect, useRef } from "react";

export interface ErrorSummaryItem {
  /** The id of the input the message belongs to, or undefined for a message about the whole form. */
  fieldId?: string;
  message: string;
}

/** GOV.UK error summary: focused on render so keyboard and screen reader users land on it. */
export function ErrorSummary({ errors, title = "There is a problem" }: { errors: readonly ErrorSummaryItem[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
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
