import AxeBuilder from "@axe-core/playwright";
import type { Kysely } from "kysely";
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from "playwright-core";
import { expect } from "vitest";
import type { Database } from "../../db/schema";
import { type TestDatabase, createTestDatabase } from "./database";
import { type RunningServer, startServer } from "./server";
import { TEST_PASSWORD, TEST_USERS, createTestUsers } from "./users";

/** Debian's Chromium, headless, with the flags this closed network needs (no background calls home). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The WCAG 2.2 AA violations axe finds on the page as it stands, one line each. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 5)
        .join(", ")}`,
  );
}

/** Fails with the list of WCAG 2.2 AA violations axe finds on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), `axe on ${page.url()}`).toEqual([]);
}

/** The page's script errors as they happen (hydration mismatches, broken scripts), for a test to expect none. */
export function watchForPageErrors(page: Page, errors: string[] = []): string[] {
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

/**
 * The errors but a 400 answer, which Chromium logs as "Failed to load resource": the answer to a
 * refused form or file, expected where a journey makes a mistake and corrects it.
 */
export function unexpectedPageErrors(errors: readonly string[]): string[] {
  return errors.filter((error) => !/status of 400/.test(error));
}

export async function signIn(context: BrowserContext, baseUrl: string, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/`);
  return page;
}

/** What a browser test file runs against: a database of its own, the built app serving it, and Chromium. */
export interface BrowserWorld {
  database: TestDatabase;
  server: RunningServer;
  browser: Browser;
}

/**
 * A browser test file's world, for its beforeAll: a fresh database with the test users and what
 * `seed` adds, the built app serving it (`npm run build` first) with `env` besides DATABASE_URL,
 * and Chromium. What started is stopped again if a later part fails; stopBrowserWorld in afterAll.
 */
export async function startBrowserWorld(
  options: {
    database?: Parameters<typeof createTestDatabase>[0];
    seed?: (db: Kysely<Database>) => Promise<void>;
    env?: Record<string, string>;
  } = {},
): Promise<BrowserWorld> {
  const world: Partial<BrowserWorld> = {};
  try {
    world.database = await createTestDatabase(options.database);
    await createTestUsers(world.database.db);
    await options.seed?.(world.database.db);
    world.server = await startServer({ DATABASE_URL: world.database.url, ...options.env });
    world.browser = await launchBrowser();
    return world as BrowserWorld;
  } catch (error) {
    await stopBrowserWorld(world);
    throw error;
  }
}

export async function stopBrowserWorld(world: Partial<BrowserWorld>): Promise<void> {
  await world.browser?.close();
  await world.server?.stop();
  await world.database?.destroy();
}

/** A user signed in in a browser context of their own: its first page and that page's script errors. */
export interface SignedIn {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Signs in as `email` in a new context; the page's script errors are added to `errors` (a new list by default). */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: BrowserContextOptions = {},
  errors: string[] = [],
): Promise<SignedIn> {
  const context = await browser.newContext(options);
  const page = await signIn(context, baseUrl, email, TEST_PASSWORD);
  return { context, page, errors: watchForPageErrors(page, errors) };
}

/**
 * The two pages a round's journeys take turns in: a member of authority A (downloads allowed) and
 * the coordinator, each signed in in a context of their own, with both pages' script errors in one
 * list and one `close` for afterAll.
 */
export async function openMemberAndCoordinator(
  browser: Browser,
  baseUrl: string,
): Promise<{ member: Page; coordinator: Page; errors: string[]; close: () => Promise<void> }> {
  const errors: string[] = [];
  const member = await openSignedIn(browser, baseUrl, TEST_USERS.memberA.email, { acceptDownloads: true }, errors);
  const coordinator = await openSignedIn(browser, baseUrl, TEST_USERS.coordinator.email, {}, errors);
  return {
    member: member.page,
    coordinator: coordinator.page,
    errors,
    close: async () => {
      await member.context.close();
      await coordinator.context.close();
    },
  };
}
