import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "~/domain/users";
import { countUserSessions } from "~/models/session.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Your account – Benchmark Network" }];

/** Who you are signed in as, how many sessions you have, and a way to end all of them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email, role: ROLE_LABELS[user.role], sessions: await countUserSessions(getDb(), user.id) };
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your account</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Name</dt>
            <dd className="govuk-summary-list__value">{account.name}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Email address</dt>
            <dd className="govuk-summary-list__value">{account.email}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Role</dt>
            <dd className="govuk-summary-list__value">{account.role}</dd>
          </div>
        </dl>
        <h2 className="govuk-heading-m">Where you are signed in</h2>
        <p className="govuk-body">
          You are signed in {account.sessions === 1 ? "in 1 place (here)" : `in ${account.sessions} places, this one included`}. Each
          sign-in lasts 8 hours at most.
        </p>
        <p className="govuk-body">
          If you signed in on a shared computer, or think someone else has used your account, sign out everywhere.
        </p>
        <Form method="post" action="/logout">
          <input type="hidden" name="scope" value="everywhere" />
          <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
            Sign out everywhere
          </button>
        </Form>
        <h2 className="govuk-heading-m">Your password</h2>
        <p className="govuk-body">
          To change your password,{" "}
          <Link to="/forgot-password" className="govuk-link">
            ask for a link to set a new one
          </Link>
          . Setting it signs you out everywhere.
        </p>
      </div>
    </div>
  );
}
