import type { QuestionSet } from "./question-set";
import type { ReturnValidation } from "./validation";
import type { ReturnValues } from "./values";

export type SectionProgress = "not_started" | "in_progress" | "completed" | "has_errors";

export const SECTION_PROGRESS_LABELS: Record<SectionProgress, string> = {
  not_started: "Not yet started",
  in_progress: "In progress",
  completed: "Completed",
  has_errors: "There is a problem",
};

/**
 * Where each section of the task list stands. A section is completed once it has an answer and no
 * required answer is missing; optional fields may stay blank (blank means not provided). Errors
 * (anything but a missing required answer) outrank everything else.
 */
export function sectionProgress(
  questionSet: QuestionSet,
  values: ReturnValues,
  validation: ReturnValidation,
): Record<string, SectionProgress> {
  const result: Record<string, SectionProgress> = {};
  for (const section of questionSet.sections) {
    const keys = new Set(section.fields.map((field) => field.key));
    const issues = validation.errors.filter((error) => keys.has(error.key));
    const answered = section.fields.some((field) => values[field.key] !== null && values[field.key] !== undefined);
    if (issues.some((issue) => issue.code !== "required")) result[section.id] = "has_errors";
    else if (!answered) result[section.id] = "not_started";
    else if (issues.length > 0) result[section.id] = "in_progress";
    else result[section.id] = "completed";
  }
  return result;
}

/** Warnings still waiting for a written explanation before the return can be submitted. */
export function unexplainedWarnings<W extends { id: string }>(warnings: readonly W[], explanations: Readonly<Record<string, string>>): W[] {
  return warnings.filter((warning) => !explanations[warning.id]?.trim());
}

/** "3 of 8 sections complete": how many sections are completed, of how many. */
export function completedSections(progress: Readonly<Record<string, SectionProgress>>): { completed: number; total: number } {
  const states = Object.values(progress);
  return { completed: states.filter((state) => state === "completed").length, total: states.length };
}
