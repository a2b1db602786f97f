import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { readyToApprove } from "~/domain/round-dashboard";
import { canApproveReturn } from "~/domain/round-lifecycle";
import { queueReturnDecision } from "~/services/notifications.server";
import { RoundStatusChanged, lockRoundForChange } from "~/models/pipeline.server";
import { recomputeRoundsFrom } from "~/services/recompute.server";
import { StaleReturnError, findReturn, setReturnStatus } from "~/models/return.server";
import { loadRoundReview } from "~/services/return-workspace.server";
import { appOrigin } from "~/utils/app-origin.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { getDb } from "~/utils/db.server";
import { kickOutbox } from "~/utils/outbox-worker.server";
import { flashNotice } from "~/utils/session.server";
import { pluralise } from "~/domain/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Approve returns in bulk – Benchmark Network" }];

/** A confirmation listing every return ready to approve (submitted, no errors, every warning explained). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  const ready = readyToApprove(await loadRoundReview(getDb(), round));
  return {
    round: { slug: round.slug, name: round.name },
    allowed: canApproveReturn(round.status, "submitted"),
    ready: ready.map((row) => ({ code: row.authorityCode, name: row.authorityName, warningCount: row.warningCount })),
  };
}

/** Approves, in one transaction, the returns listed on the page that are still ready; metrics are recomputed once. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round } = await requireCoordinatorRound(request, params.slug);
  const db = getDb();
  const listed = new Set((await request.formData()).getAll("code").map(String));
  const ready = readyToApprove(await loadRoundReview(db, round)).filter((row) => listed.has(row.authorityCode));
  if (ready.length === 0)
    return data(
      { error: "There is no return ready to approve: each needs to be submitted, with no errors and every warning explained" },
      { status: 409 },
    );
  try {
    await db.transaction().execute(async (trx) => {
      const current = await lockRoundForChange(trx, round.id);
      if (!canApproveReturn(current.status, "submitted")) throw new RoundStatusChanged();
      for (const row of ready) {
        const returnRow = await findReturn(trx, round.id, row.authorityId);
        if (!returnRow || returnRow.status !== "submitted") throw new StaleReturnError(returnRow?.version ?? 0);
        const decided = await setReturnStatus(trx, {
          returnRow,
          to: "approved",
          actorId: coordinator.id,
          expectedVersion: returnRow.version,
        });
        await queueReturnDecision(trx, { kind: "approved", round: current, returnRow: decided, origin: appOrigin() });
      }
      await recomputeRoundsFrom(trx, round.id);
    });
  } catch (error) {
    if (error instanceof RoundStatusChanged)
      return data({ error: "The round's status changed: returns can be approved while it is open or closed" }, { status: 409 });
    if (error instanceof StaleReturnError)
      return data({ error: "A return changed while you were deciding: nothing was approved. Look at the list again." }, { status: 409 });
    throw error;
  }
  kickOutbox();
  const notice = `${pluralise(ready.length, "return", "returns")} approved: ${ready.map((row) => row.authorityName).join(", ")}`;
  return redirect(`/admin/rounds/${round.slug}`, { headers: { "Set-Cookie": await flashNotice(request, notice) } });
}

export default function ApproveInBulk() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const count = page.ready.length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/admin/rounds/${page.round.slug}`} className="govuk-back-link">
          Back to the round
        </Link>
        <ErrorSummary errors={result?.error ? [{ message: result.error }] : []} submission={result ?? null} />
        <span className="govuk-caption-l">{page.round.name}</span>
        <h1 className="govuk-heading-l">
          {count === 0 ? "No returns are ready to approve" : `Approve ${count === 1 ? "this return" : `these ${count} returns`}?`}
        </h1>
        <p className="govuk-body">
          A return is ready when it is submitted, has no errors and the authority has explained every warning. Approved returns count in the
          round's comparisons, and each authority's members are emailed.
        </p>
        {count > 0 && page.allowed ? (
          <Form method="post">
            <TableScroll label="Returns to approve">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Returns to approve</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">
                      Authority
                    </th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                      Warnings, all explained
                    </th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {page.ready.map((row) => (
                    <tr key={row.code} className="govuk-table__row">
                      <td className="govuk-table__cell">
                        <input type="hidden" name="code" value={row.code} />
                        <Link to={`/admin/rounds/${page.round.slug}/returns/${row.code}`} className="govuk-link">
                          {row.name}
                        </Link>
                      </td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{row.warningCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Approve {pluralise(count, "return", "returns")}
              </button>
              <Link to={`/admin/rounds/${page.round.slug}`} className="govuk-link">
                Cancel
              </Link>
            </div>
          </Form>
        ) : null}
        {count > 0 && !page.allowed ? <p className="govuk-body">Returns can be approved while the round is open or closed.</p> : null}
      </div>
    </div>
  );
}
