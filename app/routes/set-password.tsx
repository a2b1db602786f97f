import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { TextInput } from "~/components/ui/fields";
import { MIN_PASSWORD_LENGTH, passwordSchema } from "~/domain/users";
import { consumePasswordToken, findTokenUser } from "~/models/password-token.server";
import { appendAudit } from "~/models/audit.server";
import { setPasswordHash } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { flashNotice } from "~/utils/session.server";

const setPasswordSchema = z
  .object({
    token: z.string().min(1),
    password: passwordSchema,
    confirmPassword: z.string({ error: "Enter the password again" }),
  })
  .refine((form) => form.password === form.confirmPassword, { path: ["confirmPassword"], error: "Enter the same password twice" });

export const meta: MetaFunction = () => [{ title: "Set your password – Benchmark Network" }];

/** A spent, expired, unknown or missing link: the page says so (410 Gone) and offers a new one. */
const LINK_GONE = { usable: false as const, token: "", email: "" };

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const user = token ? await findTokenUser(getDb(), token) : undefined;
  if (!user) return data(LINK_GONE, { status: 410 });
  return { usable: true as const, token, email: user.email };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: setPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  const { token, password } = submission.value;
  const passwordHash = await hashPassword(password);
  const userId = await getDb()
    .transaction()
    .execute(async (trx) => {
      const id = await consumePasswordToken(trx, token);
      if (id === undefined) return undefined;
      await setPasswordHash(trx, id, passwordHash);
      await appendAudit(trx, { userId: id, action: "user.password_set", detail: { userId: id } });
      return id;
    });
  if (userId === undefined) return data(LINK_GONE, { status: 410 });
  return redirect("/login", {
    headers: { "Set-Cookie": await flashNotice(request, "Your password is set. Sign in with your email address and new password.") },
  });
}

export default function SetPassword() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lastResult = result && "usable" in result ? undefined : result;
  const [form, fields] = useForm<z.input<typeof setPasswordSchema>>({ id: "set-password", lastResult });
  if (!page.usable || (result && "usable" in result)) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This link has expired or has already been used</h1>
          <p className="govuk-body">A link to set a password works once, and only for a limited time.</p>
          <p className="govuk-body">
            <Link to="/forgot-password" className="govuk-link">
              Ask for a new link
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={formErrorItems(form, ["password", "confirmPassword"])} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">Set your password</h1>
        <p className="govuk-body">
          You will sign in as <strong>{page.email}</strong>.
        </p>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <input type="hidden" name="token" value={page.token} />
          <input type="hidden" name="username" value={page.email} autoComplete="username" />
          <TextInput
            id="password"
            name={fields.password.name}
            key={fields.password.key}
            type="password"
            label="New password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            autoComplete="new-password"
            errors={fields.password.errors}
          />
          <TextInput
            id="confirmPassword"
            name={fields.confirmPassword.name}
            key={fields.confirmPassword.key}
            type="password"
            label="Enter the new password again"
            autoComplete="new-password"
            errors={fields.confirmPassword.errors}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Set password
          </button>
        </Form>
      </div>
    </div>
  );
}
