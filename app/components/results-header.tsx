import { LABELS_NOTE } from "~/domain/disclosure";
import { NavLink } from "@remix-run/react";
import { downloadHref } from "~/utils/results-links";

interface Props {
  slug: string;
  roundName: string;
  heading: string;
  /** Members also get their statistical neighbours. */
  showNeighbours: boolean;
  realTermsNote: string | null;
  identified: boolean;
}

/** The heading and sub-navigation shared by every results page of a round. */
export function ResultsHeader({ slug, roundName, heading, showNeighbours, realTermsNote, identified }: Props) {
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
