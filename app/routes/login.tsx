import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/ui/error-summary";
import { TextInput } from "~/components/ui/fields";
import { safeRedirectPath } from "~/domain/safe-redirect";
import { getOptionalUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { SIGN_IN_WINDOW_MINUTES, attemptSignIn } from "~/services/sign-in.server";
import { startSession } from "~/utils/session.server";

const signInSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .email("Enter an email address in the correct format, like name@example.org"),
  password: z.string({ error: "Enter your password" }),
  redirectTo: z.string().optional(),
});

export const meta: MetaFunction = () => [{ title: "Sign in – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: signInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await attemptSignIn(getDb(), { email, password, ip: context.clientIp });
  if (!result.ok) {
    const message =
      result.reason === "throttled"
        ? `Too many failed attempts to sign in. Wait ${SIGN_IN_WINDOW_MINUTES} minutes, then try again.`
        : "Enter a correct email address and password";
    return data(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "throttled" ? 429 : 400,
    });
  }
  return redirect(safeRedirectPath(redirectTo), {
    headers: { "Set-Cookie": await startSession(getDb(), result.user.id) },
  });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // Checked on the server only, like every form: the summary then takes focus once per submission.
  const [form, fields] = useForm<z.input<typeof signInSchema>>({ id: "sign-in", lastResult });
  const errors = [
    // A refused sign-in names neither field as wrong; its message links to the first.
    ...(form.errors ?? []).map((message) => ({ fieldId: fields.email.id, message })),
    ...(fields.email.errors ?? []).map((message) => ({ fieldId: fields.email.id, message })),
    ...(fields.password.errors ?? []).map((message) => ({ fieldId: fields.password.id, message })),
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Sign in with the email address your network coordinator registered for you.</p>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <TextInput
            {...getInputProps(fields.email, { type: "email" })}
            id={fields.email.id}
            name={fields.email.name}
            key={fields.email.key}
            label="Email address"
            autoComplete="email"
            spellCheck={false}
            errors={fields.email.errors}
          />
          <TextInput
            {...getInputProps(fields.password, { type: "password" })}
            id={fields.password.id}
            name={fields.password.name}
            key={fields.password.key}
            label="Password"
            autoComplete="current-password"
            errors={fields.password.errors}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </Form>
        <p className="govuk-body">
          <Link to="/forgot-password" className="govuk-link">
            Forgot your password, or never set one?
          </Link>
        </p>
      </div>
    </div>
  );
}
