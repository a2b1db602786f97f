import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { BreakdownRunningTotal } from "~/components/breakdown-running-total";
import { ReturnField, fieldControlId, formAnswer } from "~/components/return-field";
import { ErrorSummary } from "~/components/ui/error-summary";
import { parseFieldValue } from "~/domain/field-values";
import { type FieldDefinition, type QuestionSet, findField, getQuestionSet } from "~/domain/question-set";
import { nextSectionId, revealedFields, sectionFieldGroups } from "~/domain/return-form";
import { buildSectionSchema } from "~/domain/return-schema";
import { canMemberEditReturn } from "~/domain/round-lifecycle";
import { type SectionConflict, findSectionPrefill, saveSection } from "~/services/return-sections.server";
import { listComments } from "~/models/comment.server";
import { queriedFieldKeys } from "~/domain/comments";
import { findReturn, readReturnValues } from "~/models/return.server";
import { notFound } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { editingClosed, formVersion, requireMemberRound } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.sectionTitle ?? "Section"} – Benchmark Network` }];

function findSection(questionSet: QuestionSet, sectionId: string | undefined) {
  const section = questionSet.sections.find((candidate) => candidate.id === sectionId);
  if (!section) throw notFound();
  return section;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const questionSet = getQuestionSet(round.question_set_version);
  const section = findSection(questionSet, params.sectionId);
  const db = getDb();
  const returnRow = await findReturn(db, round.id, member.authority_id);
  if (!canMemberEditReturn(round.status, returnRow?.status ?? "not_started")) throw redirect(`/rounds/${round.slug}`);
  const values = returnRow ? await readReturnValues(db, returnRow.id) : {};
  // A query that names answers marks them on the form, until the return is submitted again.
  const queried = returnRow?.status === "queried" ? queriedFieldKeys(await listComments(db, returnRow.id)) : [];
  // EHCP questions not yet answered open with DfE SEN2's figures for the round's January census.
  const sectionKeys = section.fields.map((field) => field.key);
  const prefill = await findSectionPrefill(db, {
    authorityId: member.authority_id,
    financialYear: round.financial_year,
    sectionKeys,
    stored: values,
  });
  return {
    roundSlug: round.slug,
    roundName: round.name,
    questionSetVersion: round.question_set_version,
    sectionId: section.id,
    sectionTitle: section.title,
    version: returnRow?.version ?? 0,
    formValues: Object.fromEntries(
      section.fields.map((field) => [field.key, formAnswer(field, prefill?.values[field.key] ?? values[field.key])]),
    ),
    queried,
    prefill: prefill && { label: prefill.label, releaseName: prefill.releaseName, keys: Object.keys(prefill.values) },
    // The totals this section's breakdowns add up to, which may be answered in another section.
    totals: Object.fromEntries(
      questionSet.breakdowns.map((breakdown) => [
        breakdown.totalKey,
        formAnswer(findField(questionSet, breakdown.totalKey)!, values[breakdown.totalKey]),
      ]),
    ),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const questionSet = getQuestionSet(round.question_set_version);
  const section = findSection(questionSet, params.sectionId);
  const db = getDb();
  const existing = await findReturn(db, round.id, member.authority_id);
  if (!canMemberEditReturn(round.status, existing?.status ?? "not_started")) throw editingClosed();

  const formData = await request.formData();
  const typed = Object.fromEntries(section.fields.map((field) => [field.key, String(formData.get(field.key) ?? "")]));
  const submission = parseWithZod(formData, { schema: buildSectionSchema(questionSet, section.id) });
  // Conform's reply, with what was typed exactly as typed (for the boxes and running totals) and any conflict.
  const fail = (fieldErrors: Record<string, string[]>, status: number, conflict?: SectionConflict) =>
    data({ ...submission.reply({ fieldErrors }), typed, conflict: conflict ?? null }, { status });
  if (submission.status !== "success") return fail({}, 400);

  const outcome = await saveSection(db, {
    round,
    questionSet,
    section,
    member,
    existing,
    submitted: submission.value,
    expectedVersion: formVersion(formData),
  });
  if (!outcome.saved) return "conflict" in outcome ? fail({}, 409, outcome.conflict) : fail(outcome.fieldErrors, 400);
  // "Save and continue" goes on to the next section, and after the last to checking the answers.
  const next = nextSectionId(questionSet, section.id);
  const to =
    formData.get("then") !== "continue"
      ? `/rounds/${round.slug}`
      : next
        ? `/rounds/${round.slug}/sections/${next}`
        : `/rounds/${round.slug}/check`;
  return redirect(to, { headers: { "Set-Cookie": await flashNotice(request, `${section.title}: answers saved`) } });
}

export default function ReturnSection() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const questionSet = getQuestionSet(page.questionSetVersion);
  const section = questionSet.sections.find((candidate) => candidate.id === page.sectionId)!;
  const [form] = useForm({ id: "return-section", lastResult: result });
  const [liveErrors, setLiveErrors] = useState<Record<string, string | undefined>>({});
  const errorFor = (key: string) => liveErrors[key] ?? form.allErrors[key]?.join(". ");
  // Live check on blur with JavaScript: the same parser the server uses, so messages match exactly.
  const checkOnBlur = (field: FieldDefinition, value: string, movingTo: EventTarget | null) => {
    // Leaving a field for a Save button: the server checks everything, and redrawing now would move
    // the button from under the pointer and swallow the click.
    if (movingTo instanceof HTMLButtonElement && movingTo.type === "submit") return;
    const parsed = parseFieldValue(field, value);
    setLiveErrors((current) => ({ ...current, [field.key]: parsed.ok ? undefined : parsed.message }));
  };
  // What is in the boxes now, for running totals: the saved (or refused) answers, then each keystroke.
  const [typed, setTyped] = useState<Record<string, string>>(() => ({ ...page.formValues, ...result?.typed }));
  const recordChange = (field: FieldDefinition, value: string) => setTyped((current) => ({ ...current, [field.key]: value }));
  const followUps = revealedFields(section);
  const renderField = (field: FieldDefinition) => {
    const revealed = followUps.get(field.key);
    return (
      <ReturnField
        key={field.key}
        field={field}
        defaultValue={result?.typed[field.key] ?? page.formValues[field.key] ?? ""}
        error={errorFor(field.key)}
        onBlur={checkOnBlur}
        onChange={recordChange}
        revealed={revealed ? <>{revealed.map(renderField)}</> : undefined}
        note={page.prefill?.keys.includes(field.key) ? page.prefill.label : undefined}
        queried={page.queried.includes(field.key)}
      />
    );
  };
  const summary = section.fields.flatMap((field) => {
    const message = errorFor(field.key);
    return message ? [{ fieldId: fieldControlId(field), message }] : [];
  });
  const conflict = result?.conflict;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/rounds/${page.roundSlug}`} className="govuk-back-link">
          Back to your return
        </Link>
        <ErrorSummary errors={summary} submission={result ?? null} />
        {conflict ? (
          <div className="govuk-error-summary" role="alert" tabIndex={-1}>
            <h2 className="govuk-error-summary__title">Someone else changed this return since you opened it</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">
                Nothing has been saved. Check the answers below: saving again will replace the saved answers with yours.
              </p>
              {conflict.differences.length > 0 ? (
                <table className="govuk-table">
                  <caption className="govuk-table__caption govuk-table__caption--s">Answers that differ</caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">
                        Question
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Your answer
                      </th>
                      <th scope="col" className="govuk-table__header">
                        Saved answer
                      </th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {conflict.differences.map((difference) => (
                      <tr key={difference.key} className="govuk-table__row">
                        <td className="govuk-table__cell">{findField(questionSet, difference.key)?.label}</td>
                        <td className="govuk-table__cell">{difference.yours}</td>
                        <td className="govuk-table__cell">{difference.saved}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
          </div>
        ) : null}
        <span className="govuk-caption-l">{page.roundName}</span>
        <h1 className="govuk-heading-l">{section.title}</h1>
        {section.description ? <p className="govuk-body">{section.description}</p> : null}
        <p className="govuk-body">Leave a question blank if you do not have the figure: blank means not provided, not zero.</p>
        {page.prefill ? (
          <div className="govuk-inset-text">
            Some answers are filled in from DfE's published SEN2 statistics ({page.prefill.releaseName}). Check each one against your own
            records and change any that differ: nothing is saved until you save this page.
          </div>
        ) : null}
        <Form
          method="post"
          {...getFormProps(form, { ariaAttributes: false })}
          key={conflict ? `conflict-${conflict.storedVersion}` : "form"}
        >
          <input type="hidden" name="version" value={conflict ? conflict.storedVersion : page.version} />
          {sectionFieldGroups(questionSet, section).map((group) => {
            const fields = group.fields.filter((field) => field.revealedBy === undefined).map(renderField);
            if (group.title === null) return <div key={group.id}>{fields}</div>;
            const headingId = `${group.id}-heading`;
            return (
              <fieldset key={group.id} className="govuk-fieldset govuk-!-margin-bottom-6" aria-labelledby={headingId}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                  <h2 className="govuk-fieldset__heading" id={headingId}>
                    {group.title}
                  </h2>
                </legend>
                {fields}
                {group.breakdown ? (
                  <BreakdownRunningTotal questionSet={questionSet} breakdown={group.breakdown} typed={{ ...page.totals, ...typed }} />
                ) : null}
              </fieldset>
            );
          })}
          <div className="govuk-button-group">
            <button type="submit" name="then" value="continue" className="govuk-button" data-module="govuk-button">
              Save and continue
            </button>
            <button type="submit" name="then" value="tasks" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Save and return to task list
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}
