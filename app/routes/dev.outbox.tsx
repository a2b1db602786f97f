import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { MESSAGE_KIND_LABELS } from "~/domain/notifications";
import { listOutbox } from "~/models/outbox.server";
import { notFound, requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getEmailSender } from "~/utils/notify.server";

export const meta: MetaFunction = () => [{ title: "Emails in the outbox (development) – Benchmark Network" }];

/**
 * Development with MOCKS=true only: the emails the service would send, with everything each template
 * would be given (set-password links of queued emails included), for a signed-in coordinator. It
 * does not exist — 404, whoever asks — in production or without MOCKS=true; anyone else who asks
 * must sign in as a coordinator first, since a queued link is a way into its user's account.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  if (env.NODE_ENV === "production" || !env.MOCKS) throw notFound();
  await requireCoordinator(request, "dev.outbox");
  return { emailConfigured: getEmailSender() !== null, messages: await listOutbox(getDb()) };
}

export default function DevelopmentOutbox() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Emails in the outbox</h1>
      <div className="govuk-inset-text">
        This page exists only in development with MOCKS=true. Links are removed once an email is sent or has failed.{" "}
        {page.emailConfigured
          ? "A Notify key is set, so these emails are also sent."
          : "No Notify key is set, so these emails stay queued: open the links from here."}
      </div>
      {page.messages.length === 0 ? <p className="govuk-body">No emails yet.</p> : null}
      {page.messages.map((message) => (
        <div key={message.id} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">
              {MESSAGE_KIND_LABELS[message.kind]} to {message.recipient}
            </h2>
            <StatusTag status={message.status} />
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              {Object.entries(message.personalisation).map(([field, value]) => (
                <div key={field} className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{field}</dt>
                  <dd className="govuk-summary-list__value govuk-!-text-break-word">
                    {/^https?:\/\//.test(value) ? (
                      <a href={value} className="govuk-link">
                        {value}
                      </a>
                    ) : (
                      <span className="app-pre-wrap">{value}</span>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}
