import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ReturnAnswers } from "~/components/return-answers";
import { fieldControlId } from "~/components/return-field";
import { ErrorSummary, type ErrorSummaryItem, formErrorItems } from "~/components/ui/error-summary";
import { getQuestionSet, findField } from "~/domain/question-set";
import { unexplainedWarnings } from "~/domain/return-progress";
import { canMemberEditReturn, canSubmitReturn } from "~/domain/round-lifecycle";
import { MAX_EXPLANATION_LENGTH, parseExplanations } from "~/domain/explanations";
import { StaleReturnError, saveExplanations, setReturnStatus } from "~/models/return.server";
import { loadReturnWorkspace } from "~/services/return-workspace.server";
import { getDb } from "~/utils/db.server";
import { editingClosed, formVersion, requireMemberRound } from "~/utils/return-access.server";
import { flashNotice } from "~/utils/session.server";
import { pluralise } from "~/domain/format";
import { Checkboxes, Textarea } from "~/components/ui/fields";

export const meta: MetaFunction = () => [{ title: "Check your answers – Benchmark Network" }];

const DECLARATION =
  "I confirm that, to the best of my knowledge, these figures are correct and my authority agrees to them being compared, anonymously, with other members of the network.";

/** The declaration; each warning's explanation is read by `parseExplanations`, for the warnings the return has now. */
const submitSchema = z.object({
  declaration: z.literal("confirmed", { error: "Confirm the declaration before you submit" }),
});

/** Problems as conform's reply: each under the id of the field or answers card it is about, the rest about the whole form. */
function problemErrors(problems: readonly ErrorSummaryItem[]) {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const problem of problems) {
    if (problem.fieldId) (fieldErrors[problem.fieldId] ??= []).push(problem.message);
    else formErrors.push(problem.message);
  }
  return { fieldErrors, formErrors };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const workspace = await loadReturnWorkspace(getDb(), round, member.authority_id);
  if (!canMemberEditReturn(round.status, workspace.returnRow?.status ?? "not_started")) throw redirect(`/rounds/${round.slug}`);
  return {
    roundSlug: round.slug,
    roundName: round.name,
    questionSetVersion: round.question_set_version,
    version: workspace.version,
    values: workspace.values,
    errors: workspace.validation.errors,
    warnings: workspace.validation.warnings,
    explanations: workspace.explanations,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const db = getDb();
  const workspace = await loadReturnWorkspace(db, round, member.authority_id);
  const returnRow = workspace.returnRow;
  if (!returnRow || !canSubmitReturn(round.status, returnRow.status)) throw editingClosed();

  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: submitSchema });
  const parsed = parseExplanations(formData, workspace.validation.warnings);
  const explanations = { ...workspace.explanations, ...parsed.explanations };
  const problems: ErrorSummaryItem[] = [...parsed.errors];
  try {
    // Explanations are kept even when the submission is refused, so nothing typed is lost.
    await db.transaction().execute(async (trx) => {
      if (Object.keys(parsed.explanations).length > 0) {
        await saveExplanations(trx, { returnRow, explanations: parsed.explanations, actorId: member.id });
      }
    });
    const questionSet = workspace.questionSet;
    for (const error of workspace.validation.errors) {
      const field = findField(questionSet, error.key);
      problems.push({ fieldId: field ? `answers-${field.sectionId}` : undefined, message: error.message });
    }
    for (const warning of unexplainedWarnings(workspace.validation.warnings, explanations)) {
      if (!parsed.errors.some((error) => error.fieldId === `explanation-${warning.id}`)) {
        problems.push({ fieldId: `explanation-${warning.id}`, message: `Explain this warning: ${warning.message}` });
      }
    }
    if (problems.length > 0 || submission.status !== "success") {
      return data({ ...submission.reply(problemErrors(problems)), typed: parsed.explanations }, { status: 400 });
    }

    await db
      .transaction()
      .execute((trx) => setReturnStatus(trx, { returnRow, to: "submitted", actorId: member.id, expectedVersion: formVersion(formData) }));
  } catch (error) {
    if (!(error instanceof StaleReturnError)) throw error;
    const stale = "Someone else changed this return since you opened it. Check the answers below, then submit again.";
    return data({ ...submission.reply({ formErrors: [stale] }), typed: parsed.explanations }, { status: 409 });
  }
  return redirect(`/rounds/${round.slug}`, {
    headers: { "Set-Cookie": await flashNotice(request, "Return submitted to your network coordinator") },
  });
}

export default function CheckAnswers() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const questionSet = getQuestionSet(page.questionSetVersion);
  const [form] = useForm({ id: "submit-return", lastResult: result });
  const problemFor = (id: string) => form.allErrors[id] ?? [];
  // In the page's order: the answers to correct, the warnings to explain, the declaration.
  const problems = formErrorItems(form, [
    ...questionSet.sections.map((section) => `answers-${section.id}`),
    ...page.warnings.map((warning) => `explanation-${warning.id}`),
    "declaration",
  ]);
  return (
    <>
      <Link to={`/rounds/${page.roundSlug}`} className="govuk-back-link">
        Back to your return
      </Link>
      <ErrorSummary errors={problems} submission={result ?? null} />
      <span className="govuk-caption-l">{page.roundName}</span>
      <h1 className="govuk-heading-l">Check your answers before you submit</h1>
      {page.errors.length > 0 ? (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">
            You need to correct {pluralise(page.errors.length, "answer", "answers")} before you can submit
          </h2>
          <ul className="govuk-list govuk-list--bullet">
            {page.errors.map((error) => {
              const field = findField(questionSet, error.key);
              return (
                <li key={`${error.key}-${error.code}`}>
                  {field ? (
                    <Link className="govuk-link" to={`/rounds/${page.roundSlug}/sections/${field.sectionId}#${fieldControlId(field)}`}>
                      {error.message}
                    </Link>
                  ) : (
                    error.message
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <ReturnAnswers
        questionSet={questionSet}
        values={page.values}
        changeHref={(sectionId) => `/rounds/${page.roundSlug}/sections/${sectionId}`}
      />
      <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
        <input type="hidden" name="version" value={page.version} />
        {page.warnings.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">Explain these warnings</h2>
            <p className="govuk-body">
              These answers are unusual. They may well be right: tell your coordinator why, so they can approve your return without a query.
            </p>
            {page.warnings.map((warning) => {
              const id = `explanation-${warning.id}`;
              const errors = problemFor(id);
              return (
                <Textarea
                  key={warning.id}
                  id={id}
                  name={id}
                  label={warning.message}
                  labelClassName="govuk-label govuk-label--s"
                  errors={errors}
                  rows={2}
                  maxLength={MAX_EXPLANATION_LENGTH}
                  defaultValue={result?.typed[warning.id] ?? page.explanations[warning.id] ?? ""}
                />
              );
            })}
          </>
        ) : null}
        <h2 className="govuk-heading-m">Declaration</h2>
        <Checkboxes name="declaration" errors={problemFor("declaration")} items={[{ value: "confirmed", label: DECLARATION }]} />
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Submit return
        </button>
      </Form>
    </>
  );
}
