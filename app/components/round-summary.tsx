import { Link } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { formatDate } from "~/domain/format";

export interface RoundSummary {
  slug: string;
  status: string;
  opensOn: string | null;
  closesOn: string | null;
  reminderDaysBefore: number;
  questionSetVersion: number;
  baseYear: string | null;
}

/** A round's settings on its dashboard, with a link to its results (a preview until it is published). */
export function RoundSummaryList({ round }: { round: RoundSummary }) {
  return (
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
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">Results</dt>
        <dd className="govuk-summary-list__value">
          <Link to={`/results/${round.slug}`} className="govuk-link">
            {round.status === "published" ? "See the published results" : "Preview the results (not yet published)"}
          </Link>
        </dd>
      </div>
    </dl>
  );
}

const DOWNLOADS = [
  { what: "template", label: "Template listing every authority" },
  { what: "returns", label: "Approved returns" },
  { what: "metrics", label: "Metrics" },
  { what: "statistics", label: "Statistics" },
] as const;

/** Spreadsheets of the round: the coordinator's upload (until it is published) and every download, in Excel and CSV. */
export function RoundSpreadsheets({ slug, status }: { slug: string; status: string }) {
  return (
    <>
      <h2 className="govuk-heading-m">Spreadsheets</h2>
      {status !== "published" ? (
        <p className="govuk-body">
          <Link to={`/admin/rounds/${slug}/upload`} className="govuk-link">
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
                <a href={`/admin/rounds/${slug}/download?what=${download.what}&format=${format}`} className="govuk-link" download>
                  {format === "xlsx" ? "Excel" : "CSV"}
                  <span className="govuk-visually-hidden"> ({download.label.toLowerCase()})</span>
                </a>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}
