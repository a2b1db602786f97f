import { DEFAULT_REMINDER_DAYS_BEFORE } from "~/domain/notifications";
import { TextInput } from "./ui/fields";

type RoundFieldName = "name" | "slug" | "financialYear" | "questionSetVersion" | "opensOn" | "closesOn" | "reminderDaysBefore" | "baseYear";

interface Props {
  values: Partial<Record<RoundFieldName, string | number | null | undefined>>;
  errors: Partial<Record<string, readonly string[] | undefined>>;
  /** Slug, financial year and question set are fixed once a round exists. */
  creating: boolean;
  questionSetVersions: readonly number[];
}

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? "" : String(value));

/** The round settings form, shared by "create a round" and "change round details". */
export function RoundFields({ values, errors, creating, questionSetVersions }: Props) {
  return (
    <>
      <TextInput
        id="name"
        name="name"
        label="Name"
        hint="As members will see it, for example “SEND transport 2024-25”"
        defaultValue={text(values.name)}
        errors={errors.name}
      />
      {creating ? (
        <>
          <TextInput
            id="slug"
            name="slug"
            label="Slug"
            hint="Used in web addresses and the command line: lower-case letters, digits and hyphens, like 2024-25"
            defaultValue={text(values.slug)}
            widthClass="govuk-input--width-20"
            spellCheck={false}
            errors={errors.slug}
          />
          <TextInput
            id="financialYear"
            name="financialYear"
            label="Financial year"
            hint="For example, 2024-25"
            defaultValue={text(values.financialYear)}
            widthClass="govuk-input--width-5"
            errors={errors.financialYear}
          />
          <div className={`govuk-form-group${errors.questionSetVersion ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label" htmlFor="questionSetVersion">
              Question set version
            </label>
            {errors.questionSetVersion ? (
              <p id="questionSetVersion-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {errors.questionSetVersion.join(". ")}
              </p>
            ) : null}
            <select
              className="govuk-select"
              id="questionSetVersion"
              name="questionSetVersion"
              defaultValue={text(values.questionSetVersion) || String(questionSetVersions.at(-1))}
            >
              {questionSetVersions.map((version) => (
                <option key={version} value={version}>
                  Version {version}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      <TextInput
        id="opensOn"
        name="opensOn"
        type="date"
        label="Opening date (optional)"
        defaultValue={text(values.opensOn)}
        widthClass="govuk-input--width-10"
        errors={errors.opensOn}
      />
      <TextInput
        id="closesOn"
        name="closesOn"
        type="date"
        label="Closing date (optional)"
        defaultValue={text(values.closesOn)}
        widthClass="govuk-input--width-10"
        errors={errors.closesOn}
      />
      <TextInput
        id="reminderDaysBefore"
        name="reminderDaysBefore"
        inputMode="numeric"
        label="Days before the closing date to send reminders"
        hint={`Members of authorities that have not submitted are emailed a reminder that day. Leave blank for ${DEFAULT_REMINDER_DAYS_BEFORE}.`}
        defaultValue={text(values.reminderDaysBefore)}
        widthClass="govuk-input--width-3"
        errors={errors.reminderDaysBefore}
      />
      <TextInput
        id="baseYear"
        name="baseYear"
        label="Price base year for real-terms figures (optional)"
        hint="For example, 2024-25. Leave blank to use the latest year in the deflator table."
        defaultValue={text(values.baseYear)}
        widthClass="govuk-input--width-5"
        errors={errors.baseYear}
      />
    </>
  );
}

export const ROUND_FIELD_ORDER = [
  "name",
  "slug",
  "financialYear",
  "questionSetVersion",
  "opensOn",
  "closesOn",
  "reminderDaysBefore",
  "baseYear",
] as const;
