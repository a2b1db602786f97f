import { Link } from "@remix-run/react";
import { ReturnAnswers } from "~/components/return-answers";
import { TemplateLinks } from "~/components/template-links";
import { formatDate } from "~/domain/format";
import type { QuestionSet } from "~/domain/question-set";
import type { FieldValue } from "~/domain/values";
import { SECTION_PROGRESS_LABELS, type SectionProgress, completedSections } from "~/domain/return-progress";

/**
 * A member's return while they may change it, as a GOV.UK task list (a link per section and how far
 * each has got), the way on to checking and submitting, and the spreadsheet route instead.
 */
export function ReturnTaskList({
  roundSlug,
  questionSet,
  progress,
  warningCount,
}: {
  roundSlug: string;
  questionSet: QuestionSet;
  progress: Readonly<Record<string, SectionProgress>>;
  warningCount: number;
}) {
  const sectionsDone = completedSections(progress);
  return (
    <>
      <h2 className="govuk-heading-m">Complete your return</h2>
      <p className="govuk-body" id="sections-complete">
        {sectionsDone.completed} of {sectionsDone.total} sections complete
      </p>
      <ul className="govuk-task-list">
        {questionSet.sections.map((section) => {
          const sectionState = progress[section.id]!;
          return (
            <li key={section.id} className="govuk-task-list__item govuk-task-list__item--with-link">
              <div className="govuk-task-list__name-and-hint">
                <Link
                  to={`/rounds/${roundSlug}/sections/${section.id}`}
                  className="govuk-link govuk-task-list__link"
                  aria-describedby={`${section.id}-status`}
                >
                  {section.title}
                </Link>
              </div>
              <div className="govuk-task-list__status" id={`${section.id}-status`}>
                {sectionState === "completed" ? (
                  SECTION_PROGRESS_LABELS[sectionState]
                ) : (
                  <strong
                    className={`govuk-tag ${sectionState === "has_errors" ? "govuk-tag--red" : sectionState === "in_progress" ? "govuk-tag--light-blue" : "govuk-tag--blue"}`}
                  >
                    {SECTION_PROGRESS_LABELS[sectionState]}
                  </strong>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {warningCount > 0 ? (
        <p className="govuk-body">
          Your answers raise {warningCount} {warningCount === 1 ? "warning" : "warnings"} that you will be asked to explain.
        </p>
      ) : null}
      <Link to={`/rounds/${roundSlug}/check`} className="govuk-button" data-module="govuk-button">
        Check your answers and submit
      </Link>
      <h2 className="govuk-heading-m">Use a spreadsheet</h2>
      <p className="govuk-body">
        You can answer in Excel instead: download your return as <TemplateLinks roundSlug={roundSlug} />, fill it in, then{" "}
        <Link to={`/rounds/${roundSlug}/upload`} className="govuk-link">
          upload your spreadsheet
        </Link>
        . You will see every change before anything is saved.
      </p>
    </>
  );
}

/** A member's return once it cannot be changed: why not, their answers, and the downloads. */
export function ClosedReturn({
  roundSlug,
  status,
  submittedAt,
  questionSet,
  values,
}: {
  roundSlug: string;
  status: string;
  submittedAt: string | null;
  questionSet: QuestionSet;
  values: Readonly<Record<string, FieldValue>>;
}) {
  return (
    <>
      <p className="govuk-body">
        {status === "submitted" || status === "approved"
          ? `You submitted this return${submittedAt ? ` on ${formatDate(submittedAt)}` : ""}. It cannot be changed unless your coordinator queries it.`
          : "This round is not open, so this return cannot be changed."}
      </p>
      <ReturnAnswers questionSet={questionSet} values={values} />
      <p className="govuk-body">
        Download these answers as <TemplateLinks roundSlug={roundSlug} />.
      </p>
    </>
  );
}
