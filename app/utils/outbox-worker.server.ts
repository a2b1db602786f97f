import { deliverDueMessages } from "../services/outbox-delivery.server";
import { getDb } from "./db.server";
import { getEmailSender } from "./notify.server";

/** How often each app server looks for messages whose retry time has come. */
const POLL_MILLISECONDS = 15_000;

interface WorkerState {
  timer: ReturnType<typeof setInterval> | undefined;
  draining: boolean;
  again: boolean;
}

// On globalThis so a development rebuild, which re-evaluates this module, keeps one worker.
const state: WorkerState = ((globalThis as { __outboxWorker?: WorkerState }).__outboxWorker ??= {
  timer: undefined,
  draining: false,
  again: false,
});

/**
 * Sends whatever is due in the outbox, in the background: called after a transaction that queued
 * messages commits. One delivery run at a time per process; a kick during a run asks for another
 * run after it. Several app servers may run at once: claiming makes each message theirs alone.
 */
export function kickOutbox(): void {
  const sender = getEmailSender();
  if (!sender) return;
  if (state.draining) {
    state.again = true;
    return;
  }
  state.draining = true;
  void (async () => {
    try {
      do {
        state.again = false;
        await deliverDueMessages(getDb(), sender);
      } while (state.again);
    } catch (error) {
      console.error("Outbox delivery failed; it will be tried again:", error);
    } finally {
      state.draining = false;
    }
  })();
}

/** Starts the periodic delivery that retries failed sends once their backoff has passed. */
export function startOutboxWorker(): void {
  if (state.timer) return;
  if (!getEmailSender()) {
    console.warn("NOTIFY_API_KEY is not set: emails wait in the outbox and are not sent.");
    return;
  }
  state.timer = setInterval(kickOutbox, POLL_MILLISECONDS);
  state.timer.unref();
  kickOutbox();
}
