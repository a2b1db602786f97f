import type { ReactNode } from "react";
import { formatCount } from "~/domain/format";
import { parseFieldValue } from "~/domain/field-values";
import type { FieldDefinition } from "~/domain/question-set";
import { Radios, TextInput, Textarea } from "./ui/fields";

interface Props {
  field: FieldDefinition;
  defaultValue: string;
  error?: string | undefined;
  onBlur?: (field: FieldDefinition, value: string, movingTo: EventTarget | null) => void;
  /** Every change as it is typed or chosen, for running totals and answers that follow a "yes". */
  onChange?: (field: FieldDefinition, value: string) => void;
  /** Questions asked only after "yes" (a charge's amount): shown under "Yes", hidden otherwise once scripts run. */
  revealed?: ReactNode;
  /** The coordinator's query names this answer. */
  queried?: boolean;
  /** Where a pre-filled answer came from, e.g. "From DfE SEN2, January 2025 — check and confirm". */
  note?: string | undefined;
}

const YES_NO_CHOICES = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  // Policies may be left unanswered (blank means not provided), and an answer taken back.
  { value: "", label: "Not answered" },
] as const;

/** One question of the return as a GOV.UK form control; its name is the field key. */
export function ReturnField({ field, defaultValue, error, onBlur, onChange, revealed, queried, note }: Props) {
  const id = fieldControlId(field);
  const hintId = field.hint || note ? `${id}-hint` : undefined;
  const queriedId = queried ? `${id}-queried` : undefined;
  const hintContent = hintId ? (
    <>
      {field.hint}
      {field.hint && note ? " " : null}
      {note ? <strong className="app-prefill-note">{note}</strong> : null}
    </>
  ) : undefined;
  const queriedNote = queried ? (
    <p id={queriedId} className="govuk-body-s govuk-!-font-weight-bold app-queried">
      Your coordinator asked about this answer
    </p>
  ) : null;
  const guidance = field.guidance ? (
    <details className="govuk-details govuk-!-margin-bottom-3">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          What counts<span className="govuk-visually-hidden"> for {field.label.charAt(0).toLowerCase() + field.label.slice(1)}</span>
        </span>
      </summary>
      <div className="govuk-details__text">{field.guidance}</div>
    </details>
  ) : null;

  if (field.kind === "boolean") {
    return (
      <Radios
        id={id}
        name={field.key}
        legend={field.label}
        hint={hintContent}
        describedBy={queriedId}
        aside={
          <>
            {queriedNote}
            {guidance}
          </>
        }
        errors={error ? [error] : undefined}
        inline
        defaultValue={defaultValue}
        onChange={(value) => onChange?.(field, value)}
        items={YES_NO_CHOICES.map((option) => ({
          value: option.value,
          label: option.label,
          conditional: revealed && option.value === "yes" ? revealed : undefined,
        }))}
      />
    );
  }

  // Label, hint, the coordinator's query, "what counts", then the error: the same frame for every kind.
  const frame = {
    id,
    name: field.key,
    label: (
      <>
        {field.label}
        {field.kind === "count" ? <span className="govuk-visually-hidden"> ({field.unit})</span> : null}
      </>
    ),
    labelClassName: "govuk-label govuk-label--s",
    hint: hintContent,
    describedBy: queriedId,
    aside: (
      <>
        {queriedNote}
        {guidance}
      </>
    ),
    errors: error ? [error] : undefined,
    defaultValue,
  };

  if (field.kind === "text") {
    return (
      <Textarea
        {...frame}
        rows={3}
        onChange={(event) => onChange?.(field, event.currentTarget.value)}
        onBlur={(event) => onBlur?.(field, event.currentTarget.value, event.relatedTarget)}
      />
    );
  }

  return (
    <TextInput
      {...frame}
      widthClass="govuk-input--width-10"
      type="text"
      inputMode={field.allowNegative ? "text" : "numeric"}
      spellCheck={false}
      autoComplete="off"
      prefix={field.kind === "money" ? "£" : undefined}
      suffix={field.kind === "money" ? undefined : field.unit}
      onChange={(event) => onChange?.(field, event.currentTarget.value)}
      onBlur={(event) => {
        const input = event.currentTarget;
        // Money reads in thousands: a valid sum of pounds is shown again as "3,000,000".
        const parsed = field.kind === "money" ? parseFieldValue(field, input.value) : null;
        if (parsed?.ok && typeof parsed.value === "number") input.value = formatCount(parsed.value);
        onBlur?.(field, input.value, event.relatedTarget);
      }}
    />
  );
}

/** The id of a field's control, for error summary links. */
export function fieldControlId(field: Pick<FieldDefinition, "key">): string {
  return field.key.replace(/\./g, "-");
}

/** An answer as the form shows it: money and counts with thousands separators ("3,000,000"), yes/no as the radios' values. */
export function formAnswer(field: FieldDefinition, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return field.kind === "money" ? formatCount(value) : String(value);
  return value;
}
