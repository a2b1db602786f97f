import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag, humanise } from "~/components/ui/tag";
import { formatDate, formatDateTime } from "~/domain/format";
import { type DashboardSort, countByStatus, parseDashboardSort, readyToApprove, sortDashboardRows } from "~/domain/round-dashboard";
import { RETURN_STATUSES, canApproveReturn, roundTransitionsFrom } from "~/domain/round-lifecycle";
import { loadRoundReview } from "~/models/return-workspace.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.round.name ?? "Round"} – Benchmark Network` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireCoordinatorRound(request, params.slug);
  const { sort, order } = parseDashboardSort(new URL(request.url).searchParams);
  const rows = await loadRoundReview(getDb(), round);
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
    rows: sortDashboardRows(rows, sort, order).map((row) => ({
      code: row.authorityCode,
      name: row.authorityName,
      status: row.status,
      updatedAt: row.updatedAt,
      warningCount: row.warningCount,
      unexplainedWarningCount: row.unexplainedWarningCount,
    })),
  };
}

const DOWNLOADS = [
  { what: "template", label: "Template listing every authority" },
  { what: "returns", label: "Approved returns" },
  { what: "metrics", label: "Metrics" },
  { what: "statistics", label: "Statistics" },
] as const;

const COLUMNS: ReadonlyArray<{ sort: DashboardSort; label: string; numeric?: boolean }> = [
  { sort: "authority", label: "Authority" },
  { sort: "status", label: "Status" },
  { sort: "updated", label: "Last change" },
  { sort: "warnings", label: "Warnings", numeric: true },
];

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
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            <StatusTag status={round.status} />
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Opens – closes</dt>
          <dd className="govuk-summary-list__value">
            {round.opensOn ? formatDate(round.opensOn) : "Not set"} – {round.closesOn ? formatDate(round.closesOn) : "Not set"}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Reminders</dt>
          <dd className="govuk-summary-list__value">
            {round.reminderDaysBefore} days before closing, to authorities that have not submitted
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Question set</dt>
          <dd className="govuk-summary-list__value">Version {round.questionSetVersion}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Price base year</dt>
          <dd className="govuk-summary-list__value">{round.baseYear ?? "Latest year in the deflator table"}</dd>
        </div>
      </dl>
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
      <h2 className="govuk-heading-m">Spreadsheets</h2>
      {round.status !== "published" ? (
        <p className="govuk-body">
          <Link to={`/admin/rounds/${round.slug}/upload`} className="govuk-link">
            Upload returns from a spreadsheet
          </Link>{" "}
          for many authorities at once (each row is approved).
        </p>
      ) : null}
      <ul className="govuk-list govuk-list--bullet">
        {DOWNLOADS.map((download) => (
          <li key={download.what}>
            {download.label}:{" "}
            {(["xlsx", "csv"] as const).map((format, i) => (
              <span key={format}>
                {i > 0 ? ", " : null}
                <a href={`/admin/rounds/${round.slug}/download?what=${download.what}&format=${format}`} className="govuk-link" download>
                  {format === "xlsx" ? "Excel" : "CSV"}
                  <span className="govuk-visually-hidden"> ({download.label.toLowerCase()})</span>
                </a>
              </span>
            ))}
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-m">Returns</h2>
      <ul className="govuk-list app-status-counts">
        {RETURN_STATUSES.map((status) => (
          <li key={status}>
            <strong>{page.counts[status]}</strong> {humanise(status).toLowerCase()}
          </li>
        ))}
      </ul>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">
          {page.rows.length} authorities, sorted by {COLUMNS.find((c) => c.sort === page.sort)!.label.toLowerCase()} ({page.order})
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {COLUMNS.map((column) => {
              const active = page.sort === column.sort;
              const nextOrder = active && page.order === "ascending" ? "descending" : "ascending";
              return (
                <th
                  key={column.sort}
                  scope="col"
                  className={`govuk-table__header${column.numeric ? " govuk-table__header--numeric" : ""}`}
                  aria-sort={active ? page.order : "none"}
                >
                  <Link to={`?sort=${column.sort}&order=${nextOrder}`} className="govuk-link">
                    {column.label}
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {page.rows.map((row) => (
            <tr key={row.code} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link to={`/admin/rounds/${round.slug}/returns/${row.code}`} className="govuk-link">
                  {row.name}
                </Link>
              </td>
              <td className="govuk-table__cell">
                <StatusTag status={row.status} />
              </td>
              <td className="govuk-table__cell">{row.updatedAt ? formatDateTime(row.updatedAt) : "Never"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {row.warningCount}
                {row.unexplainedWarningCount > 0 ? ` (${row.unexplainedWarningCount} not explained)` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
