/**
 * The emails the service sends through GOV.UK Notify: which kinds there are, the personalisation
 * each template receives, when a failed send is tried again, and when reminders are due. Pure: the
 * outbox (app/models/outbox.server.ts) and the Notify client (app/utils/notify.server.ts) use it.
 */
import { z } from "zod";
import { formatDate, formatTime } from "./format";
import type { ReturnStatus } from "./round-lifecycle";

export const MESSAGE_KINDS = [
  "invite",
  "password_reset",
  "round_opened",
  "reminder",
  "queried",
  "approved",
  "reopen_requested",
  "reopen_decided",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The environment variable that holds each kind's Notify template id. */
export const TEMPLATE_ENV_VARS = {
  invite: "NOTIFY_TEMPLATE_INVITE",
  password_reset: "NOTIFY_TEMPLATE_PASSWORD_RESET",
  round_opened: "NOTIFY_TEMPLATE_ROUND_OPENED",
  reminder: "NOTIFY_TEMPLATE_REMINDER",
  queried: "NOTIFY_TEMPLATE_QUERIED",
  approved: "NOTIFY_TEMPLATE_APPROVED",
  reopen_requested: "NOTIFY_TEMPLATE_REOPEN_REQUESTED",
  reopen_decided: "NOTIFY_TEMPLATE_REOPEN_DECIDED",
} as const satisfies Record<MessageKind, string>;

export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = {
  invite: "Invitation",
  password_reset: "Password reset",
  round_opened: "Round opened",
  reminder: "Reminder",
  queried: "Return queried",
  approved: "Return approved",
  reopen_requested: "Request to reopen a return",
  reopen_decided: "Reopen request decided",
};

const text = z.string().min(1);
const link = z.url();

const setPassword = z.object({ name: text, set_password_link: link, link_expires: text });
const aboutReturn = { name: text, round_name: text, authority_name: text, return_link: link };

/** What each template is given, field by field (the README lists them for whoever writes the templates). */
export const PERSONALISATION_SCHEMAS = {
  invite: setPassword,
  password_reset: setPassword,
  round_opened: z.object({ ...aboutReturn, closes_on: text }),
  reminder: z.object({ ...aboutReturn, closes_on: text, return_status: text }),
  queried: z.object({ ...aboutReturn, comment: text }),
  approved: z.object(aboutReturn),
  // To coordinators: which authority asks, and why; the link is to the return's review page.
  reopen_requested: z.object({ ...aboutReturn, reason: text }),
  // To the authority's members: "granted" or "declined", with the coordinator's comment (or "No comment").
  reopen_decided: z.object({ ...aboutReturn, decision: text, comment: text }),
} as const satisfies Record<MessageKind, z.ZodType<Record<string, string>>>;

export type Personalisation<K extends MessageKind> = z.output<(typeof PERSONALISATION_SCHEMAS)[K]>;

export type OutgoingMessage = {
  [K in MessageKind]: { kind: K; recipient: string; personalisation: Personalisation<K>; idempotencyKey: string };
}[MessageKind];

/** A set-password link works once, for this long after it is issued. */
export const SET_PASSWORD_LINK_HOURS = 72;

/** Personalisation fields that must not be kept once the email has gone: they would let anyone reading the table in. */
const SECRET_FIELDS = new Set(["set_password_link"]);

export const REDACTED = "(removed after sending)";

export function redactSecrets(personalisation: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(personalisation).map(([key, value]) => [key, SECRET_FIELDS.has(key) ? REDACTED : value]));
}

// ---- sending and retrying ----------------------------------------------------------------------

/** A message is tried this many times in all before it is marked failed. */
export const MAX_ATTEMPTS = 5;
const FIRST_RETRY_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 60 * 60;

/**
 * Whether a failed send is worth trying again: no answer at all (timeout, connection refused), too
 * many requests (429) and server errors (5xx) may pass later; any other 4xx will not.
 */
export function isRetryable(httpStatus: number | undefined): boolean {
  return httpStatus === undefined || httpStatus === 429 || httpStatus >= 500;
}

