import type { FileIssue } from "~/domain/returns-file";
import { FileProblems } from "./file-problems";
import { pluralise } from "~/domain/format";

/**
 * A refused file's one-line summary, for the error summary and the file input: the problem itself
 * when it is about the whole file, or how many problems the table below lists.
 */
export function uploadErrorMessage(errors: readonly FileIssue[]): string | null {
  const [first] = errors;
  if (!first) return null;
  if (errors.length === 1 && first.row === undefined && first.field === undefined) return first.message;
  return `The file has ${pluralise(errors.length, "problem", "problems")}, so nothing was saved: correct ${errors.length === 1 ? "it" : "them"} and upload the file again`;
}

/** The table of a refused file's problems, when there is more to say than the summary. */
export function UploadErrors({ errors, fileName }: { errors: readonly FileIssue[]; fileName: string | null }) {
  const first = errors[0];
  if (!first || (errors.length === 1 && first.row === undefined && first.field === undefined)) return null;
  return <FileProblems issues={errors} caption={fileName ? `Problems in ${fileName}` : "Problems in the file"} />;
}
