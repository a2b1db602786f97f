/**
 * How a section of the return is laid out as a form, from the question set alone: its questions in
 * groups (one per transport cohort, one per EHCP breakdown), the running total of a breakdown against
 * the total it must add up to, which section comes next, and which answers only follow a "yes".
 */
import { COHORTS, type Cohort } from "./cohorts";
import { formatCount } from "./format";
import {
  type BreakdownRule,
  type FieldDefinition,
  type QuestionSet,
  type SectionDefinition,
  TRANSPORT_NAMES,
  findField,
} from "./question-set";
import { computeReturnMetrics } from "./metrics";
import { midSentence } from "./validation";
import type { FieldValue, ReturnValues } from "./values";

export interface FieldGroup {
  /** Unique on the page: the breakdown's id, `transport-<cohort>`, or `questions-<n>` for the rest. */
  id: string;
  /** The group's heading, or null for questions that stand on their own. */
  title: string | null;
  fields: FieldDefinition[];
  /** The breakdown whose parts these are, for its running total. */
  breakdown?: BreakdownRule;
}

const TRANSPORT_KEY = /^transport\.([a-z0-9_]+)\./;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A section's questions in order, grouped: consecutive questions of one breakdown or one cohort share a heading. */
export function sectionFieldGroups(questionSet: QuestionSet, section: Pick<SectionDefinition, "fields">): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (const field of section.fields) {
    const breakdown = questionSet.breakdowns.find((candidate) => candidate.partKeys.includes(field.key));
    const cohort = TRANSPORT_KEY.exec(field.key)?.[1] as Cohort | undefined;
    const id = breakdown ? breakdown.id : cohort && COHORTS.includes(cohort) ? `transport-${cohort}` : null;
    const last = groups[groups.length - 1];
    if (id === null) {
      if (last && last.title === null) last.fields.push(field);
      else groups.push({ id: `questions-${groups.length + 1}`, title: null, fields: [field] });
    } else if (last?.id === id) {
      last.fields.push(field);
    } else {
      groups.push({
        id,
        title: breakdown ? breakdown.label : capitalise(TRANSPORT_NAMES[cohort!]),
        fields: [field],
        ...(breakdown ? { breakdown } : {}),
      });
    }
  }
  return groups;
}

export interface BreakdownTotal {
  /** The sum of the parts given so far. */
  sum: number;
  provided: number;
  parts: number;
  /** The total the parts must add up to, or null while it is not given. */
  total: number | null;
}

/** Where a breakdown stands: the parts given so far (blanks are unknown, not zero) against its total. */
export function breakdownTotal(breakdown: BreakdownRule, values: Readonly<Record<string, FieldValue | undefined>>): BreakdownTotal {
  let sum = 0;
  let provided = 0;
  for (const key of breakdown.partKeys) {
    const value = values[key];
    if (typeof value === "number") {
      sum += value;
      provided++;
    }
  }
  const total = values[breakdown.totalKey];
  return { sum, provided, parts: breakdown.partKeys.length, total: typeof total === "number" ? total : null };
}

/**
 * The running total in words: "Total so far: 3,900 of 4,000 EHCPs maintained (100 to go)",
 * "Adds up to 4,000, your number of EHCPs maintained", "4,100: 100 more than your 4,000 EHCPs maintained".
 */
export function describeBreakdownTotal(questionSet: QuestionSet, breakdown: BreakdownRule, standing: BreakdownTotal): string {
  const totalField = findField(questionSet, breakdown.totalKey);
  const totalName = totalField ? midSentence(totalField.label) : breakdown.totalKey;
  const sum = formatCount(standing.sum);
  if (standing.total === null) return `Total so far: ${sum}. Give your ${totalName} to check it against.`;
  const total = formatCount(standing.total);
  if (standing.sum === standing.total) return `Adds up to ${total}, your ${totalName}.`;
  if (standing.sum > standing.total)
    return `Total so far: ${sum}, which is ${formatCount(standing.sum - standing.total)} more than your ${totalName} (${total}).`;
  return `Total so far: ${sum} of ${total} (${formatCount(standing.total - standing.sum)} to go).`;
}

/** The section after this one, or null after the last (then the member checks their answers). */
export function nextSectionId(questionSet: QuestionSet, sectionId: string): string | null {
  const index = questionSet.sections.findIndex((section) => section.id === sectionId);
  return index === -1 ? null : (questionSet.sections[index + 1]?.id ?? null);
}

/**
 * Answers that follow a "yes" (a charge's amount) are blank unless that question is answered yes:
 * a "no" or no answer clears an amount typed before, so a return never says "no charge of £600".
 */
export function withoutUnrevealedAnswers(
  questionSet: QuestionSet,
  answers: Readonly<Record<string, FieldValue>>,
  /** The whole return the answers go into, where the "yes" may be. */
  whole: Readonly<Record<string, FieldValue | undefined>> = answers,
): Record<string, FieldValue> {
  const result = { ...answers };
  for (const field of questionSet.fields) {
    if (field.revealedBy !== undefined && field.key in result && whole[field.revealedBy] !== true) result[field.key] = null;
  }
  return result;
}

/** The questions of a section that are asked only after another's "yes", by the key of that question. */
export function revealedFields(section: Pick<SectionDefinition, "fields">): Map<string, FieldDefinition[]> {
  const byParent = new Map<string, FieldDefinition[]>();
  for (const field of section.fields) {
    if (field.revealedBy !== undefined) byParent.set(field.revealedBy, [...(byParent.get(field.revealedBy) ?? []), field]);
  }
  return byParent;
}

/**
 * Each cohort's unit cost (spend per child, £ a year) as the metrics compute it, where both are given
 * and there are children: what a coordinator reads beside the answers that make it.
 */
export function cohortUnitCosts(values: ReturnValues): Partial<Record<Cohort, number>> {
  const metrics = computeReturnMetrics(values, { roundIndex: null, baseIndex: null });
  const costs: Partial<Record<Cohort, number>> = {};
  for (const cohort of COHORTS) {
    const cost = metrics[`unit_cost.${cohort}`];
    if (cost !== undefined) costs[cohort] = cost;
  }
  return costs;
}

/** The cohort a transport question is about ("transport.post16.spend" → post16), or null. */
export function transportCohortOf(key: string): Cohort | null {
  const cohort = TRANSPORT_KEY.exec(key)?.[1];
  return cohort !== undefined && (COHORTS as readonly string[]).includes(cohort) ? (cohort as Cohort) : null;
}

export type CohortUnitCosts = Partial<Record<Cohort, number>>;

/** Each authority's unit cost per cohort, from its answers. */
export function unitCostsByAuthority(returns: ReadonlyMap<number, ReturnValues>): Map<number, CohortUnitCosts> {
  const result = new Map<number, CohortUnitCosts>();
  for (const [authorityId, values] of returns) result.set(authorityId, cohortUnitCosts(values));
  return result;
}

/** The network's unit costs per cohort, leaving out the authority being checked. */
export function networkUnitCosts(
  costs: ReadonlyMap<number, CohortUnitCosts>,
  exceptAuthorityId: number,
): Partial<Record<Cohort, number[]>> {
  const unitCosts: Partial<Record<Cohort, number[]>> = {};
  for (const [authorityId, cohortCosts] of costs) {
    if (authorityId === exceptAuthorityId) continue;
    for (const [cohort, unitCost] of Object.entries(cohortCosts) as Array<[Cohort, number]>) {
      (unitCosts[cohort] ??= []).push(unitCost);
    }
  }
  return unitCosts;
}
