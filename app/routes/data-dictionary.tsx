import { type MetaFunction } from "@remix-run/node";
import { QuestionLabel } from "~/components/question-label";
import { getQuestionSet, LATEST_QUESTION_SET_VERSION, QUESTION_SETS } from "~/domain/question-set";
import { fieldRules } from "~/domain/return-templates";
import { Link, useSearchParams } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Data dictionary – Benchmark Network" }];

/** Every field of the return with its key, label, unit and rules — generated from the question set itself. */
export default function DataDictionary() {
  const [searchParams] = useSearchParams();
  const requested = Number(searchParams.get("version"));
  const version = QUESTION_SETS[requested] ? requested : LATEST_QUESTION_SET_VERSION;
  const questionSet = getQuestionSet(version);
  return (
    <>
      <h1 className="govuk-heading-l">Data dictionary</h1>
      <p className="govuk-body">
        The fields of the benchmarking return, question set version {version}. The key is the column heading to use in CSV and Excel
        uploads. A blank answer means <em>not provided</em>; it is never read as zero. What the results pages work out from these answers is
        in the{" "}
        <Link to="/glossary" className="govuk-link">
          metric glossary
        </Link>
        .
      </p>
      {questionSet.breakdowns.length > 0 ? (
        <div className="govuk-inset-text">
          Breakdowns must add up to their total when every part is given:{" "}
          {questionSet.breakdowns.map((breakdown) => `${breakdown.label} (to ${breakdown.totalKey})`).join("; ")}.
        </div>
      ) : null}
      {questionSet.sections.map((section) => (
        <TableScroll key={section.id} label={section.title}>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{section.title}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Key
                </th>
                <th scope="col" className="govuk-table__header">
                  Question
                </th>
                <th scope="col" className="govuk-table__header">
                  Unit
                </th>
                <th scope="col" className="govuk-table__header">
                  Rules
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {section.fields.map((field) => (
                <tr key={field.key} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <code>{field.key}</code>
                  </td>
                  <td className="govuk-table__cell">
                    <QuestionLabel label={field.label} hint={field.hint} guidance={field.guidance} />
                  </td>
                  <td className="govuk-table__cell">{field.unit}</td>
                  <td className="govuk-table__cell">{fieldRules(field)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ))}
    </>
  );
}
