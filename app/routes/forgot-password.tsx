import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, formErrorItems } from "~/components/ui/error-summary";
import { TextInput } from "~/components/ui/fields";
import { SET_PASSWORD_LINK_HOURS } from "~/domain/notifications";
import { emailSchema } from "~/domain/users";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { appOrigin } from "~/utils/app-origin.server";
import { requestPasswordReset } from "~/services/password-reset.server";

const forgotPasswordSchema = z.object({ email: emailSchema });

export const meta: MetaFunction = () => [{ title: "Reset your password – Benchmark Network" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ sentTo: null, form: submission.reply() }, { status: 400 });
  const queued = await requestPasswordReset(getDb(), { email: submission.value.email, ip: context.clientIp, origin: appOrigin() });
  if (queued) kickOutbox();
  // The same answer whether or not the address has an account, and whether or not it was throttled.
  return { sentTo: submission.value.email, form: null };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const lastResult = result?.form ?? undefined;
  const [form, fields] = useForm<z.input<typeof forgotPasswordSchema>>({ id: "forgot-password", lastResult });
  if (result?.sentTo) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">
            If <strong>{result.sentTo}</strong> is the address of an account, we have sent it a link to set a new password. The link works
            once, for {SET_PASSWORD_LINK_HOURS} hours.
          </p>
          <p className="govuk-body">If nothing arrives within a few minutes, check your spam folder, or ask your network coordinator.</p>
          <p className="govuk-body">
            <Link to="/login" className="govuk-link">
              Back to sign in
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={formErrorItems(form, ["email"])} submission={lastResult ?? null} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">Enter the email address you sign in with. We will email you a link to set a new password.</p>
        <Form method="post" {...getFormProps(form, { ariaAttributes: false })}>
          <TextInput
            id="email"
            name={fields.email.name}
            key={fields.email.key}
            type="email"
            label="Email address"
            autoComplete="email"
            spellCheck={false}
            defaultValue={fields.email.defaultValue ?? ""}
            errors={fields.email.errors}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Send me a link
          </button>
        </Form>
      </div>
    </div>
  );
}
