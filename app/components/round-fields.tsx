import { DEFAULT_REMINDER_DAYS_BEFORE } from "~/domain/notifications";
import { type FormField, Select, TextInput } from "./ui/fields";

type RoundFieldName = "name" | "slug" | "financialYear" | "questionSetVersion" | "opensOn" | "closesOn" | "reminderDaysBefore" | "baseYear";

interface Props {
  /** Conform's fields; those a round keeps once created (slug, year, question set) only when creating. */
  fields: Pick<Record<RoundFieldName, FormField>, "name" | "opensOn" | "closesOn" | "reminderDaysBefore" | "baseYear"> &
    Partial<Record<RoundFieldName, FormField>>;
  /** Slug, financial year and question set are fixed once a round exists. */
  creating: boolean;
  questionSetVersions: readonly number[];
}

/** The round settings form, shared by "create a round" and "change round details". */
export function RoundFields({ fields, creating, questionSetVersions }: Props) {
  // A field's name is its id, so the error summary's links find it.
  const field = (name: RoundFieldName) => ({
    id: name,
    name,
    defaultValue: fields[name]?.defaultValue ?? "",
    errors: fields[name]?.errors,
  });
  return (
    <>
      <TextInput {...field("name")} label="Name" hint="As members will see it, for example “SEND transport 2024-25”" />
      {creating ? (
        <>
          <TextInput
            {...field("slug")}
            label="Slug"
            hint="Used in web addresses and the command line: lower-case letters, digits and hyphens, like 2024-25"
            widthClass="govuk-input--width-20"
            spellCheck={false}
          />
          <TextInput {...field("financialYear")} label="Financial year" hint="For example, 2024-25" widthClass="govuk-input--width-5" />
          <Select
            {...field("questionSetVersion")}
            label="Question set version"
            defaultValue={fields.questionSetVersion?.defaultValue || String(questionSetVersions.at(-1))}
            options={questionSetVersions.map((version) => ({ value: String(version), label: `Version ${version}` }))}
          />
        </>
      ) : null}
      <TextInput {...field("opensOn")} type="date" label="Opening date (optional)" widthClass="govuk-input--width-10" />
      <TextInput {...field("closesOn")} type="date" label="Closing date (optional)" widthClass="govuk-input--width-10" />
      <TextInput
        {...field("reminderDaysBefore")}
        inputMode="numeric"
        label="Days before the closing date to send reminders"
        hint={`Members of authorities that have not submitted are emailed a reminder that day. Leave blank for ${DEFAULT_REMINDER_DAYS_BEFORE}.`}
        widthClass="govuk-input--width-3"
      />
      <TextInput
        {...field("baseYear")}
        label="Price base year for real-terms figures (optional)"
        hint="For example, 2024-25. Leave blank to use the latest year in the deflator table."
        widthClass="govuk-input--width-5"
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
