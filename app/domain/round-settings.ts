/**
 * What a coordinator sets about a round (domain spec §2): slug, name, financial year, question-set
 * version, opening and closing dates, the price base year for real-terms figures, and how many days
 * before closing the reminders go. One schema for the command line and the web form.
 */
import { z } from "zod";
import { financialYearSchema } from "./financial-year";
import { LATEST_QUESTION_SET_VERSION, QUESTION_SETS } from "./question-set";

export const ROUND_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const dateSchema = (what: string) => z.iso.date({ error: `${what} must be a real date written like 2025-07-31` }).optional();

const detailsShape = {
  name: z
    .string({ error: "Enter the round's name" })
    .trim()
    .min(1, "Enter the round's name")
    .max(200, "Name must be 200 characters or fewer"),
  /** Absent: the latest year in the deflator table. */
  baseYear: financialYearSchema.optional(),
  opensOn: dateSchema("Opening date"),
  closesOn: dateSchema("Closing date"),
  /**
   * Members of authorities that have not submitted are reminded this many days before the closing
   * date. Absent: DEFAULT_REMINDER_DAYS_BEFORE.
   */
  reminderDaysBefore: z.coerce
    .number({ error: "Reminder days must be a whole number, like 7" })
    .int("Reminder days must be a whole number, like 7")
    .min(0, "Reminder days must be 0 or more")
    .max(90, "Reminder days must be 90 or fewer")
    .optional(),
};

function closesAfterOpening(round: { opensOn?: string | undefined; closesOn?: string | undefined }): boolean {
  // ISO dates compare correctly as text.
  return !round.opensOn || !round.closesOn || round.closesOn >= round.opensOn;
}

const CLOSES_AFTER_OPENING = { path: ["closesOn"], error: "Closing date must be on or after the opening date" };

/** The settings that can change after a round is created. */
export const roundDetailsSchema = z.object(detailsShape).refine(closesAfterOpening, CLOSES_AFTER_OPENING);
export type RoundDetails = z.output<typeof roundDetailsSchema>;

/** A new round: its details plus what identifies it and fixes its questions, which never change afterwards. */
export const newRoundSchema = z
  .object({
    ...detailsShape,
    slug: z
      .string({ error: "Enter a slug" })
      .trim()
      .regex(ROUND_SLUG_PATTERN, "Slug must be lower-case letters, digits and hyphens, like 2024-25"),
    financialYear: financialYearSchema,
    questionSetVersion: z
      .number()
      .int()
      .refine((version) => version in QUESTION_SETS, {
        error: `Question set version must be one of ${Object.keys(QUESTION_SETS).join(", ")}`,
      })
      .default(LATEST_QUESTION_SET_VERSION),
  })
  .refine(closesAfterOpening, CLOSES_AFTER_OPENING);
export type NewRound = z.output<typeof newRoundSchema>;
