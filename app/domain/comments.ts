import { z } from "zod";
import { formatCount } from "./format";

export const MAX_COMMENT_LENGTH = 5000;

export const commentSchema = z
  .string({ error: "Enter a comment" })
  .trim()
  .min(1, "Enter a comment")
  .max(MAX_COMMENT_LENGTH, `Comment must be ${formatCount(MAX_COMMENT_LENGTH)} characters or fewer`);

/** The comment in a form, or the message that says what is wrong with it. */
export function parseComment(raw: FormDataEntryValue | null): { ok: true; body: string } | { ok: false; message: string } {
  const parsed = commentSchema.safeParse(typeof raw === "string" ? raw : undefined);
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message };
}

/** The answers a query names ("fields" checkboxes), kept to keys of the question set, in its order. */
export function parseQueriedFields(raw: readonly FormDataEntryValue[], fieldKeys: readonly string[]): string[] {
  const named = new Set(raw.filter((value): value is string => typeof value === "string"));
  return fieldKeys.filter((key) => named.has(key));
}

/** The answers the latest comment that names any is about: what a member is asked to look at again. */
export function queriedFieldKeys(comments: ReadonlyArray<{ fieldKeys: readonly string[]; authorRole: string | null }>): string[] {
  const latest = [...comments].reverse().find((comment) => comment.authorRole === "coordinator" && comment.fieldKeys.length > 0);
  return latest ? [...latest.fieldKeys] : [];
}
