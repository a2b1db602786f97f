import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/ui/error-summary";
import { StatusTag } from "~/components/ui/tag";
import { formatDateTime } from "~/domain/format";
import { MAX_ATTEMPTS, MESSAGE_KIND_LABELS } from "~/domain/notifications";
import { OUTBOX_PAGE_SIZE, countOutboxByStatus, listOutbox, retryFailedMessages } from "~/models/outbox.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getEmailSender } from "~/utils/notify.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { flashNotice } from "~/utils/session.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Outbox – Benchmark Network" }];

const STATUSES = ["queued", "sending", "sent", "failed"] as const;
const filterSchema = z.enum(STATUSES).optional().catch(undefined);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const status = filterSchema.parse(new URL(request.url).searchParams.get("status") ?? undefined);
  const db = getDb();
  const [messages, counts] = await Promise.all([listOutbox(db, status), countOutboxByStatus(db)]);
  return {
    status: status ?? null,
    counts,
    emailConfigured: getEmailSender() !== null,
    // The page size lives in a server-only module: the page gets the number, not the import.
    pageSize: OUTBOX_PAGE_SIZE,
    // Personalisation stays on the server: it can hold a set-password link.
    messages: messages.map(({ personalisation: _personalisation, ...message }) => message),
  };
}

const retrySchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("retry-all") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requireCoordinator(request);
  const parsed = retrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a failed message to retry" }, { status: 400 });
  const requeued = await retryFailedMessages(getDb(), parsed.data.intent === "retry" ? [parsed.data.id] : undefined);
  if (requeued === 0) return data({ error: "There was no failed message to retry: it may have been retried already" }, { status: 409 });
  kickOutbox();
  const notice = `${requeued} ${requeued === 1 ? "message is" : "messages are"} being sent again`;
  return redirect("/admin/outbox?status=failed", { headers: { "Set-Cookie": await flashNotice(request, notice) } });
}

function when(iso: string | null): string {
  return iso ? formatDateTime(iso) : "";
}

export default function Outbox() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={result?.error ? [{ message: result.error }] : []} />
      <h1 className="govuk-heading-l">Outbox</h1>
      <p className="govuk-body">
        Every email the service sends is kept here. A send that fails for a passing reason is tried again, up to {MAX_ATTEMPTS} times,
        waiting longer each time; after that, or when GOV.UK Notify refuses it, the message is marked failed with Notify's reason.
      </p>
      {!page.emailConfigured ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Email is not set up on this server (no Notify API key), so messages stay queued.
          </strong>
        </div>
      ) : null}
      <nav aria-label="Filter by status">
        <ul className="govuk-list app-status-counts">
          <li>
            <Link to="/admin/outbox" className="govuk-link" aria-current={page.status === null ? "page" : undefined}>
              All
            </Link>
          </li>
          {STATUSES.map((status) => (
            <li key={status}>
              <Link to={`/admin/outbox?status=${status}`} className="govuk-link" aria-current={page.status === status ? "page" : undefined}>
                <strong>{page.counts[status]}</strong> {status}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {page.counts.failed > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="retry-all" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Retry all {page.counts.failed} failed
          </button>
        </Form>
      ) : null}
      {page.messages.length === 0 ? (
        <p className="govuk-body">No messages{page.status ? ` are ${page.status}` : " yet"}.</p>
      ) : (
        <TableScroll label="Messages">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">
              {page.status ? `${page.status[0]!.toUpperCase()}${page.status.slice(1)} messages` : "All messages"}, newest first (at most{" "}
              {page.pageSize})
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Email
                </th>
                <th scope="col" className="govuk-table__header">
                  To
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Tries
                </th>
                <th scope="col" className="govuk-table__header">
                  Queued
                </th>
                <th scope="col" className="govuk-table__header">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.messages.map((message) => (
                <tr key={message.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{MESSAGE_KIND_LABELS[message.kind]}</td>
                  <td className="govuk-table__cell govuk-!-text-break-word">{message.recipient}</td>
                  <td className="govuk-table__cell">
                    <StatusTag status={message.status} />
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{message.attempts}</td>
                  <td className="govuk-table__cell">{when(message.createdAt)}</td>
                  <td className="govuk-table__cell">
                    {message.status === "sent" ? `Sent ${when(message.sentAt)}` : null}
                    {message.status === "queued" && message.lastError ? `Next try ${when(message.nextAttemptAt)}. ` : null}
                    {message.lastError && message.status !== "sent" ? <span className="app-pre-wrap">{message.lastError}</span> : null}
                    {message.status === "failed" ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={message.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="retry"
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-2"
                          data-module="govuk-button"
                        >
                          Retry<span className="govuk-visually-hidden"> the email to {message.recipient}</span>
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