/** Seconds to wait after the `attempts`-th failed try: 30 s, 1 min, 2 min, 4 min … at most an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), LONGEST_WAIT_SECONDS);
}

export type AfterFailure = { status: "queued"; nextAttemptAt: Date } | { status: "failed" };

/** What happens to a message whose `attempts`-th try failed. */
export function afterFailure(input: { attempts: number; httpStatus: number | undefined; now: Date }): AfterFailure {
  if (!isRetryable(input.httpStatus) || input.attempts >= MAX_ATTEMPTS) return { status: "failed" };
  return { status: "queued", nextAttemptAt: new Date(input.now.getTime() + retryDelaySeconds(input.attempts) * 1000) };
}

/** A sender that claimed a message and then vanished for this long (a crash) is presumed dead. */
export const SENDING_LEASE_MINUTES = 10;

export const INTERRUPTED_ERROR =
  "Sending was interrupted before Notify answered, so the email may or may not have gone. Retry to send it again.";

// ---- reminders ---------------------------------------------------------------------------------

export const DEFAULT_REMINDER_DAYS_BEFORE = 7;

/** Today's date in England (YYYY-MM-DD): reminders are one a day per person, by the local calendar. */
export function londonDate(now: Date): string {
  return now.toLocaleDateString("en-CA", { timeZone: "Europe/London" });
}

/** The day the scheduled reminder is due: `daysBefore` days before the closing date (YYYY-MM-DD). */
export function reminderDueDate(closesOn: string, daysBefore: number): string {
  const date = new Date(`${closesOn}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - daysBefore);
  return date.toISOString().slice(0, 10);
}

export const idempotencyKeys = {
  invite: (userId: number) => `invite:user-${userId}`,
  passwordReset: (tokenId: number) => `password-reset:token-${tokenId}`,
  /** A round may be re-opened: each opening is its own announcement. */
  roundOpened: (roundId: number, openedAt: string, userId: number) => `round-opened:round-${roundId}:${openedAt}:user-${userId}`,
  /** One reminder per person per round per day, whether scheduled or sent on demand. */
  reminder: (roundId: number, userId: number, date: string) => `reminder:round-${roundId}:user-${userId}:${date}`,
  /** The return's version after the decision identifies the decision. */
  decision: (kind: "queried" | "approved", returnId: number, version: number, userId: number) =>
    `${kind}:return-${returnId}:v${version}:user-${userId}`,
  reopenRequested: (requestId: number, userId: number) => `reopen-requested:request-${requestId}:user-${userId}`,
  reopenDecided: (requestId: number, userId: number) => `reopen-decided:request-${requestId}:user-${userId}`,
};

// ---- wording -----------------------------------------------------------------------------------

/** "31 July 2025" for a YYYY-MM-DD date; the wording used when a round has none. */
export function formatEmailDate(isoDate: string | null): string {
  return isoDate ? formatDate(isoDate) : "no closing date set";
}

/** "2:15pm on 3 December 2026", in England's time, as GOV.UK writes times. */
export function formatEmailDateTime(at: Date): string {
  return `${formatTime(at)} on ${formatDate(at)}`;
}

/** "not started", "in draft", "queried": how a return's status reads inside a sentence. */
export function returnStatusPhrase(status: ReturnStatus): string {
  return status === "draft" ? "in draft" : status.replace(/_/g, " ");
}

/** The link in an invitation or password-reset email. */
export function setPasswordLink(origin: string, token: string): string {
  return `${origin}/set-password?token=${encodeURIComponent(token)}`;
}

/** The link in an email about a round's return. */
export function returnLink(origin: string, roundSlug: string): string {
  return `${origin}/rounds/${encodeURIComponent(roundSlug)}`;
}

/** The link in an email to coordinators about one authority's return. */
export function reviewLink(origin: string, roundSlug: string, authorityCode: string): string {
  return `${origin}/admin/rounds/${encodeURIComponent(roundSlug)}/returns/${encodeURIComponent(authorityCode)}`;
}

/**
 * A stored message's personalisation with its secrets (set-password links) blanked: kept once the
 * email is sent or has failed for good, so the outbox never holds a working link nobody will receive.
 */
export function redactedPersonalisationJson(json: string): string {
  try {
    return JSON.stringify(redactSecrets(JSON.parse(json) as Record<string, string>));
  } catch {
    return "{}";
  }
}

/** A stored message kind, refused when it is not one this version sends. */
export function parseMessageKind(kind: string): MessageKind {
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown message kind "${kind}" in the outbox`);
  return kind as MessageKind;
}
