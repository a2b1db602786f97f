import type { FieldDefinition } from "~/domain/question-set";

interface Props {
  field: FieldDefinition;
  defaultValue: string;
  error?: string | undefined;
  onBlur?: (field: FieldDefinition, value: string, movingTo: EventTarget | null) => void;
  /** Where a pre-filled answer came from, e.g. "From DfE SEN2, January 2025 — check and confirm". */
  note?: string | undefined;
}

/** One question of the return as a GOV.UK form control; its name is the field key. */
export function ReturnField({ field, defaultValue, error, onBlur, note }: Props) {
  const id = fieldControlId(field);
  const hintId = field.hint || note ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const errorMessage = error ? (
    <p id={errorId} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;
  const hint = hintId ? (
    <div id={hintId} className="govuk-hint">
      {field.hint}
      {field.hint && note ? " " : null}
      {note ? <strong className="app-prefill-note">{note}</strong> : null}
    </div>
  ) : null;
  const groupClass = `govuk-form-group${error ? " govuk-form-group--error" : ""}`;

  if (field.kind === "boolean") {
    return (
      <div className={groupClass}>
        <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{field.label}</legend>
          {hint}
          {errorMessage}
          <div className="govuk-radios govuk-radios--inline" data-module="govuk-radios">
            {(["yes", "no"] as const).map((choice, i) => (
              <div key={choice} className="govuk-radios__item">
                <input
                  className="govuk-radios__input"
                  id={i === 0 ? id : `${id}-${choice}`}
                  name={field.key}
                  type="radio"
                  value={choice}
                  defaultChecked={defaultValue === choice}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? id : `${id}-${choice}`}>
                  {choice === "yes" ? "Yes" : "No"}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    );
  }

  const label = (
    <label className="govuk-label govuk-label--s" htmlFor={id}>
      {field.label}
      {field.kind === "count" ? <span className="govuk-visually-hidden"> ({field.unit})</span> : null}
    </label>
  );

  if (field.kind === "text") {
    return (
      <div className={groupClass}>
        {label}
        {hint}
        {errorMessage}
        <textarea
          className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
          id={id}
          name={field.key}
          rows={3}
          defaultValue={defaultValue}
          aria-describedby={describedBy}
          onBlur={(event) => onBlur?.(field, event.currentTarget.value, event.relatedTarget)}
        />
      </div>
    );
  }

  const input = (
    <input
      className={`govuk-input govuk-input--width-10${error ? " govuk-input--error" : ""}`}
      id={id}
      name={field.key}
      type="text"
      inputMode={field.allowNegative ? "text" : "numeric"}
      spellCheck={false}
      autoComplete="off"
      defaultValue={defaultValue}
      aria-describedby={describedBy}
      onBlur={(event) => onBlur?.(field, event.currentTarget.value, event.relatedTarget)}
    />
  );
  return (
    <div className={groupClass}>
      {label}
      {hint}
      {errorMessage}
      {field.kind === "money" ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            £
          </div>
          {input}
        </div>
      ) : (
        <div className="govuk-input__wrapper">
          {input}
          <div className="govuk-input__suffix" aria-hidden="true">
            {field.unit}
          </div>
        </div>
      )}
    </div>
  );
}

/** The id of a field's control, for error summary links. */
export function fieldControlId(field: Pick<FieldDefinition, "key">): string {
  return field.key.replace(/\./g, "-");
}
