import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, fieldErrorItems, readFormResult } from "~/components/ui/error-summary";
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
  const result = useActionData<typeof action>();
  const { errors, values } = readFormResult(result, { ...user, active: user.active ? "yes" : "no" } as Record<string, string | undefined>);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={[...(errors[""] ?? []).map((message) => ({ message })), ...fieldErrorItems(errors, FIELD_ORDER)]} />
        <span className="govuk-caption-l">{user.email}</span>
        <h1 className="govuk-heading-l">Change a user</h1>
        <Form method="post" noValidate>
          <UserScopeFields {...options} values={values} errors={errors} />
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Can this user sign in?</legend>
              <div className="govuk-radios govuk-radios--inline">
                {[
                  ["yes", "Yes, active"],
                  ["no", "No, deactivated"],
                ].map(([value, label], i) => (
                  <div key={value} className="govuk-radios__item">
                    <input
                      className="govuk-radios__input"
                      id={i === 0 ? "active" : `active-${value}`}
                      name="active"
                      type="radio"
                      value={value}
                      defaultChecked={values.active === value}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? "active" : `active-${value}`}>
                      {label}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save changes
          </button>
        </Form>
      </div>
    </div>
  );
}
