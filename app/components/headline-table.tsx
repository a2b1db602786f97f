import { Link } from "@remix-run/react";
import type { Distribution, Headline } from "~/domain/disclosure";
import { formatMetricValue } from "~/domain/format";
import { QUARTILE_BAND_NAMES, ordinal } from "~/domain/headlines";
import { QUARTILE_BAND_GUIDE } from "~/domain/metric-glossary";
import { TableScroll } from "./table-scroll";

/** A group's median as the table shows it, or why it is withheld (domain spec §5.3 rule 4). */
function groupMedian(headline: Headline, figure: Distribution): string {
  return figure.shown ? formatMetricValue(headline.metric.unit, figure.median) : figure.message;
}

function signedPercent(value: number | null): string {
  return value === null ? "Not available" : formatMetricValue("percent", value, { signed: true });
}

/**
 * A member's headline figures, said once: their own value, where it ranks, and the medians of the
 * network, their region and their statistical neighbours beside it, then change and growth. The
 * table scrolls inside its own box on a narrow screen.
 */
export function HeadlineTable({ headlines, slug, ownName }: { headlines: ReadonlyArray<Headline>; slug: string; ownName: string }) {
  const regionName = headlines.find((headline) => headline.region)?.region?.name ?? null;
  return (
    <>
      <h2 className="govuk-heading-m">Headline figures</h2>
      <p className="govuk-body">
        How {ownName} compares with the whole network{regionName ? `, with ${regionName}` : ""} and with its statistical neighbours. Rank 1
        is the lowest figure.{" "}
        <Link to={`/glossary#${QUARTILE_BAND_GUIDE.id}`} className="govuk-link">
          What a quartile band is
        </Link>
      </p>
      <TableScroll label="Headline figures">
        <table className="govuk-table app-headline-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {ownName} against the network, its region and its statistical neighbours
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Measure
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                {ownName}
              </th>
              <th scope="col" className="govuk-table__header">
                Rank and quartile band
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Network median
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                {regionName ? `${regionName} median` : "Region median"}
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Statistical neighbours' median
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Change since previous return
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Growth since first return
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {headlines.map((headline) => (
              <tr key={headline.metric.key} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  <Link to={`/results/${slug}/explore?metric=${encodeURIComponent(headline.metric.key)}`} className="govuk-link">
                    {headline.metric.label}
                  </Link>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatMetricValue(headline.metric.unit, headline.value)}</td>
                <td className="govuk-table__cell">
                  {`${ordinal(headline.rank)} lowest of ${headline.n}`}
                  {headline.quartileBand ? `, ${QUARTILE_BAND_NAMES[headline.quartileBand]}` : ""}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {headline.median === null ? "Not available" : formatMetricValue(headline.metric.unit, headline.median)}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {headline.region ? groupMedian(headline, headline.region.figure) : "Not in a region"}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{groupMedian(headline, headline.neighbours)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{signedPercent(headline.change)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{signedPercent(headline.growth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
