import {
  Fragment,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useEffect,
  useState,
} from "react";

/** What a field component needs of one of conform's fields (`useForm`'s `fields.<name>`); its name is also its id. */
export interface FormField {
  name: string;
  key?: string | undefined;
  defaultValue?: string | undefined;
  errors?: readonly string[] | undefined;
}

/**
 * The props a field component takes from one of conform's fields: its id (the name), name, the value
 * to redraw and its inline errors. React wants `key` written out, so pass `key={field.key}` beside it.
 */
export function fieldProps(field: FormField) {
  return { id: field.name, name: field.name, defaultValue: field.defaultValue ?? "", errors: field.errors };
}

/** What every labelled field takes: its id, its name (usually the same), label, hint and inline errors. */
interface FieldProps {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  labelClassName?: string;
}

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
  labelClassName?: string;
  /** Ids of further descriptions (a note beside the hint), read out between the hint and the error. */
  describedBy?: string | undefined;
  /** Drawn after the hint, before the error message (a note, a "what counts" details). */
  aside?: ReactNode;
}

/** What a text box may add between its hint and error (the return form's notes). */
type FrameExtras = Pick<FieldFrameProps, "describedBy" | "aside">;

/**
 * The ids a control is described by (hint, further notes, inline error) and the GOV.UK markup of
 * the hint, the aside and the error, shared by single controls and groups of choices.
 */
