import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
  labelClassName?: string;
}

/** GOV.UK form group: label, hint, inline error and the control, wired with aria-describedby. */
function FieldFrame({ id, label, hint, errors, children, labelClassName = "govuk-label" }: FieldFrameProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${errorId ? " govuk-form-group--error" : ""}`}>
      <label className={labelClassName} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {errorId ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {errors!.join(". ")}
        </p>
      ) : null}
      {children(describedBy, Boolean(errorId))}
    </div>
  );
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  widthClass?: string;
};

export function TextInput({ id, name, label, hint, errors, widthClass, className, ...input }: TextInputProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      {(describedBy, invalid) => (
        <input
          {...input}
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={["govuk-input", widthClass, invalid ? "govuk-input--error" : undefined, className].filter(Boolean).join(" ")}
        />
      )}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> & {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
};

export function Select({ id, name, label, hint, errors, options, ...select }: SelectProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      {(describedBy, invalid) => (
        <select
          {...select}
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={`govuk-select${invalid ? " govuk-select--error" : ""}`}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

type FileUploadProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type"> & {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
};

/** GOV.UK file upload: a plain file input, so it works without JavaScript. */
export function FileUpload({ id, name, label, hint, errors, ...input }: FileUploadProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      {(describedBy, invalid) => (
        <input
          {...input}
          type="file"
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={`govuk-file-upload${invalid ? " govuk-file-upload--error" : ""}`}
        />
      )}
    </FieldFrame>
  );
}
