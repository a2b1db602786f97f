import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { Radios } from "~/components/ui/fields";
import { UserScopeFields } from "~/components/user-scope-fields";
import { userScopeSchema } from "~/domain/users";
import { findAuthorityById } from "~/models/authority.server";
import { findGroupById } from "~/models/group.server";
import { changeUser, listScopeOptions } from "~/services/user-admin.server";
import { findUserById } from "~/models/user.server";
import { notFound, requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { flashNotice } from "~/utils/session.server";

const editUserSchema = z.object({ active: z.enum(["yes", "no"], { error: "Select whether the user can sign in" }) }).and(userScopeSchema);

export const meta: MetaFunction = () => [{ title: "Change a user – Benchmark Network" }];

async function loadUser(params: ActionFunctionArgs["params"]) {
  const id = Number(params.userId);
  const user = Number.isInteger(id) ? await findUserById(getDb(), id) : undefined;
  if (!user) throw notFound();
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const user = await loadUser(params);
  const db = getDb();
  const [authority, group, options] = await Promise.all([
    user.authority_id ? findAuthorityById(db, user.authority_id) : undefined,
    user.group_id ? findGroupById(db, user.group_id) : undefined,
    listScopeOptions(db),
  ]);
  return {
    ...options,
    user: {
      email: user.email,
      name: user.name,
      role: user.role,
      active: user.active === 1,
      authorityCode: authority?.code ?? null,
      groupSlug: group?.slug ?? null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const user = await loadUser(params);
  const submission = parseWithZod(await request.formData(), { schema: editUserSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { active, ...scope } = submission.value;
  if (user.id === coordinator.id && (active === "no" || scope.role !== "coordinator")) {
    return data(submission.reply({ formErrors: ["You cannot deactivate yourself or remove your own coordinator role"] }), { status: 400 });
  }
  const result = await changeUser(getDb(), user.id, { ...scope, active: active === "yes" }, coordinator.id);
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.field]: [result.message] } }), { status: 400 });
  return redirect("/admin/users", { headers: { "Set-Cookie": await flashNotice(request, `Changes to ${scope.name} saved`) } });
}

const FIELD_ORDER = ["name", "role", "authorityCode", "groupSlug", "active"] as const;

export default function EditUser() {
  const { user, ...options } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof editUserSchema>>({
    id: "edit-user",
    lastResult,
    defaultValue: { ...user, active: user.active ? "yes" : "no" },
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={formErrorItems(form, FIELD_ORDER)} submission={lastResult ?? null} />
        <span className="govuk-caption-l">{user.email}</span>
        <h1 className="govuk-heading-l">Change a user</h1>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <UserScopeFields {...options} fields={fields} />
          <Radios
            name={fields.active.name}
            key={fields.active.key}
            legend="Can this user sign in?"
            inline
            defaultValue={fields.active.defaultValue}
            errors={fields.active.errors}
            items={[
              { value: "yes", label: "Yes, active" },
              { value: "no", label: "No, deactivated" },
            ]}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}
