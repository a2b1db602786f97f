import { z } from "zod";
import { formatCount } from "./format";

export const MAX_EXPLANATION_LENGTH = 2000;

const explanationSchema = z
  .string()
  .trim()
  .max(MAX_EXPLANATION_LENGTH, `Explanation must be ${formatCount(MAX_EXPLANATION_LENGTH)} characters or fewer`);

/**
 * Reads the explanation typed for each current warning (inputs named `explanation-<warning id>`).
 * Inputs for warnings that no longer apply are ignored; blanks are not stored.
 */
export function parseExplanations(
  form: { get(name: string): unknown },
  warnings: ReadonlyArray<{ id: string }>,
): { explanations: Record<string, string>; errors: Array<{ fieldId: string; message: string }> } {
  const explanations: Record<string, string> = {};
  const errors: Array<{ fieldId: string; message: string }> = [];
  for (const warning of warnings) {
    const fieldId = `explanation-${warning.id}`;
    const raw = form.get(fieldId);
    if (typeof raw !== "string") continue;
    const parsed = explanationSchema.safeParse(raw);
    if (!parsed.success) errors.push({ fieldId, message: parsed.error.issues[0]!.message });
    else if (parsed.data !== "") explanations[warning.id] = parsed.data;
  }
  return { explanations, errors };
}