function describe(id: string, hint: ReactNode, errors: readonly string[] | undefined, extra: string | undefined, aside: ReactNode) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${id}-error` : undefined;
  return {
    describedBy: [hintId, extra, errorId].filter(Boolean).join(" ") || undefined,
    invalid: errorId !== undefined,
    descriptions: (
      <>
        {hint ? (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {aside}
        {errorId ? (
          <p id={errorId} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errors!.join(". ")}
          </p>
        ) : null}
      </>
    ),
  };
}

/** GOV.UK form group: label, hint, inline error and the control, wired with aria-describedby. */
function FieldFrame({ id, label, hint, errors, children, labelClassName = "govuk-label", describedBy: extra, aside }: FieldFrameProps) {
  const { describedBy, invalid, descriptions } = describe(id, hint, errors, extra, aside);
  return (
    <div className={`govuk-form-group${invalid ? " govuk-form-group--error" : ""}`}>
      <label className={labelClassName} htmlFor={id}>
        {label}
      </label>
      {descriptions}
      {children(describedBy, invalid)}
    </div>
  );
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "prefix"> &
  FieldProps &
  FrameExtras & {
    widthClass?: string;
    /** GOV.UK prefix and suffix ("£", "children"), hidden from screen readers: say the unit in the label too. */
    prefix?: ReactNode;
    suffix?: ReactNode;
  };

export function TextInput({
  id,
  name,
  label,
  hint,
  errors,
  labelClassName,
  describedBy: extra,
  aside,
  widthClass,
  className,
  prefix,
  suffix,
  ...input
}: TextInputProps) {
  const wrapped = (control: ReactNode) =>
    prefix === undefined && suffix === undefined ? (
      control
    ) : (
      <div className="govuk-input__wrapper">
        {prefix !== undefined ? (
          <div className="govuk-input__prefix" aria-hidden="true">
            {prefix}
          </div>
        ) : null}
        {control}
        {suffix !== undefined ? (
          <div className="govuk-input__suffix" aria-hidden="true">
            {suffix}
          </div>
        ) : null}
      </div>
    );
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} labelClassName={labelClassName} describedBy={extra} aside={aside}>
      {(describedBy, invalid) =>
        wrapped(
          <input
            {...input}
            id={id}
            name={name}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            className={["govuk-input", widthClass, invalid ? "govuk-input--error" : undefined, className].filter(Boolean).join(" ")}
          />,
        )
      }
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> &
  FieldProps & {
    /** Options, or groups of them (drawn as `<optgroup>`). */
    options: ReadonlyArray<SelectOption | { label: string; options: readonly SelectOption[] }>;
  };

const optionElement = (option: SelectOption) => (
  <option key={option.value} value={option.value}>
    {option.label}
  </option>
);

export function Select({ id, name, label, hint, errors, options, labelClassName, ...select }: SelectProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} labelClassName={labelClassName}>
      {(describedBy, invalid) => (
        <select
          {...select}
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={`govuk-select${invalid ? " govuk-select--error" : ""}`}
        >
          {options.map((option) =>
            "options" in option ? (
              <optgroup key={option.label} label={option.label}>
                {option.options.map(optionElement)}
              </optgroup>
            ) : (
              optionElement(option)
            ),
          )}
        </select>
      )}
    </FieldFrame>
  );
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> & FieldProps & FrameExtras;

/** GOV.UK textarea: label, hint and inline error wired to the box. */
export function Textarea({
  id,
  name,
  label,
  hint,
  errors,
  labelClassName,
  describedBy,
  aside,
  className,
  rows = 5,
  ...textarea
}: TextareaProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} labelClassName={labelClassName} describedBy={describedBy} aside={aside}>
      {(describedBy, invalid) => (
        <textarea
          rows={rows}
          {...textarea}
          id={id}
          name={name}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          className={["govuk-textarea", invalid ? "govuk-textarea--error" : undefined, className].filter(Boolean).join(" ")}
        />
      )}
    </FieldFrame>
  );
}

type FileUploadProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type"> & FieldProps;

/** GOV.UK file upload: a plain file input, so it works without JavaScript. */
export function FileUpload({ id, name, label, hint, errors, labelClassName, ...input }: FileUploadProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} labelClassName={labelClassName}>
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

/** One choice of a set of radios or checkboxes. */
export interface Choice {
  value: string;
  label: ReactNode;
  /** The input's id; by default the first choice takes the group's id (so the error summary can link to it) and the rest `<id>-<value>`. */
  id?: string;
  hint?: ReactNode;
  disabled?: boolean;
  /** Shown under the choice while it is chosen (GOV.UK "conditional reveal"; hidden by app.css's rule); always shown until scripts run. */
  conditional?: ReactNode;
}

interface ChoicesProps {
  /** The group's id: the first input's, and the stem of the hint's and error's ids. Defaults to `name`. */
  id?: string;
  name: string;
  /** Without a legend there is no fieldset: a lone checkbox whose label says it all. */
  legend?: ReactNode;
  legendClassName?: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  items: readonly Choice[];
  /** Ids of further descriptions (a note beside the hint), read out with the hint and error. */
  describedBy?: string;
  /** Drawn after the hint, before the error message (a note, a "what counts" details). */
  aside?: ReactNode;
  inline?: boolean;
  small?: boolean;
  /** Extra classes for the form group (a checkbox in a table cell wants no margin). */
  formGroupClassName?: string;
  onChange?: (value: string, checked: boolean) => void;
}

/** True after the first render in the browser: what needs JavaScript (hiding a reveal) waits for it. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const choiceId = (groupId: string, item: Choice, index: number) =>
  item.id ?? (index === 0 ? groupId : `${groupId}-${item.value || "blank"}`);

/** GOV.UK radios or checkboxes: form group, fieldset and legend, hint, inline error, one input per choice. */
function Choices({
  type,
  id,
  name,
  legend,
  legendClassName = "govuk-fieldset__legend--s",
  hint,
  errors,
  items,
  describedBy: extraDescribedBy,
  aside,
  inline,
  small,
  formGroupClassName,
  onChange,
  checkedValues,
}: ChoicesProps & { type: "radio" | "checkbox"; checkedValues: readonly string[] }) {
  const groupId = id ?? name;
  const block = type === "radio" ? "govuk-radios" : "govuk-checkboxes";
  const hydrated = useHydrated();
  const [checked, setChecked] = useState(checkedValues);
  const { describedBy, invalid, descriptions } = describe(groupId, hint, errors, extraDescribedBy, aside);
  const hasConditional = items.some((item) => item.conditional !== undefined);
  const controls = (
    <>
      {descriptions}
      <div
        className={[block, inline && !hasConditional ? `${block}--inline` : undefined, small ? `${block}--small` : undefined]
          .filter(Boolean)
          .join(" ")}
        data-module={block}
      >
        {items.map((item, i) => {
          const inputId = choiceId(groupId, item, i);
          const itemHintId = item.hint ? `${inputId}-item-hint` : undefined;
          const conditionalId = item.conditional !== undefined ? `conditional-${inputId}` : undefined;
          const shown = checked.includes(item.value);
          return (
            <Fragment key={item.value}>
              <div className={`${block}__item`}>
                <input
                  className={`${block}__input`}
                  id={inputId}
                  name={name}
                  type={type}
                  value={item.value}
                  defaultChecked={checkedValues.includes(item.value)}
                  disabled={item.disabled}
                  aria-describedby={[legend === undefined ? describedBy : undefined, itemHintId].filter(Boolean).join(" ") || undefined}
                  onChange={(event) => {
                    const { value, checked: isChecked } = event.currentTarget;
                    setChecked((current) =>
                      type === "radio" ? [value] : isChecked ? [...current, value] : current.filter((other) => other !== value),
                    );
                    onChange?.(value, isChecked);
                  }}
                  // No aria-expanded: a radio may not carry it (ARIA 1.2; GOV.UK Frontend dropped it too).
                  {...(conditionalId ? { "aria-controls": conditionalId } : {})}
                />
                <label className={`govuk-label ${block}__label`} htmlFor={inputId}>
                  {item.label}
                </label>
                {item.hint ? (
                  <div id={itemHintId} className={`govuk-hint ${block}__hint`}>
                    {item.hint}
                  </div>
                ) : null}
              </div>
              {conditionalId ? (
                <div className={`${block}__conditional${hydrated && !shown ? ` ${block}__conditional--hidden` : ""}`} id={conditionalId}>
                  {item.conditional}
                </div>
              ) : null}
            </Fragment>
          );
        })}
      </div>
    </>
  );
  return (
    <div className={["govuk-form-group", invalid ? "govuk-form-group--error" : undefined, formGroupClassName].filter(Boolean).join(" ")}>
      {legend !== undefined ? (
        <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
          <legend className={`govuk-fieldset__legend ${legendClassName}`}>{legend}</legend>
          {controls}
        </fieldset>
      ) : (
        controls
      )}
    </div>
  );
}

type RadiosProps = ChoicesProps & { legend: ReactNode; defaultValue?: string | undefined };

/** GOV.UK radios: one answer of several, by name; the first radio carries the group's id. */
export function Radios({ defaultValue, ...props }: RadiosProps) {
  return <Choices {...props} type="radio" checkedValues={defaultValue === undefined ? [] : [defaultValue]} />;
}

type CheckboxesProps = ChoicesProps & { defaultValues?: readonly string[] | undefined };

/** GOV.UK checkboxes: any of several (or one lone checkbox), all under one name. */
export function Checkboxes({ defaultValues, ...props }: CheckboxesProps) {
  return <Choices {...props} type="checkbox" checkedValues={defaultValues ?? []} />;
}
