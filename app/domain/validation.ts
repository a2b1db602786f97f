/**
 * Validation of a return (domain spec §3.5). Errors block a save or a submission; warnings are allowed
 * but each needs a written explanation before submission, stored against the warning's stable `id`.
 */
import { quantile } from "d3-array";
import { formatCount, formatPercent, formatPounds } from "./format";
import { COHORTS, TRAVEL_MODES, type Cohort } from "./cohorts";
import { parseFieldValue } from "./field-values";
import { TRANSPORT_NAMES, findField, type FieldDefinition, type QuestionSet } from "./question-set";
import { numberAt, type FieldValue, type ReturnValues } from "./values";

export interface ValidationIssue {
  /** The field the issue belongs to, where its inline message is shown. */
  key: string;
  code: string;
  message: string;
}

export interface ValidationWarning extends ValidationIssue {
  /** Stable across saves (e.g. `unit_cost_range:special`), so a stored explanation can be matched again. */
  id: string;
}

export interface NetworkUnitCosts {
  /** Unit costs of other authorities' approved returns in the latest published round, per cohort (never an unpublished round's). */
  unitCosts: Partial<Record<Cohort, readonly number[]>>;
}

export interface ValidationContext {
  forSubmission: boolean;
  /** The same authority's return in its previous round. */
  previous?: ReturnValues;
  network?: NetworkUnitCosts;
  /** The authority's EHCPs in DfE SEN2 at the round's January census (domain spec §3.5, §8). */
  publicEhcpTotal?: PublicEhcpTotal;
}

export interface PublicEhcpTotal {
  value: number;
  censusYear: number;
  releaseName: string;
}

export interface ReturnValidation {
  errors: ValidationIssue[];
  warnings: ValidationWarning[];
}

export interface ParsedInput {
  values: Record<string, FieldValue>;
  errors: ValidationIssue[];
}

export const UNIT_COST_RANGE = { min: 100, max: 60_000 } as const;
/** A change of more than this fraction against the previous round is a warning. */
export const CHANGE_THRESHOLD = 0.5;
export const OUTLIER_MIN_NETWORK_SIZE = 10;
export const OUTLIER_IQR_MULTIPLE = 3;
/** An `ehcp.total` further than this fraction from the SEN2 figure is a warning. */
export const PUBLIC_EHCP_TOLERANCE = 0.05;

const CHECK_UNIT_COST = "check spend and children, or explain";

/** Parses raw inputs (form fields or spreadsheet cells) for `keys`, all fields by default; a missing input is not provided. */
export function validateValues(
  questionSet: QuestionSet,
  rawInput: Readonly<Record<string, unknown>>,
  keys: readonly string[] = questionSet.fields.map((field) => field.key),
): ParsedInput {
  const values: Record<string, FieldValue> = {};
  const errors: ValidationIssue[] = [];
  for (const key of keys) {
    const field = findField(questionSet, key);
    if (!field) throw new Error(`"${key}" is not a field of question set version ${questionSet.version}`);
    const parsed = parseFieldValue(field, rawInput[key]);
    if (parsed.ok) values[key] = parsed.value;
    else errors.push({ key, code: "invalid", message: parsed.message });
  }
  return { values, errors };
}

export function validateReturn(questionSet: QuestionSet, values: ReturnValues, context: ValidationContext): ReturnValidation {
  const errors = [
    ...findInvalidValues(questionSet, values),
    ...(context.forSubmission ? findMissingRequired(questionSet, values) : []),
    ...findBreakdownMismatches(questionSet, values),
    ...findSingleOccupancyExcess(questionSet, values),
  ];
  const warnings = [
    ...COHORTS.flatMap((cohort) => findCohortWarnings(questionSet, values, cohort, context.network)),
    ...(context.previous ? findLargeChanges(questionSet, values, context.previous) : []),
    ...(context.publicEhcpTotal ? findPublicStatisticsDifference(values, context.publicEhcpTotal) : []),
  ];
  // Page order, so the error summary reads top to bottom like the form.
  const position = new Map(questionSet.fields.map((field, index) => [field.key, index]));
  const byFieldOrder = (a: ValidationIssue, b: ValidationIssue) => (position.get(a.key) ?? 0) - (position.get(b.key) ?? 0);
  return { errors: errors.sort(byFieldOrder), warnings: warnings.sort(byFieldOrder) };
}

