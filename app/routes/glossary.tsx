import { type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { metricGlossary, READING_GUIDES } from "~/domain/metric-glossary";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Metric glossary – Benchmark Network" }];

const SECTIONS = metricGlossary();

/**
 * What every metric means and how it is computed, generated from the metric definitions (the data
 * dictionary does the same for the return's fields), and how to read the results pages' charts.
 * Public, like the data dictionary: it describes formulas, never figures.
 */
export default function MetricGlossary() {
  return (
    <>
      <h1 className="govuk-heading-l">Metric glossary</h1>
      <p className="govuk-body">
        What each figure on the results pages means, how it is worked out from the answers in the return, and how other councils' figures
        are shown beside yours. The answers themselves are described in the{" "}
        <Link to="/data-dictionary" className="govuk-link">
          data dictionary
        </Link>
        . A figure that cannot be worked out, because an answer is blank or a denominator is zero, is shown as not available, never as zero.
      </p>
      <h2 className="govuk-heading-m">Contents</h2>
      <ul className="govuk-list">
        <li>
          <a href="#reading-the-charts" className="govuk-link">
            Reading the charts
          </a>
        </li>
        {SECTIONS.map((section) => (
          <li key={section.family}>
            <a href={`#${section.family}`} className="govuk-link">
              {section.heading}
            </a>
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-l" id="reading-the-charts">
        Reading the charts
      </h2>
      {READING_GUIDES.map((guide) => (
        <section key={guide.id} aria-labelledby={guide.id}>
          <h3 className="govuk-heading-m" id={guide.id}>
            {guide.heading}
          </h3>
          {guide.paragraphs.map((paragraph) => (
            <p key={paragraph} className="govuk-body">
              {paragraph}
            </p>
          ))}
        </section>
      ))}
      {SECTIONS.map((section) => (
        <section key={section.family} aria-labelledby={section.family}>
          <h2 className="govuk-heading-m" id={section.family}>
            {section.heading}
          </h2>
          <p className="govuk-body">{section.meaning}</p>
          <TableScroll label={section.heading}>
            <table className="govuk-table app-glossary-table">
              <caption className="govuk-visually-hidden">{section.heading}: every metric and how it is computed</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Metric
                  </th>
                  <th scope="col" className="govuk-table__header">
                    How it is computed
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Unit
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Other councils shown
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {section.entries.map((entry) => (
                  <tr key={entry.key} className="govuk-table__row" id={`metric-${entry.key}`}>
                    <th scope="row" className="govuk-table__header">
                      {entry.label}
                      <br />
                      <code className="app-glossary-key">{entry.key}</code>
                    </th>
                    <td className="govuk-table__cell">{entry.computed}</td>
                    <td className="govuk-table__cell">{entry.unit}</td>
                    <td className="govuk-table__cell">{entry.othersShownAs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}
    </>
  );
}
