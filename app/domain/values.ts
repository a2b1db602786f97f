/**
 * A return's answers as a plain object keyed by field key (e.g. `transport.special.spend`).
 * A key that is absent, or null, is *not provided* — never zero.
 */
export type FieldValue = number | boolean | string | null;
export type ReturnValues = Readonly<Record<string, FieldValue | undefined>>;

/** The number stored under `key`, or null when it is not provided or not a number. */
export function numberAt(values: ReturnValues, key: string): number | null {
  const value = values[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