/** Stored values were parsed on the way in, but an import or an older version may still hold something out of rule. */
function findInvalidValues(questionSet: QuestionSet, values: ReturnValues): ValidationIssue[] {
  return questionSet.fields.flatMap((field) => {
    const parsed = parseFieldValue(field, values[field.key]);
    return parsed.ok ? [] : [{ key: field.key, code: "invalid", message: parsed.message }];
  });
}

function findMissingRequired(questionSet: QuestionSet, values: ReturnValues): ValidationIssue[] {
  return questionSet.fields
    .filter((field) => field.required && (values[field.key] === null || values[field.key] === undefined))
    .map((field) => ({ key: field.key, code: "required", message: requiredMessage(field) }));
}

function requiredMessage(field: FieldDefinition): string {
  const name = midSentence(field.label);
  if (field.kind === "boolean") return `Select yes or no for ${name} before you submit`;
  const countsThings = field.kind === "count" && !/^(number|population)\b/i.test(field.label);
  return `Enter the ${countsThings ? "number of " : ""}${name} before you submit`;
}

function findBreakdownMismatches(questionSet: QuestionSet, values: ReturnValues): ValidationIssue[] {
  return questionSet.breakdowns.flatMap((breakdown) => {
    const total = numberAt(values, breakdown.totalKey);
    const parts = breakdown.partKeys.map((key) => numberAt(values, key));
    const firstKey = breakdown.partKeys[0];
    // A breakdown only partly filled in cannot be checked: blanks are unknown, not zero.
    if (total === null || firstKey === undefined || parts.some((part) => part === null)) return [];
    const sum = parts.reduce((acc: number, part) => acc + (part ?? 0), 0);
    if (sum === total) return [];
    const totalLabel = findField(questionSet, breakdown.totalKey)?.label ?? breakdown.totalKey;
    return [
      {
        key: firstKey,
        code: "breakdown_sum",
        message: `${breakdown.label} add up to ${formatCount(sum)}, but the ${midSentence(totalLabel)} is ${formatCount(total)} — correct the breakdown or the total`,
      },
    ];
  });
}

/**
 * Single occupancy is a part of the children counted by mode. With some modes blank it is compared with
 * the sum of those provided: a return cannot claim more children travelling alone than it accounts for.
 */
function findSingleOccupancyExcess(questionSet: QuestionSet, values: ReturnValues): ValidationIssue[] {
  const field = findField(questionSet, "mode.single_occupancy");
  const singleOccupancy = numberAt(values, "mode.single_occupancy");
  const modes = TRAVEL_MODES.map((mode) => numberAt(values, `mode.${mode}`)).filter((count) => count !== null);
  if (!field || singleOccupancy === null || modes.length === 0) return [];
  const sumOfModes = modes.reduce((acc, count) => acc + count, 0);
  if (singleOccupancy <= sumOfModes) return [];
  return [
    {
      key: field.key,
      code: "single_occupancy_exceeds_modes",
      message: `${field.label} (${formatCount(singleOccupancy)}) must not be more than the children counted across all ways of travelling (${formatCount(sumOfModes)})`,
    },
  ];
}

function findCohortWarnings(
  questionSet: QuestionSet,
  values: ReturnValues,
  cohort: Cohort,
  network: NetworkUnitCosts | undefined,
): ValidationWarning[] {
  const spendField = findField(questionSet, `transport.${cohort}.spend`);
  const childrenField = findField(questionSet, `transport.${cohort}.children`);
  if (!spendField || !childrenField) return [];
  const spend = numberAt(values, spendField.key);
  const children = numberAt(values, childrenField.key);
  if (spend === null || children === null) return [];

  if (spend > 0 && children === 0) {
    return [
      mismatchWarning(
        cohort,
        childrenField.key,
        `${spendField.label} is ${formatPounds(spend)} but ${midSentence(childrenField.label)} is 0`,
      ),
    ];
  }
  if (children > 0 && spend === 0) {
    return [
      mismatchWarning(
        cohort,
        spendField.key,
        `${childrenField.label} is ${formatCount(children)} but ${midSentence(spendField.label)} is £0`,
      ),
    ];
  }
  // A zero on either side is the mismatch above, not also an unusual unit cost.
  if (spend <= 0 || children <= 0) return [];

  const unitCost = spend / children;
  const name = TRANSPORT_NAMES[cohort];
  const warnings: ValidationWarning[] = [];
  // Figures are rounded away from the limit, so the message never shows a cost equal to the limit it breaks.
  if (unitCost < UNIT_COST_RANGE.min || unitCost > UNIT_COST_RANGE.max) {
    const side = unitCost < UNIT_COST_RANGE.min ? "below" : "above";
    const shown = side === "below" ? Math.floor(unitCost) : Math.ceil(unitCost);
    warnings.push({
      id: `unit_cost_range:${cohort}`,
      key: spendField.key,
      code: "unit_cost_range",
      message: `Unit cost of ${name} is ${formatPounds(shown)} a child, ${side} the usual range of ${formatPounds(UNIT_COST_RANGE.min)} to ${formatPounds(UNIT_COST_RANGE.max)} — ${CHECK_UNIT_COST}`,
    });
  }
  const limits = networkLimits(network?.unitCosts[cohort]);
  if (limits && (unitCost < limits.lower || unitCost > limits.upper)) {
    // Worded without the fence's value: a limit shown to the pound would give away the quartiles it is made of.
    const message =
      unitCost > limits.upper ? "far above what other councils reported last round" : "far below what other councils reported last round";
    const shown = unitCost > limits.upper ? Math.ceil(unitCost) : Math.floor(unitCost);
    warnings.push({
      id: `outlier:${cohort}`,
      key: spendField.key,
      code: "outlier",
      message: `Unit cost of ${name} is ${formatPounds(shown)} a child, ${message} — ${CHECK_UNIT_COST}`,
    });
  }
  return warnings;
}

