import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/ui/error-summary";
import { countByStatus, leftOutOfPublication } from "~/domain/round-dashboard";
import { ROUND_STATUSES, roundTransitionLabel } from "~/domain/round-lifecycle";
import { listRoundReturns } from "~/models/return.server";
import { transitionRound } from "~/services/round-changes.server";
import { appOrigin } from "~/utils/app-origin.server";
import { notFound } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { flashNotice } from "~/utils/session.server";
import { announcePublished } from "~/utils/stored-pages.server";

export const meta: MetaFunction = () => [{ title: "Change round status – Benchmark Network" }];

const targetSchema = z.enum(ROUND_STATUSES);

const CONSEQUENCES: Record<(typeof ROUND_STATUSES)[number], string> = {
  draft: "",
  open: "Members will be able to enter and submit their returns, and every authority's members will be emailed to say so.",
  closed: "Members will no longer be able to change or submit returns. You can still query and approve them.",
  published: "Approved returns will be compared, anonymously, in every member's and regional viewer's views. Metrics are recomputed now.",
};

/** A confirmation step before a round changes status: the page says what will happen; the POST does it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  const to = targetSchema.safeParse(new URL(request.url).searchParams.get("to"));
  const label = to.success ? roundTransitionLabel(round.status, to.data) : null;
  if (!to.success || !label) throw notFound();
  // Closing and publishing: say which returns the published figures will not contain.
  const leftOut =
    to.data === "closed" || to.data === "published" ? leftOutOfPublication(countByStatus(await listRoundReturns(getDb(), round.id))) : null;
  return { slug: round.slug, name: round.name, from: round.status, to: to.data, label, consequence: CONSEQUENCES[to.data], leftOut };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round } = await requireCoordinatorRound(request, params.slug);
  const to = targetSchema.safeParse((await request.formData()).get("to"));
  if (!to.success) return data({ error: "Choose what the round should become" }, { status: 400 });
  const result = await getDb()
    .transaction()
    .execute((trx) => transitionRound(trx, round.id, to.data, coordinator.id, appOrigin()));
  if (!result.ok) return data({ error: result.message }, { status: 409 });
  kickOutbox();
  // Committed: this server renders the round's common pages for the views signed in, in the background.
  if (to.data === "published") announcePublished(round.slug);
  return redirect(`/admin/rounds/${round.slug}`, {
    headers: { "Set-Cookie": await flashNotice(request, `${round.name} is now ${to.data}`) },
  });
}

export default function ConfirmRoundStatus() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/admin/rounds/${page.slug}`} className="govuk-back-link">
          Back to the round
        </Link>
        <ErrorSummary errors={result?.error ? [{ message: result.error }] : []} />
        <span className="govuk-caption-l">{page.name}</span>
        <h1 className="govuk-heading-l">{page.label}?</h1>
        <p className="govuk-body">
          The round is {page.from} and will become {page.to}. {page.consequence}
        </p>
        {page.leftOut ? (
          <div className="govuk-warning-text" id="left-out">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {page.leftOut}
            </strong>
          </div>
        ) : null}
        <Form method="post">
          <input type="hidden" name="to" value={page.to} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              {page.label}
            </button>
            <Link to={`/admin/rounds/${page.slug}`} className="govuk-link">
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
