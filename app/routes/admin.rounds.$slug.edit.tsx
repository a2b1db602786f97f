import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { ROUND_FIELD_ORDER, RoundFields } from "~/components/round-fields";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { roundDetailsSchema } from "~/domain/round-settings";
import { updateRound } from "~/services/round-changes.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { flashNotice } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Change round details – Benchmark Network" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  return {
    slug: round.slug,
    values: {
      name: round.name,
      opensOn: round.opens_on,
      closesOn: round.closes_on,
      reminderDaysBefore: String(round.reminder_days_before),
      baseYear: round.base_year,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round } = await requireCoordinatorRound(request, params.slug);
  const submission = parseWithZod(await request.formData(), { schema: roundDetailsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await getDb()
    .transaction()
    .execute((trx) => updateRound(trx, round.id, submission.value, coordinator.id));
  return redirect(`/admin/rounds/${round.slug}`, { headers: { "Set-Cookie": await flashNotice(request, "Round details saved") } });
}

export default function EditRound() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof roundDetailsSchema>>({ id: "edit-round", lastResult, defaultValue: page.values });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/admin/rounds/${page.slug}`} className="govuk-back-link">
          Back to the round
        </Link>
        <ErrorSummary errors={formErrorItems(form, ROUND_FIELD_ORDER)} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">Change round details</h1>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <RoundFields fields={fields} creating={false} questionSetVersions={[]} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}
