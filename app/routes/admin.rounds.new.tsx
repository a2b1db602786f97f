import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import type { z } from "zod";
import { ROUND_FIELD_ORDER, RoundFields } from "~/components/round-fields";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { QUESTION_SETS } from "~/domain/question-set";
import { newRoundSchema } from "~/domain/round-settings";
import { createRound } from "~/services/round-changes.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { flashNotice } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Create a round – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const submission = parseWithZod(await request.formData(), { schema: newRoundSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await getDb()
    .transaction()
    .execute((trx) => createRound(trx, submission.value, coordinator.id));
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.field]: [result.message] } }), { status: 400 });
  return redirect(`/admin/rounds/${result.round.slug}`, {
    headers: { "Set-Cookie": await flashNotice(request, `${result.round.name} created as a draft: open it when members should start`) },
  });
}

export default function NewRound() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newRoundSchema>>({ id: "new-round", lastResult });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to="/admin/rounds" className="govuk-back-link">
          All rounds
        </Link>
        <ErrorSummary errors={formErrorItems(form, ROUND_FIELD_ORDER)} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">Create a round</h1>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <RoundFields fields={fields} creating questionSetVersions={Object.keys(QUESTION_SETS).map(Number)} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Create round
          </button>
        </Form>
      </div>
    </div>
  );
}
