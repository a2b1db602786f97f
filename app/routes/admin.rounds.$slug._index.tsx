import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { humanise } from "~/components/ui/tag";
import { formatDateTime } from "~/domain/format";
import { ReturnsFilterForm, ReturnsTable } from "~/components/round-returns";
import { RoundSpreadsheets, RoundSummaryList } from "~/components/round-summary";
import {
  countByStatus,
  dashboardRegions,
  describeDashboardFilters,
  filterDashboardRows,
  parseDashboardFilters,
  parseDashboardSort,
  readyToApprove,
  sortDashboardRows,
} from "~/domain/round-dashboard";
import { RETURN_STATUSES, canApproveReturn, roundTransitionsFrom } from "~/domain/round-lifecycle";
import { loadRoundReview } from "~/services/return-workspace.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.name ?? "Round"} – Benchmark Network` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  const search = new URL(request.url).searchParams;
  const { sort, order } = parseDashboardSort(search);
  const filters = parseDashboardFilters(search);
  const rows = await loadRoundReview(getDb(), round);
  const regions = dashboardRegions(rows);
  const shown = filterDashboardRows(rows, filters);
  return {
    round: {
      slug: round.slug,
      name: round.name,
      status: round.status,
      financialYear: round.financial_year,
      questionSetVersion: round.question_set_version,
      opensOn: round.opens_on,
      closesOn: round.closes_on,
      reminderDaysBefore: round.reminder_days_before,
      baseYear: round.base_year,
      resultsOutOfDateAt: round.status === "published" ? round.results_out_of_date_at : null,
    },
    transitions: roundTransitionsFrom(round.status),
    counts: countByStatus(rows),
    readyToApprove: canApproveReturn(round.status, "submitted") ? readyToApprove(rows).length : 0,
    sort,
    order,
    filters,
    regions,
    caption: describeDashboardFilters(
      shown.length,
      rows.length,
      filters,
      regions.find((region) => region.code === filters.region)?.name ?? null,
    ),
    rows: sortDashboardRows(shown, sort, order).map((row) => ({
      code: row.authorityCode,
      name: row.authorityName,
      regionName: row.regionName,
      status: row.status,
      updatedAt: row.updatedAt,
      warningCount: row.warningCount,
      unexplainedWarningCount: row.unexplainedWarningCount,
    })),
  };
}

export default function RoundDashboard() {
  const page = useLoaderData<typeof loader>();
  const { round } = page;
  return (
    <>
      <Link to="/admin/rounds" className="govuk-back-link">
        All rounds
      </Link>
      <span className="govuk-caption-l">Financial year {round.financialYear}</span>
      <h1 className="govuk-heading-l">{round.name}</h1>
      {round.resultsOutOfDateAt ? (
        <div className="govuk-warning-text" data-testid="results-out-of-date">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The published figures are out of date: since {formatDateTime(round.resultsOutOfDateAt)}, answers they compare against (an
            earlier round&apos;s approved returns) have changed. Published figures change only when you withdraw the round and publish it
            again.{" "}
            <Link to={`/admin/rounds/${round.slug}/status?to=closed`} className="govuk-link">
              Withdraw the round, then publish it again
            </Link>
          </strong>
        </div>
      ) : null}
      <RoundSummaryList round={round} />
      <div className="govuk-button-group">
        <Link to={`/admin/rounds/${round.slug}/edit`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Change round details
        </Link>
        {page.transitions.map((transition) => (
          <Link
            key={transition.to}
            to={`/admin/rounds/${round.slug}/status?to=${transition.to}`}
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
          >
            {transition.label}
          </Link>
        ))}
        {page.readyToApprove > 0 ? (
          <Link to={`/admin/rounds/${round.slug}/approve`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Approve ready returns ({page.readyToApprove})
          </Link>
        ) : null}
        {round.status === "open" ? (
          <Link to={`/admin/rounds/${round.slug}/reminders`} className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Send reminders
          </Link>
        ) : null}
      </div>
      <RoundSpreadsheets slug={round.slug} status={round.status} />
      <h2 className="govuk-heading-m">Returns</h2>
      <ul className="govuk-list app-status-counts">
        {RETURN_STATUSES.map((status) => (
          <li key={status}>
            <strong>{page.counts[status]}</strong> {humanise(status).toLowerCase()}
          </li>
        ))}
      </ul>
      <ReturnsFilterForm roundSlug={round.slug} filters={page.filters} sort={page.sort} order={page.order} regions={page.regions} />
      <ReturnsTable
        roundSlug={round.slug}
        caption={page.caption}
        rows={page.rows}
        filters={page.filters}
        sort={page.sort}
        order={page.order}
      />
    </>
  );
}
