/**
 * A stand-in for GOV.UK Notify's email API (msw handlers), used by the tests and, with MOCKS=true,
 * by a development or test server: nothing reaches the real Notify. Every email it accepts is
 * recorded — in memory, and as a JSON file in MOCKS_NOTIFY_DIR when that is set, so a test can read
 * what a server in another process would have sent.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HttpResponse, delay, http } from "msw";
import { z } from "zod";
import type { NotifyEnv } from "../../app/utils/env.server";

export interface RecordedEmail {
  templateId: string;
  emailAddress: string;
  personalisation: Record<string, string>;
  reference: string | undefined;
  notifyId: string;
}

/** Configuration for a server whose Notify calls go to these handlers (`MOCKS=true`). */
export const MOCK_NOTIFY_ENV = {
  MOCKS: "true",
  NOTIFY_BASE_URL: "https://notify.mock",
  NOTIFY_API_KEY: "mock-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000",
  NOTIFY_TEMPLATE_INVITE: "00000000-0000-4000-8000-000000000001",
  NOTIFY_TEMPLATE_PASSWORD_RESET: "00000000-0000-4000-8000-000000000002",
  NOTIFY_TEMPLATE_ROUND_OPENED: "00000000-0000-4000-8000-000000000003",
  NOTIFY_TEMPLATE_REMINDER: "00000000-0000-4000-8000-000000000004",
  NOTIFY_TEMPLATE_QUERIED: "00000000-0000-4000-8000-000000000005",
  NOTIFY_TEMPLATE_APPROVED: "00000000-0000-4000-8000-000000000006",
  NOTIFY_TEMPLATE_REOPEN_REQUESTED: "00000000-0000-4000-8000-000000000007",
  NOTIFY_TEMPLATE_REOPEN_DECIDED: "00000000-0000-4000-8000-000000000008",
} as const;

/** The same stand-in configuration as the sender in app/utils/notify.server.ts reads it, for senders made in a test process. */
export const MOCK_NOTIFY_CONFIG = {
  apiKey: MOCK_NOTIFY_ENV.NOTIFY_API_KEY,
  baseUrl: MOCK_NOTIFY_ENV.NOTIFY_BASE_URL,
  templates: {
    invite: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_INVITE,
    password_reset: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_PASSWORD_RESET,
    round_opened: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_ROUND_OPENED,
    reminder: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_REMINDER,
    queried: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_QUERIED,
    approved: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_APPROVED,
    reopen_requested: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_REOPEN_REQUESTED,
    reopen_decided: MOCK_NOTIFY_ENV.NOTIFY_TEMPLATE_REOPEN_DECIDED,
  },
} satisfies NotifyEnv;

const recorded: RecordedEmail[] = [];

/** Emails accepted in this process so far. */
export function recordedEmails(): readonly RecordedEmail[] {
  return recorded;
}

export function clearRecordedEmails(): void {
  recorded.length = 0;
}

/** Emails a server in another process recorded into `dir`, in the order they were accepted. */
export function readRecordedEmails(dir: string): RecordedEmail[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .sort();
  } catch {
    return [];
  }
  return files.map((file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as RecordedEmail);
}

let sequence = 0;

function record(email: RecordedEmail): void {
  recorded.push(email);
  const dir = process.env.MOCKS_NOTIFY_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  sequence += 1;
  const name = `${Date.now().toString().padStart(15, "0")}-${process.pid}-${String(sequence).padStart(6, "0")}.json`;
  writeFileSync(path.join(dir, name), JSON.stringify(email));
}

const emailRequestSchema = z.object({
  template_id: z.string(),
  email_address: z.string(),
  personalisation: z.record(z.string(), z.string()).default({}),
  reference: z.string().optional(),
});

const EMAIL_PATH = "*/v2/notifications/email";

function notifyError(status: number, error: string, message: string) {
  return HttpResponse.json({ status_code: status, errors: [{ error, message }] }, { status });
}

/** Notify's POST /v2/notifications/email, on whatever base URL the client was given. */
export const notifyHandlers = [
  http.post(EMAIL_PATH, async ({ request }) => {
    if (!/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(request.headers.get("authorization") ?? "")) {
      return notifyError(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds");
    }
    const parsed = emailRequestSchema.safeParse(await request.json());
    if (!parsed.success) return notifyError(400, "ValidationError", "template_id and email_address are required");
    const notifyId = randomUUID();
    const email = {
      templateId: parsed.data.template_id,
      emailAddress: parsed.data.email_address,
      personalisation: parsed.data.personalisation,
      reference: parsed.data.reference,
    };
    record({ ...email, notifyId });
    return HttpResponse.json(
      {
        id: notifyId,
        reference: email.reference ?? null,
        content: { subject: "(mock)", body: "(mock)", from_email: "benchmark.network@notifications.service.gov.uk" },
        uri: `https://notify.mock/v2/notifications/${notifyId}`,
        template: { id: email.templateId, version: 1, uri: `https://notify.mock/services/mock/templates/${email.templateId}` },
      },
      { status: 201 },
    );
  }),
];

/** Answers that Notify gives when things go wrong, for tests to put in front of the handler above. */
export const notifyFailures = {
  serverError: (options = { once: true }) => http.post(EMAIL_PATH, () => notifyError(500, "Exception", "Internal server error"), options),
  tooManyRequests: () =>
    http.post(
      EMAIL_PATH,
      () => notifyError(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
      { once: true },
    ),
  badRequest: (message: string) => http.post(EMAIL_PATH, () => notifyError(400, "BadRequestError", message)),
  networkError: () => http.post(EMAIL_PATH, () => HttpResponse.error(), { once: true }),
  /** Never answers: the client's timeout must end the request. */
  noAnswer: () => http.post(EMAIL_PATH, () => delay("infinite"), { once: true }),
};
