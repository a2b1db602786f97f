import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, fieldErrorItems, readFormResult } from "~/components/ui/error-summary";
import { TextInput } from "~/components/ui/fields";
import { UserScopeFields } from "~/components/user-scope-fields";
import { emailSchema, passwordSchema, userScopeSchema } from "~/domain/users";
import { listScopeOptions, registerUser } from "~/models/user-admin.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { flashNotice } from "~/utils/session.server";

const newUserSchema = z.object({ email: emailSchema, password: passwordSchema }).and(userScopeSchema);

export const meta: MetaFunction = () => [{ title: "Add a user – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return listScopeOptions(getDb());
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const submission = parseWithZod(await request.formData(), { schema: newUserSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { password, ...user } = submission.value;
  const result = await registerUser(getDb(), { ...user, passwordHash: await hashPassword(password) }, coordinator.id);
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields: ["password"] }), { status: 400 });
  }
  return redirect("/admin/users", { headers: { "Set-Cookie": await flashNotice(request, `${result.user.name} can now sign in`) } });
}

const FIELD_ORDER = ["email", "name", "role", "authorityCode", "groupSlug", "password"] as const;

export default function NewUser() {
  const options = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { errors, values } = readFormResult(result, {} as Record<string, string | undefined>);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={fieldErrorItems(errors, FIELD_ORDER)} />
        <h1 className="govuk-heading-l">Add a user</h1>
        <Form method="post" noValidate>
          <TextInput id="email" name="email" type="email" label="Email address" defaultValue={values.email ?? ""} spellCheck={false} autoComplete="off" errors={errors.email} />
          <UserScopeFields {...options} values={values} errors={errors} />
          <TextInput
            id="password"
            name="password"
            type="password"
            label="Initial password"
            hint="At least 12 characters. Give it to the user by a secure route; they can sign in with it straight away."
            autoComplete="new-password"
            errors={errors.password}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Add user
          </button>
        </Form>
      </div>
    </div>
  );
}
