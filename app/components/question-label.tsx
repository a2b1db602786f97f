import type { ReactNode } from "react";

/**
 * A question's label with its hint beneath it, for table cells: two blocks, so neither the page nor a
 * screen reader runs them together ("Population aged 0 to 25Resident population…").
 */
export function QuestionLabel({ label, hint, guidance }: { label: ReactNode; hint?: ReactNode; guidance?: string | undefined }) {
  return (
    <>
      <div>{label}</div>
      {hint ? <div className="govuk-hint govuk-!-margin-bottom-0 govuk-!-font-size-16">{hint}</div> : null}
      {guidance ? (
        <div className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
          <strong>What counts:</strong> {guidance}
        </div>
      ) : null}
    </>
  );
}
