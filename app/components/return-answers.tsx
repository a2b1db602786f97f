import { Link } from "@remix-run/react";
import { displayFieldValue } from "~/domain/format";
import type { QuestionSet } from "~/domain/question-set";
import type { FieldValue } from "~/domain/values";

interface Props {
  questionSet: QuestionSet;
  values: Readonly<Record<string, FieldValue>>;
  /** Where each section's "Change" link goes; omitted for read-only views. */
  changeHref?: (sectionId: string) => string;
}

/** A return's answers as GOV.UK summary lists, one card per section. */
export function ReturnAnswers({ questionSet, values, changeHref }: Props) {
  return (
    <>
      {questionSet.sections.map((section) => (
        <div key={section.id} id={`answers-${section.id}`} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">{section.title}</h2>
            {changeHref ? (
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={changeHref(section.id)}>
                    Change<span className="govuk-visually-hidden"> {section.title}</span>
                  </Link>
                </li>
              </ul>
            ) : null}
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              {section.fields.map((field) => (
                <div key={field.key} className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{field.label}</dt>
                  <dd className="govuk-summary-list__value">{displayFieldValue(field, values[field.key])}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}
