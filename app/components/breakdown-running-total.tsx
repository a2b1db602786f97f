import { parseFieldValue } from "~/domain/field-values";
import { type BreakdownRule, type QuestionSet, findField } from "~/domain/question-set";
import { breakdownTotal, describeBreakdownTotal } from "~/domain/return-form";
import type { FieldValue } from "~/domain/values";

/**
 * A breakdown's total so far against the total it must add up to. The server draws it from the saved
 * answers; with JavaScript it follows what is typed, and is announced politely as it changes.
 */
export function BreakdownRunningTotal({
  questionSet,
  breakdown,
  typed,
}: {
  questionSet: QuestionSet;
  breakdown: BreakdownRule;
  typed: Readonly<Record<string, string>>;
}) {
  const values: Record<string, FieldValue | undefined> = {};
  for (const key of [breakdown.totalKey, ...breakdown.partKeys]) {
    const field = findField(questionSet, key);
    const parsed = field ? parseFieldValue(field, typed[key] ?? "") : null;
    // Something unreadable counts as not given until it is corrected; its own error says why.
    values[key] = parsed?.ok ? parsed.value : undefined;
  }
  const standing = breakdownTotal(breakdown, values);
  return (
    <p className="govuk-body govuk-!-font-weight-bold app-running-total" aria-live="polite" id={`${breakdown.id}-total`}>
      {describeBreakdownTotal(questionSet, breakdown, standing)}
    </p>
  );
}
