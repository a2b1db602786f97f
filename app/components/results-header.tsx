import { LABELS_NOTE } from "~/domain/disclosure";
import { Link, NavLink } from "@remix-run/react";
import { downloadHref } from "~/utils/results-links";

interface Props {
  slug: string;
  roundName: string;
  heading: string;
  /** Members also get their statistical neighbours. */
  showNeighbours: boolean;
  realTermsNote: string | null;
  identified: boolean;
  /** A coordinator's preview of a round that is not published: no member or viewer sees these figures yet. */
  notYetPublished: boolean;
}

/** The heading and sub-navigation shared by every results page of a round. */
export function ResultsHeader({ slug, roundName, heading, showNeighbours, realTermsNote, identified, notYetPublished }: Props) {
  const links = [
    { to: `/results/${slug}`, label: "Overview", end: true },
    { to: `/results/${slug}/explore`, label: "Metric explorer", end: false },
    { to: `/results/${slug}/compare`, label: "Compare two metrics", end: false },
    { to: `/results/${slug}/groups`, label: "Regions", end: false },
    ...(showNeighbours ? [{ to: `/results/${slug}/neighbours`, label: "Statistical neighbours", end: false }] : []),
    { to: `/results/${slug}/forecasts`, label: "Forecasts and scenarios", end: false },
    { to: `/results/${slug}/policies`, label: "What works", end: false },
    ...(showNeighbours ? [{ to: `/results/${slug}/years`, label: "Every year at a glance", end: false }] : []),
    ...(identified ? [] : [{ to: `/results/${slug}/pack`, label: "Briefing pack", end: false }]),
  ];
  return (
    <>
      {notYetPublished ? (
        <div className="govuk-notification-banner" role="region" aria-labelledby="preview-banner-title" data-testid="not-yet-published">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="preview-banner-title">
              Not yet published
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              This is a preview: members and regional viewers cannot see these results until you publish the round.
            </p>
            <p className="govuk-body">
              Figures are drawn from the returns approved so far and may change.{" "}
              <Link to={`/admin/rounds/${slug}`} className="govuk-notification-banner__link">
                Go to the round
              </Link>
            </p>
          </div>
        </div>
      ) : null}
      <span className="govuk-caption-l">{roundName}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <nav aria-label="Results" className="app-sub-navigation">
        <ul className="govuk-list app-sub-navigation__list">
          {links.map((link) => (
            <li key={link.to} className="app-sub-navigation__item">
              <NavLink to={link.to} end={link.end} className="govuk-link govuk-link--no-visited-state">
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {identified ? (
        <div className="govuk-inset-text">Coordinator view: authorities are identified. Members see only their own authority by name.</div>
      ) : (
        <p className="govuk-body-s">{LABELS_NOTE}</p>
      )}
      {realTermsNote ? <p className="govuk-body-s">{realTermsNote}</p> : null}
      <p className="govuk-body-s">
        Every metric of this round{identified ? "" : ", as you may see it"}:{" "}
        <a href={downloadHref(slug, "metrics")} className="govuk-link" download>
          CSV<span className="govuk-visually-hidden"> download of every metric</span>
        </a>{" "}
        or{" "}
        <a href={downloadHref(slug, "metrics", { format: "xlsx" })} className="govuk-link" download>
          Excel<span className="govuk-visually-hidden"> download of every metric</span>
        </a>
        .
      </p>
    </>
  );
}
