/**
 * What a member's uploaded file would do to their return, shown before anything is saved: each answer
 * that changes (saved → in the file), and the errors and warnings of the return as it would become,
 * each located in the file. The same rules decide at the preview and at the confirmation.
 */
import { displayFieldValue } from "./format";
import type { QuestionSet } from "./question-set";
import { type CellLocation, type CurrentReturn, type FileIssue, validateFileAnswers } from "./returns-file";
import type { FieldValue } from "./values";

export interface AnswerChange {
  key: string;
  label: string;
  sectionTitle: string;
  saved: string;
  uploaded: string;
  at: CellLocation | null;
}

export interface UploadReview {
  changes: AnswerChange[];
  /** Errors stop the answers being saved, as a form's would. */
  errors: FileIssue[];
  /** Warnings do not; the member explains them when they submit. */
  warnings: FileIssue[];
}

/** `sheet "Transport policies", cell E12` — where to look in the file. */
export function describeCell(at: CellLocation): string {
  return `${at.sheet === undefined ? "" : `sheet "${at.sheet}", `}cell ${at.column}${at.row}`;
}

export function reviewUpload(
  questionSet: QuestionSet,
  upload: { values: Readonly<Record<string, FieldValue>>; cells: Readonly<Record<string, CellLocation>> },
  current: CurrentReturn,
): UploadReview {
  const changes = questionSet.fields.flatMap((field): AnswerChange[] => {
    if (!(field.key in upload.values)) return [];
    const saved = current.values[field.key] ?? null;
    const uploaded = upload.values[field.key] ?? null;
    if (saved === uploaded) return [];
    const section = questionSet.sections.find((candidate) => candidate.id === field.sectionId)!;
    return [
      {
        key: field.key,
        label: field.label,
        sectionTitle: section.title,
        saved: displayFieldValue(field, saved),
        uploaded: displayFieldValue(field, uploaded),
        at: upload.cells[field.key] ?? null,
      },
    ];
  });
  const validation = validateFileAnswers(questionSet, upload.values, "draft", current);
  const locate = (issue: { key: string; message: string }): FileIssue => {
    const at = upload.cells[issue.key];
    return { ...(at ?? {}), field: issue.key, message: issue.message };
  };
  return { changes, errors: validation.errors.map(locate), warnings: validation.warnings.map(locate) };
}
