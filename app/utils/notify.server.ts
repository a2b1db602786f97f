import axios from "axios";
import { NotifyClient } from "notifications-node-client";
import type { MessageKind } from "../domain/notifications";
import { type NotifyEnv, getEnv } from "./env.server";

/** What Notify said about one email: accepted (with its id), or refused or unreachable. */
export type SendResult = { ok: true; notifyId: string } | { ok: false; httpStatus: number | undefined; error: string };

export interface EmailSender {
  send(message: { kind: MessageKind; recipient: string; personalisation: Record<string, string>; reference: string }): Promise<SendResult>;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Notify's error body: `{ status_code, errors: [{ error, message }] }`. */
function notifyErrorMessage(body: unknown): string | undefined {
  const errors = (body as { errors?: Array<{ message?: unknown }> } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const messages = errors.map((e) => e.message).filter((m): m is string => typeof m === "string");
  return messages.length > 0 ? messages.join("; ") : undefined;
}

/** Sends through the official Notify client, with a timeout so a hung request counts as a failed try. */
export function createNotifySender(config: NotifyEnv, options: { timeoutMs?: number } = {}): EmailSender {
  const client = config.baseUrl ? new NotifyClient(config.baseUrl, config.apiKey) : new NotifyClient(config.apiKey);
  client.setClient(axios.create({ timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS }));
  return {
    async send(message) {
      try {
        const response = await client.sendEmail(config.templates[message.kind], message.recipient, {
          personalisation: message.personalisation,
          reference: message.reference,
        });
        return { ok: true, notifyId: response.data.id };
      } catch (error) {
        if (!axios.isAxiosError(error)) throw error;
        const httpStatus = error.response?.status;
        const detail = notifyErrorMessage(error.response?.data) ?? error.message;
        return {
          ok: false,
          httpStatus,
          error: httpStatus ? `Notify answered ${httpStatus}: ${detail}` : `No answer from Notify: ${detail}`,
        };
      }
    },
  };
}

let sender: EmailSender | null | undefined;

/** The process's Notify sender, or null when no API key is configured (email then waits in the outbox). */
export function getEmailSender(): EmailSender | null {
  if (sender === undefined) {
    const notify = getEnv().NOTIFY;
    sender = notify ? createNotifySender(notify) : null;
  }
  return sender;
}
