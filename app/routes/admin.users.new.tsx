import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { TextInput } from "~/components/ui/fields";
import { UserScopeFields } from "~/components/user-scope-fields";
import { SET_PASSWORD_LINK_HOURS } from "~/domain/notifications";
import { emailSchema, userScopeSchema } from "~/domain/users";
import { queueSetPasswordEmail } from "~/services/notifications.server";
import { listScopeOptions, registerUser } from "~/services/user-admin.server";
import { appOrigin } from "~/utils/app-origin.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { flashNotice } from "~/utils/session.server";

const newUserSchema = z.object({ email: emailSchema }).and(userScopeSchema);

export const meta: MetaFunction = () => [{ title: "Add a user – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return listScopeOptions(getDb());
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const submission = parseWithZod(await request.formData(), { schema: newUserSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const origin = appOrigin();
  // The invitation is queued in the transaction that creates the user, and sent once it commits.
  const result = await registerUser(getDb(), { ...submission.value, passwordHash: null }, coordinator.id, (trx, user) =>
    queueSetPasswordEmail(trx, { user, purpose: "invite", origin }),
  );
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.field]: [result.message] } }), { status: 400 });
  kickOutbox();
  return redirect("/admin/users", {
    headers: { "Set-Cookie": await flashNotice(request, `${result.user.name} has been sent an invitation to set a password`) },
  });
}

const FIELD_ORDER = ["email", "name", "role", "authorityCode", "groupSlug"] as const;

export default function NewUser() {
  const options = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof newUserSchema>>({ id: "new-user", lastResult });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={formErrorItems(form, FIELD_ORDER)} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">Add a user</h1>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <TextInput
            id="email"
            name={fields.email.name}
            key={fields.email.key}
            type="email"
            label="Email address"
            defaultValue={fields.email.defaultValue ?? ""}
            spellCheck={false}
            autoComplete="off"
            errors={fields.email.errors}
          />
          <UserScopeFields {...options} fields={fields} />
          <p className="govuk-body">
            We will email them a link to set their password. The link works once, for {SET_PASSWORD_LINK_HOURS} hours; after that they can
            ask for a new one from the sign-in page.
          </p>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Add user and send invitation
          </button>
        </Form>
      </div>
    </div>
  );
}
