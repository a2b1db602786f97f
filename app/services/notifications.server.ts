import type { Transaction } from "kysely";
import type { Database, Executor, PasswordTokenPurpose, ReturnRow, RoundRow, UserRow } from "../../db/schema";
import {
  type OutgoingMessage,
  formatEmailDate,
  formatEmailDateTime,
  idempotencyKeys,
  returnLink,
  returnStatusPhrase,
  setPasswordLink,
} from "../domain/notifications";
import { type MemberWithReturnStatus, listActiveMembers, listActiveMembersWithReturnStatus } from "../models/user.server";
import { RETURN_EDITABLE_STATUSES } from "../domain/round-lifecycle";
import { findQueuedKeys, queueMessages } from "../models/outbox.server";
import { issuePasswordToken } from "../models/password-token.server";

/**
 * Each function here writes the messages a change causes into the outbox, inside the transaction
 * that makes the change. `origin` is the service's address for the links in the emails.
 */

/** Issues a one-time set-password link for the user and queues the email that carries it. */
export async function queueSetPasswordEmail(
  trx: Transaction<Database>,
  input: { user: Pick<UserRow, "id" | "email" | "name">; purpose: PasswordTokenPurpose; origin: string; now?: Date },
): Promise<void> {
  const issued = await issuePasswordToken(trx, { userId: input.user.id, purpose: input.purpose, now: input.now });
  const personalisation = {
    name: input.user.name,
    set_password_link: setPasswordLink(input.origin, issued.token),
    link_expires: formatEmailDateTime(issued.expiresAt),
  };
  const message: OutgoingMessage =
    input.purpose === "invite"
      ? { kind: "invite", recipient: input.user.email, personalisation, idempotencyKey: idempotencyKeys.invite(input.user.id) }
      : { kind: "password_reset", recipient: input.user.email, personalisation, idempotencyKey: idempotencyKeys.passwordReset(issued.id) };
  await queueMessages(trx, [message], input.now);
}

/** Announces an opened (or re-opened) round to the active members of every authority. */
export async function queueRoundOpened(trx: Transaction<Database>, input: { round: RoundRow; origin: string }): Promise<number> {
  const members = await listActiveMembers(trx);
  const { round } = input;
  return queueMessages(
    trx,
    members.map((member) => ({
      kind: "round_opened",
      recipient: member.email,
      personalisation: {
        name: member.name,
        round_name: round.name,
        authority_name: member.authorityName,
        closes_on: formatEmailDate(round.closes_on),
        return_link: returnLink(input.origin, round.slug),
      },
      idempotencyKey: idempotencyKeys.roundOpened(round.id, round.updated_at, member.userId),
    })),
  );
}

/** Active members of the authorities whose return in the round still needs submitting. */
export async function listReminderRecipients(db: Executor, roundId: number): Promise<MemberWithReturnStatus[]> {
  const members = await listActiveMembersWithReturnStatus(db, roundId);
  return members.filter((member) => RETURN_EDITABLE_STATUSES.includes(member.returnStatus));
}

function reminderMessages(
  round: RoundRow,
  recipients: readonly MemberWithReturnStatus[],
  input: { date: string; origin: string },
): OutgoingMessage[] {
  return recipients.map((recipient) => ({
    kind: "reminder",
    recipient: recipient.email,
    personalisation: {
      name: recipient.name,
      round_name: round.name,
      authority_name: recipient.authorityName,
      closes_on: formatEmailDate(round.closes_on),
      return_status: returnStatusPhrase(recipient.returnStatus),
      return_link: returnLink(input.origin, round.slug),
    },
    idempotencyKey: idempotencyKeys.reminder(round.id, recipient.userId, input.date),
  }));
}

/** Who would be reminded on `date`: everyone due a reminder who has not had one for this round that day. */
export async function previewReminders(db: Executor, round: RoundRow, date: string): Promise<MemberWithReturnStatus[]> {
  const recipients = await listReminderRecipients(db, round.id);
  const sent = await findQueuedKeys(
    db,
    recipients.map((r) => idempotencyKeys.reminder(round.id, r.userId, date)),
  );
  return recipients.filter((r) => !sent.has(idempotencyKeys.reminder(round.id, r.userId, date)));
}

/** Queues the day's reminders for the round; someone already reminded that day is skipped. Returns how many were queued. */
export async function queueReminders(
  trx: Transaction<Database>,
  input: { round: RoundRow; date: string; origin: string },
): Promise<number> {
  const recipients = await listReminderRecipients(trx, input.round.id);
  return queueMessages(trx, reminderMessages(input.round, recipients, input));
}

/** Tells the authority's active members that the coordinator queried or approved their return. */
export async function queueReturnDecision(
  trx: Transaction<Database>,
  input: { round: RoundRow; returnRow: ReturnRow; origin: string } & ({ kind: "queried"; comment: string } | { kind: "approved" }),
): Promise<number> {
  const members = await listActiveMembers(trx, { authorityId: input.returnRow.authority_id });
  return queueMessages(
    trx,
    members.map((member): OutgoingMessage => {
      const base = {
        name: member.name,
        round_name: input.round.name,
        authority_name: member.authorityName,
        return_link: returnLink(input.origin, input.round.slug),
      };
      const idempotencyKey = idempotencyKeys.decision(input.kind, input.returnRow.id, input.returnRow.version, member.userId);
      return input.kind === "queried"
        ? { kind: "queried", recipient: member.email, personalisation: { ...base, comment: input.comment }, idempotencyKey }
        : { kind: "approved", recipient: member.email, personalisation: base, idempotencyKey };
    }),
  );
}
