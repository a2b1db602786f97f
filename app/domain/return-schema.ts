/**
 * Zod schemas for a section's form, built from the question set. All parsing is parseFieldValue's:
 * the schema only carries its values and messages to conform (`parseWithZod` from `@conform-to/zod/v4`).
 */
import { z } from "zod";
import { parseFieldValue } from "./field-values";
import type { FieldDefinition, QuestionSet } from "./question-set";
import type { FieldValue } from "./values";

/**
 * A schema whose output is keyed by field key (`transport.special.spend`), blanks as null. Conform reads
 * dotted input names as nested paths, so the payload is flattened back to field keys before checking;
 * issue paths are then the field keys themselves, which conform matches to the inputs of the same name.
 */
export function buildSectionSchema(questionSet: QuestionSet, sectionId: string) {
  const section = questionSet.sections.find((candidate) => candidate.id === sectionId);
  if (!section) {
    throw new Error(`Question set version ${questionSet.version} has no section "${sectionId}"`);
  }
  const shape = Object.fromEntries(section.fields.map((field) => [field.key, buildFieldSchema(field)]));
  return z.preprocess(flattenToFieldKeys, z.object(shape));
}

function buildFieldSchema(field: FieldDefinition) {
  // Optional input, because a draft may leave any field blank; submission rules live in validateReturn.
  return z
    .unknown()
    .optional()
    .transform((raw, ctx): FieldValue => {
      const parsed = parseFieldValue(field, raw);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    });
}

function flattenToFieldKeys(payload: unknown): unknown {
  if (!isPlainObject(payload)) return payload;
  const flat: Record<string, unknown> = {};
  const visit = (object: Record<string, unknown>, prefix: string) => {
    for (const [name, value] of Object.entries(object)) {
      if (isPlainObject(value)) visit(value, `${prefix}${name}.`);
      else flat[`${prefix}${name}`] = value;
    }
  };
  visit(payload, "");
  return flat;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