function mismatchWarning(cohort: Cohort, key: string, finding: string): ValidationWarning {
  return { id: `spend_children_mismatch:${cohort}`, key, code: "spend_children_mismatch", message: `${finding} — check both, or explain` };
}

/** [Q1 − 3·IQR, Q3 + 3·IQR] with R type 7 quantiles, once the network is big enough for quartiles to mean something. */
export function networkLimits(unitCosts: readonly number[] | undefined): { lower: number; upper: number } | null {
  const finite = (unitCosts ?? []).filter((cost) => Number.isFinite(cost));
  if (finite.length < OUTLIER_MIN_NETWORK_SIZE) return null;
  const q1 = quantile(finite, 0.25);
  const q3 = quantile(finite, 0.75);
  if (q1 === undefined || q3 === undefined) return null;
  const spread = OUTLIER_IQR_MULTIPLE * (q3 - q1);
  return { lower: q1 - spread, upper: q3 + spread };
}

function findLargeChanges(questionSet: QuestionSet, values: ReturnValues, previous: ReturnValues): ValidationWarning[] {
  return questionSet.fields.flatMap((field): ValidationWarning[] => {
    if (field.kind !== "count" && field.kind !== "money") return [];
    const now = numberAt(values, field.key);
    const before = numberAt(previous, field.key);
    // No change can be measured from nothing; a first value is never a warning.
    if (now === null || before === null || before === 0) return [];
    const difference = now - before;
    if (Math.abs(difference) <= CHANGE_THRESHOLD * Math.abs(before)) return [];
    const format = field.kind === "money" ? formatPounds : formatCount;
    const percent = formatPercent((Math.abs(difference) / Math.abs(before)) * 100);
    return [
      {
        id: `change:${field.key}`,
        key: field.key,
        code: "change",
        message: `${field.label} went ${difference > 0 ? "up" : "down"} by ${percent} since the previous round, from ${format(before)} to ${format(now)} — check, or explain`,
      },
    ];
  });
}

/** §3.5: `ehcp.total` more than 5 % away from the authority's SEN2 figure for the same January census, both figures shown. */
function findPublicStatisticsDifference(values: ReturnValues, sen2: PublicEhcpTotal): ValidationWarning[] {
  const answer = numberAt(values, "ehcp.total");
  if (answer === null || sen2.value <= 0) return [];
  const difference = answer - sen2.value;
  if (Math.abs(difference) <= PUBLIC_EHCP_TOLERANCE * sen2.value) return [];
  const percent = formatPercent((Math.abs(difference) / sen2.value) * 100);
  return [
    {
      id: "public_statistics:ehcp.total",
      key: "ehcp.total",
      code: "public_statistics",
      message: `Number of EHCPs maintained is ${formatCount(answer)}, ${percent} ${difference > 0 ? "more" : "fewer"} than the ${formatCount(sen2.value)} DfE SEN2 reports for January ${sen2.censusYear} (${sen2.releaseName}) — check, or explain`,
    },
  ];
}

/** Lower-cases a label's first letter for use mid-sentence, leaving acronyms such as "EHCPs" alone. */
export function midSentence(label: string): string {
  const second = label.charAt(1);
  return second !== "" && second === second.toUpperCase() && second !== second.toLowerCase()
    ? label
    : label.charAt(0).toLowerCase() + label.slice(1);
}
