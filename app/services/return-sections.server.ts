import type { Kysely, Transaction } from "kysely";
import type { Database, Executor, ReturnRow, RoundRow } from "../../db/schema";
import { displayFieldValue } from "../domain/format";
import type { QuestionSet, SectionDefinition } from "../domain/question-set";
import { withoutUnrevealedAnswers } from "../domain/return-form";
import { censusYearOfRound, keptPrefills, prefillLabel, sectionPrefill } from "../domain/sen2";
import { validateReturn } from "../domain/validation";
import type { FieldValue } from "../domain/values";
import { appendAudit } from "../models/audit.server";
import { findAuthorityById } from "../models/authority.server";
import { findSen2Prefill } from "../models/public-statistics.server";
import { StaleReturnError, findReturn, readReturnValues, writeReturnValues } from "../models/return.server";

export interface SectionPrefill {
  censusYear: number;
  releaseName: string;
  /** "From DfE SEN2, January 2025 — check and confirm". */
  label: string;
  values: Record<string, number>;
}

/** What a return section opens pre-filled with from SEN2 for the round's January census, or null (see sectionPrefill). */
export async function findSectionPrefill(
  db: Executor,
  input: { authorityId: number; financialYear: string; sectionKeys: readonly string[]; stored: Readonly<Record<string, unknown>> },
): Promise<SectionPrefill | null> {
  const censusYear = censusYearOfRound(input.financialYear);
  if (censusYear === null || !input.sectionKeys.some((key) => key.startsWith("ehcp."))) return null;
  const authority = await findAuthorityById(db, input.authorityId);
  const sen2 = authority && (await findSen2Prefill(db, authority.code, censusYear));
  if (!sen2) return null;
  const values = sectionPrefill(input.sectionKeys, input.stored, sen2.values);
  return values && { censusYear, releaseName: sen2.releaseName, label: prefillLabel(censusYear), values };
}

/** Audit rows saying which saved answers were SEN2's pre-filled figures, and from which release. */
async function recordKeptPrefills(
  trx: Transaction<Database>,
  input: { prefill: SectionPrefill; saved: Readonly<Record<string, unknown>>; returnId: number; roundId: number; actorId: number },
): Promise<void> {
  await appendAudit(
    trx,
    keptPrefills(input.prefill.values, input.saved).map((key) => ({
      userId: input.actorId,
      action: "return.prefill",
      returnId: input.returnId,
      roundId: input.roundId,
      fieldKey: key,
      newValue: String(input.prefill.values[key]),
      detail: { source: "DfE SEN2", release: input.prefill.releaseName, census: `January ${input.prefill.censusYear}` },
    })),
  );
}

/** A save refused because someone saved the return since the form was drawn: the answers that now differ. */
export interface SectionConflict {
  storedVersion: number;
  differences: Array<{ key: string; yours: string; saved: string }>;
}

export type SectionSaveOutcome =
  { saved: true } | { saved: false; fieldErrors: Record<string, string[]> } | { saved: false; conflict: SectionConflict };

/**
 * A member saves one section of their return: rules that span fields are checked against the whole
 * return as it would become, an amount that follows a "yes" is kept only with that yes, and the
 * answers are written (with SEN2 pre-fills kept audited) in one transaction — or refused whole when
 * the return changed since the form was drawn.
 */
export async function saveSection(
  db: Kysely<Database>,
  input: {
    round: RoundRow;
    questionSet: QuestionSet;
    section: SectionDefinition;
    member: { id: number; authority_id: number };
    existing: ReturnRow | undefined;
    /** The section's answers, each already parsed by its field's rule. */
    submitted: Record<string, FieldValue>;
    expectedVersion: number;
  },
): Promise<SectionSaveOutcome> {
  const { round, questionSet, section, member, existing } = input;
  const stored = existing ? await readReturnValues(db, existing.id) : {};
  const answers = withoutUnrevealedAnswers(questionSet, input.submitted, { ...stored, ...input.submitted });
  const sectionKeys = new Set(section.fields.map((field) => field.key));
  const crossFieldErrors = validateReturn(questionSet, { ...stored, ...answers }, { forSubmission: false }).errors.filter((error) =>
    sectionKeys.has(error.key),
  );
  if (crossFieldErrors.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const error of crossFieldErrors) (fieldErrors[error.key] ??= []).push(error.message);
    return { saved: false, fieldErrors };
  }

  const prefill = await findSectionPrefill(db, {
    authorityId: member.authority_id,
    financialYear: round.financial_year,
    sectionKeys: [...sectionKeys],
    stored,
  });
  try {
    await db.transaction().execute(async (trx) => {
      const { returnRow } = await writeReturnValues(trx, {
        roundId: round.id,
        authorityId: member.authority_id,
        values: answers,
        status: existing && existing.status !== "not_started" ? existing.status : "draft",
        actorId: member.id,
        action: "return.save",
        expectedVersion: input.expectedVersion,
      });
      if (prefill)
        await recordKeptPrefills(trx, { prefill, saved: answers, returnId: returnRow.id, roundId: round.id, actorId: member.id });
    });
  } catch (error) {
    if (!(error instanceof StaleReturnError)) throw error;
    const latest = await findReturn(db, round.id, member.authority_id);
    const saved = latest ? await readReturnValues(db, latest.id) : {};
    const differences = section.fields
      .filter((field) => (saved[field.key] ?? null) !== (answers[field.key] ?? null))
      .map((field) => ({
        key: field.key,
        yours: displayFieldValue(field, answers[field.key]),
        saved: displayFieldValue(field, saved[field.key]),
      }));
    return { saved: false, conflict: { storedVersion: latest?.version ?? 0, differences } };
  }
  return { saved: true };
}
