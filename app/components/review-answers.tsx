import { Fragment } from "react";
import type { Cohort } from "~/domain/cohorts";
import { displayFieldValue, formatPounds } from "~/domain/format";
import type { QuestionSet } from "~/domain/question-set";
import { transportCohortOf } from "~/domain/return-form";
import type { FieldValue } from "~/domain/values";
import { fieldControlId } from "./return-field";
import { Checkboxes } from "./ui/fields";

interface Props {
  questionSet: QuestionSet;
  values: Readonly<Record<string, FieldValue | undefined>>;
  /** The authority's previous approved return, when there is one. */
  previous: Readonly<Record<string, FieldValue | undefined>> | null;
  /** Each cohort's unit cost this round and in the previous return. */
  unitCosts: { current: Partial<Record<Cohort, number>>; previous: Partial<Record<Cohort, number>> };
  /** A published figure to read an answer against ("4,100 (DfE SEN2, January 2025)"), by field key. */
  publicFigures?: Readonly<Record<string, string>>;
  /** With a checkbox per answer (name "fields"), so a query can name the answers it is about. */
  queryable: boolean;
  checked?: readonly string[];
}

/**
 * A return's answers for a coordinator to decide on: beside each, last round's answer and, after a
 * cohort's spend, the unit cost the two imply; a checkbox per answer for a query about particular answers.
 */
export function ReviewAnswers({ questionSet, values, previous, unitCosts, publicFigures = {}, queryable, checked = [] }: Props) {
  const hasPublic = Object.keys(publicFigures).length > 0;
  return (
    <>
      {questionSet.sections.map((section) => (
        <div key={section.id} className="app-table-scroll" id={`answers-${section.id}`}>
          <table className="govuk-table app-review-table">
            <caption className="govuk-table__caption govuk-table__caption--m">{section.title}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Question
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  This return
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Last round
                </th>
                {hasPublic ? (
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Public figure
                  </th>
                ) : null}
                {queryable ? (
                  <th scope="col" className="govuk-table__header">
                    Query
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {section.fields.map((field) => {
                const cohort = field.key.endsWith(".spend") ? transportCohortOf(field.key) : null;
                const boxId = `query-${fieldControlId(field)}`;
                return (
                  <Fragment key={field.key}>
                    <tr className="govuk-table__row">
                      <th scope="row" className="govuk-table__header app-review-table__question">
                        {field.label}
                      </th>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{displayFieldValue(field, values[field.key])}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {previous ? displayFieldValue(field, previous[field.key]) : "No earlier return"}
                      </td>
                      {hasPublic ? (
                        <td className="govuk-table__cell govuk-table__cell--numeric">{publicFigures[field.key] ?? ""}</td>
                      ) : null}
                      {queryable ? (
                        <td className="govuk-table__cell">
                          <Checkboxes
                            id={boxId}
                            name="fields"
                            small
                            formGroupClassName="govuk-!-margin-bottom-0"
                            defaultValues={checked}
                            items={[
                              {
                                value: field.key,
                                label: (
                                  <span className="govuk-visually-hidden">
                                    Query {field.label.charAt(0).toLowerCase() + field.label.slice(1)}
                                  </span>
                                ),
                              },
                            ]}
                          />
                        </td>
                      ) : null}
                    </tr>
                    {cohort ? (
                      <tr className="govuk-table__row app-review-table__derived">
                        <th scope="row" className="govuk-table__header app-review-table__question">
                          Unit cost they imply (spend per child)
                        </th>
                        <td className="govuk-table__cell govuk-table__cell--numeric">{unitCostText(unitCosts.current[cohort])}</td>
                        <td className="govuk-table__cell govuk-table__cell--numeric">
                          {previous ? unitCostText(unitCosts.previous[cohort]) : "No earlier return"}
                        </td>
                        {hasPublic ? <td className="govuk-table__cell" /> : null}
                        {queryable ? <td className="govuk-table__cell" /> : null}
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}

function unitCostText(cost: number | undefined): string {
  return cost === undefined ? "Cannot be worked out" : `${formatPounds(cost)} a child`;
}
