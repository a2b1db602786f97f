/**
 * The email journeys in Chromium, with axe on every page: a coordinator invites a user, who sets a
 * password from the emailed link and signs in; someone who forgot their password asks for a link;
 * the coordinator previews and sends reminders and looks at the outbox. The server runs with
 * MOCKS=true and records what it would have emailed in MOCKS_NOTIFY_DIR.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectAccessible, openSignedIn, startBrowserWorld, stopBrowserWorld } from "../support/browser";
import type { TestDatabase } from "../support/database";
import { insertRound } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { TEST_USERS } from "../support/users";
import { type RecordedEmail, readRecordedEmails } from "../mocks/notify";

vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
let recordings: string;

async function emailTo(address: string): Promise<RecordedEmail> {
  await expect.poll(() => readRecordedEmails(recordings).some((e) => e.emailAddress === address), { timeout: 15_000 }).toBe(true);
  return readRecordedEmails(recordings).findLast((e) => e.emailAddress === address)!;
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${server.baseUrl}${path}`);
  await expectAccessible(page);
}

beforeAll(async () => {
  recordings = mkdtempSync(path.join(tmpdir(), "bn-notify-e2e-"));
  ({ database, server, browser } = await startBrowserWorld({
    seed: async (db) => {
      const round = await insertRound(db, { slug: "2024-25", financialYear: "2024-25", status: "open", name: "SEND transport 2024-25" });
      await db.updateTable("rounds").set({ closes_on: "2099-07-31" }).where("id", "=", round.id).execute();
    },
    env: { MOCKS_NOTIFY_DIR: recordings },
  }));
});
afterAll(async () => {
  await stopBrowserWorld({ database, server, browser });
  if (recordings) rmSync(recordings, { recursive: true, force: true });
});

describe("email journeys in Chromium", () => {
  it("a coordinator invites a user, who sets a password from the link and signs in", async () => {
    const { context, page: coordinator, errors } = await openSignedIn(browser, server.baseUrl, TEST_USERS.coordinator.email);
    await visit(coordinator, "/admin/users/new");
    // Each refused submission moves focus to the error summary, whose links reach the fields (conform, checked on the server).
    const summaryFocused = () => coordinator.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"));
    await coordinator.getByRole("button", { name: "Add user and send invitation" }).click();
    await coordinator.locator("#role-error").waitFor();
    await expect.poll(summaryFocused).toBe(true);
    expect(await coordinator.locator('.govuk-error-summary a[href="#role"]').count()).toBe(1);
    await coordinator.getByLabel("Full name").fill("New Colleague");
    await coordinator.getByLabel("Full name").focus();
    await coordinator.getByRole("button", { name: "Add user and send invitation" }).click();
    await expect
      .poll(() =>
        coordinator
          .locator(".govuk-error-summary")
          .getByText(/full name/i)
          .count(),
      )
      .toBe(0);
    await expect.poll(summaryFocused).toBe(true);
    // The browser logs each refused (400) submission; nothing else may be logged.
    expect(errors.splice(0).filter((error) => !error.includes("status of 400"))).toEqual([]);
    await coordinator.getByLabel("Email address").fill("new.colleague@example.org");
    await coordinator.getByLabel("Full name").fill("New Colleague");
    await coordinator.getByLabel("Coordinator").check();
    await coordinator.getByRole("button", { name: "Add user and send invitation" }).click();
    await coordinator.getByText("New Colleague has been sent an invitation to set a password").waitFor();
    await expectAccessible(coordinator);

    const invitation = await emailTo("new.colleague@example.org");
    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(invitation.personalisation.set_password_link!);
    await expectAccessible(invitee);
    await invitee.getByLabel("New password", { exact: true }).fill("short");
    await invitee.getByLabel("Enter the new password again").fill("short");
    await invitee.getByRole("button", { name: "Set password" }).click();
    await invitee.locator(".govuk-error-summary").waitFor();
    await expect.poll(() => invitee.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await expectAccessible(invitee);
    await invitee.getByLabel("New password", { exact: true }).fill("a long enough new password");
    await invitee.getByLabel("Enter the new password again").fill("a long enough new password");
    await invitee.getByRole("button", { name: "Set password" }).click();
    await invitee.waitForURL(`${server.baseUrl}/login`);
    await invitee.getByText("Your password is set").waitFor();
    await invitee.getByLabel("Email address").fill("new.colleague@example.org");
    await invitee.getByLabel("Password").fill("a long enough new password");
    await invitee.getByRole("button", { name: "Sign in" }).click();
    await invitee.waitForURL(`${server.baseUrl}/`);

    await invitee.goto(invitation.personalisation.set_password_link!);
    await invitee.getByRole("heading", { name: "This link has expired or has already been used" }).waitFor();
    await expectAccessible(invitee);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("someone who forgot their password asks for a link from the sign-in page", async () => {
    const page = await (await browser.newContext()).newPage();
    await visit(page, "/login");
    await page.getByRole("link", { name: /Forgot your password/ }).click();
    await expectAccessible(page);
    await page.getByLabel("Email address").fill(TEST_USERS.memberA.email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await expectAccessible(page);
    expect((await emailTo(TEST_USERS.memberA.email)).personalisation.set_password_link).toContain("/set-password?token=");
  });

  it("the coordinator previews and sends reminders, then finds them in the outbox", async () => {
    const { context, page: coordinator } = await openSignedIn(browser, server.baseUrl, TEST_USERS.coordinator.email);
    await visit(coordinator, "/admin/rounds/2024-25");
    await coordinator.getByRole("link", { name: "Send reminders" }).click();
    await expectAccessible(coordinator);
    await coordinator.getByRole("button", { name: "Send 2 reminders now" }).click();
    await coordinator.getByText("Reminders are being sent to 2 people").waitFor();
    await emailTo(TEST_USERS.memberB.email);
    await coordinator.getByRole("link", { name: "Outbox" }).click();
    await expectAccessible(coordinator);
    expect(await coordinator.locator("main").textContent()).toContain(TEST_USERS.memberB.email);
    await context.close();
  });
});
