import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { StatusTag } from "~/components/ui/tag";
import { formatEmailDate, londonDate, reminderDueDate } from "~/domain/notifications";
import { previewReminders, queueReminders } from "~/services/notifications.server";
import { appOrigin } from "~/utils/app-origin.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { flashNotice } from "~/utils/session.server";
import { Table } from "~/components/ui/table";

export const meta: MetaFunction = () => [{ title: "Send reminders – Benchmark Network" }];

/** Who a reminder sent now would reach: members of authorities yet to submit, less anyone reminded today. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  const recipients = await previewReminders(getDb(), round, londonDate(new Date()));
  return {
    round: {
      slug: round.slug,
      name: round.name,
      status: round.status,
      closesOn: round.closes_on,
      reminderDaysBefore: round.reminder_days_before,
    },
    scheduledOn: round.closes_on ? reminderDueDate(round.closes_on, round.reminder_days_before) : null,
    recipients: recipients.map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      authorityName: r.authorityName,
      returnStatus: r.returnStatus,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  if (round.status !== "open") return data({ error: "Reminders can be sent only while the round is open" }, { status: 409 });
  const queued = await getDb()
    .transaction()
    .execute((trx) => queueReminders(trx, { round, date: londonDate(new Date()), origin: appOrigin() }));
  kickOutbox();
  const notice =
    queued > 0
      ? `Reminders are being sent to ${queued} ${queued === 1 ? "person" : "people"}`
      : "Nobody needed a reminder: everyone due one has had one today";
  return redirect(`/admin/rounds/${round.slug}`, { headers: { "Set-Cookie": await flashNotice(request, notice) } });
}

export default function SendReminders() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { round, recipients } = page;
  const open = round.status === "open";
  return (
    <>
      <Link to={`/admin/rounds/${round.slug}`} className="govuk-back-link">
        Back to {round.name}
      </Link>
      <ErrorSummary errors={result?.error ? [{ message: result.error }] : []} />
      <span className="govuk-caption-l">{round.name}</span>
      <h1 className="govuk-heading-l">Send reminders</h1>
      <p className="govuk-body">
        A reminder goes to every member of an authority whose return is not started, in draft or queried, at most once a day each.{" "}
        {page.scheduledOn
          ? `The scheduled reminder goes on ${formatEmailDate(page.scheduledOn)}, ${round.reminderDaysBefore} days before the round closes on ${formatEmailDate(round.closesOn)}.`
          : "The round has no closing date, so no reminder is scheduled."}
      </p>
      {!open ? (
        <div className="govuk-inset-text">The round is {round.status}: reminders can be sent only while it is open.</div>
      ) : recipients.length === 0 ? (
        <div className="govuk-inset-text">
          Nobody needs a reminder now: every authority has submitted, or its members have had a reminder today.
        </div>
      ) : (
        <>
          <Table
            caption={`${recipients.length} ${recipients.length === 1 ? "person" : "people"} will be sent a reminder`}
            scrollLabel="People who will be sent a reminder"
            rows={recipients}
            rowKey={(recipient) => recipient.userId}
            columns={[
              { header: "Authority", cell: (recipient) => recipient.authorityName },
              { header: "Return", cell: (recipient) => <StatusTag status={recipient.returnStatus} /> },
              { header: "Name", cell: (recipient) => recipient.name },
              { header: "Email", cell: (recipient) => recipient.email },
            ]}
          />
          <Form method="post">
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Send {recipients.length} {recipients.length === 1 ? "reminder" : "reminders"} now
              </button>
              <Link to={`/admin/rounds/${round.slug}`} className="govuk-link">
                Cancel
              </Link>
            </div>
          </Form>
        </>
      )}
    </>
  );
}
