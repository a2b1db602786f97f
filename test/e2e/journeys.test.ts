import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  expectAccessible,
  openMemberAndCoordinator,
  openSignedIn,
  startBrowserWorld,
  stopBrowserWorld,
  unexpectedPageErrors,
} from "../support/browser";
import type { TestDatabase } from "../support/database";
import { completeReturn, insertApprovedRounds, insertRound } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { AUTHORITY_A, TEST_USERS } from "../support/users";

// A browser journey with axe on every page takes seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
const ROUND = "2024-25";
const NEXT_ROUND = "2025-26";
const LONDON_OTHERS = ["E09000004", "E09000005", "E09000006", "E09000007", "E09000008", "E09000009", "E09000010", "E09000011", "E09000012"];

beforeAll(async () => {
  ({ database, server, browser } = await startBrowserWorld({
    seed: async (db) => {
      const name = (slug: string) => `SEND transport ${slug}`;
      await insertApprovedRounds(db, [ROUND], LONDON_OTHERS, { status: "open", name, firstIndex: 2 });
      await insertRound(db, { slug: NEXT_ROUND, financialYear: "2025-26", status: "open", name: name(NEXT_ROUND) });
    },
  }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

/** Every page a journey visits is checked with axe, and any script error fails the journey. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${server.baseUrl}${path}`);
  await expectAccessible(page);
}

async function fillSection(page: Page, answers: Record<string, string>) {
  for (const [key, value] of Object.entries(answers)) await page.locator(`[name="${key}"]`).fill(value);
  await page.getByRole("button", { name: "Save and return to task list" }).click();
}

async function saveSection(page: Page, round: string, title: string, answers: Record<string, string>) {
  await page.getByRole("link", { name: title }).click();
  await fillSection(page, answers);
  await page.waitForURL(`${server.baseUrl}/rounds/${round}`);
  await page.getByText(`${title}: answers saved`).waitFor();
}

const transportAnswers = Object.fromEntries(
  Object.entries(completeReturn())
    .filter(([key]) => key.startsWith("transport."))
    .map(([key, value]) => [key, String(value)]),
);

async function submitReturn(page: Page, options: { explain: boolean; round?: string; axe?: boolean }) {
  const round = options.round ?? ROUND;
  await page.getByRole("link", { name: "Check your answers and submit" }).click();
  if (options.axe !== false) await expectAccessible(page);
  if (options.explain) {
    for (const box of await page.locator("textarea[name^=explanation-]").all()) await box.fill("Our figures are checked and correct.");
  }
  await page.getByLabel(/I confirm that/).check();
  await page.getByRole("button", { name: "Submit return" }).click();
  await page.waitForURL(`${server.baseUrl}/rounds/${round}`);
  // With JavaScript the address changes before the new page is drawn: wait for what the user reads.
  await page.getByText("Return submitted to your network coordinator").waitFor();
}

async function decide(
  page: Page,
  decision: "Approve" | "Query with comment" | "Grant the request to reopen",
  comment = "",
  fields: readonly string[] = [],
) {
  await visit(page, `/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`);
  for (const field of fields) await page.getByLabel(`Query ${field}`).check();
  if (comment) await page.getByLabel("Comment to the authority").fill(comment);
  await page.getByRole("button", { name: decision }).click();
  // The page reloads at the same address: wait for the notice the decision leaves.
  await page.locator(".govuk-notification-banner").waitFor();
}

describe("the benchmarking round, end to end in Chromium with JavaScript", () => {
  let member: Page;
  let coordinator: Page;
  let errors: string[];
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ member, coordinator, errors, close } = await openMemberAndCoordinator(browser, server.baseUrl));
  });
  afterAll(() => close?.());

  it("a member fills in a section, corrects an error on the way, and sees it completed", async () => {
    await expectAccessible(member);
    await member.getByRole("link", { name: "SEND transport 2024-25" }).click();
    await expectAccessible(member);
    await member.getByRole("link", { name: "Population and EHCPs" }).click();
    await expectAccessible(member);

    // Live check on blur, before anything is sent.
    await member.getByLabel(/Population aged 0 to 25/).fill("two hundred thousand");
    await member.getByLabel(/Number of EHCPs maintained/).focus();
    await expect.poll(() => member.locator("#population_0_25-error").textContent()).toMatch(/must be a whole number/);

    await fillSection(member, { population_0_25: "two hundred thousand", "ehcp.total": "6,000" });
    const summary = member.locator(".govuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    await expect.poll(() => member.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await expectAccessible(member);
    expect(await member.locator('[name="ehcp.total"]').inputValue()).toBe("6,000");

    // "Save and continue" goes straight on to the next section.
    for (const [key, value] of Object.entries({ population_0_25: "200,000", "ehcp.total": "6,000" }))
      await member.locator(`[name="${key}"]`).fill(value);
    await member.getByRole("button", { name: "Save and continue" }).click();
    await member.waitForURL(`${server.baseUrl}/rounds/${ROUND}/sections/ehcp-breakdowns`);
    await member.getByRole("heading", { name: "EHCPs by age, need and placement", level: 1 }).waitFor();
    await expectAccessible(member);
    await member.getByRole("link", { name: "Back to your return" }).click();
    await member.waitForURL(`${server.baseUrl}/rounds/${ROUND}`);
    expect(await member.locator("#context-status").textContent()).toBe("Completed");
    expect(await member.locator("#sections-complete").textContent()).toBe("1 of 8 sections complete");

    await saveSection(member, ROUND, "Transport for children and young people with SEND", transportAnswers);
    await submitReturn(member, { explain: true });
    expect(await member.locator("main").textContent()).toContain("It cannot be changed unless your coordinator queries it");
    await expectAccessible(member);
  });

  it("the coordinator queries it, the member corrects and resubmits, the coordinator approves and publishes", async () => {
    await visit(coordinator, `/admin/rounds/${ROUND}?sort=status&order=ascending`);
    // A query that names the answer it is about.
    await decide(coordinator, "Query with comment", "Please check the post-16 figures.", ["spend on post-16 transport"]);
    expect(await coordinator.locator("main").textContent()).toContain("Queried");

    await member.reload();
    await member.getByText("Please check the post-16 figures.").waitFor();
    expect(await member.locator("#comments-heading + *, section[aria-labelledby=comments-heading]").first().textContent()).toContain(
      "About:Spend on post-16 transport",
    );
    await member.getByRole("link", { name: "Transport for children and young people with SEND" }).click();
    await member.locator("#transport-post16-spend-queried").waitFor();
    await expectAccessible(member);
    await member.goBack();
    await saveSection(member, ROUND, "Transport for children and young people with SEND", {
      ...transportAnswers,
      "transport.post16.spend": "420000",
    });
    await submitReturn(member, { explain: true });

    await decide(coordinator, "Approve");

    // The member finds one more thing to change and asks to reopen; the coordinator grants it.
    await member.reload();
    await member.getByLabel("What do you need to change, and why?").fill("Passenger assistants were left out of special school spend.");
    await member.getByRole("button", { name: "Ask to reopen your return" }).click();
    await member.getByText("Request sent: your coordinator will reopen your return or say why not").waitFor();
    await expectAccessible(member);
    await decide(coordinator, "Grant the request to reopen", "Reopened for the passenger assistants.");
    await member.reload();
    await member.getByText("Your coordinator reopened this return at your request").waitFor();
    await saveSection(member, ROUND, "Transport for children and young people with SEND", {
      ...transportAnswers,
      "transport.post16.spend": "420000",
    });
    await submitReturn(member, { explain: true });

    // Bulk approval: the coordinator finds the return with the dashboard's filters (a GET form), then
    // approves every ready return after a confirmation that lists them.
    await visit(coordinator, `/admin/rounds/${ROUND}`);
    await coordinator.getByLabel("Authority name or code").fill("barking");
    await coordinator.getByLabel("Status").selectOption("submitted");
    await coordinator.getByRole("button", { name: "Find returns" }).click();
    await coordinator.getByText("1 of 153 authorities: match “barking”, submitted").waitFor();
    await expectAccessible(coordinator);
    await coordinator.getByRole("link", { name: "Approve ready returns (1)" }).click();
    await coordinator.getByRole("heading", { name: "Approve this return?" }).waitFor();
    expect(await coordinator.locator("table").textContent()).toContain("Barking and Dagenham");
    await expectAccessible(coordinator);
    await coordinator.getByRole("button", { name: "Approve 1 return" }).click();
    await coordinator.waitForURL(`${server.baseUrl}/admin/rounds/${ROUND}`);
    await coordinator.getByText("1 return approved: Barking and Dagenham").waitFor();

    // Before publishing, the round's results are a preview, and say so.
    await visit(coordinator, `/results/${ROUND}`);
    await coordinator.getByText("This is a preview: members and regional viewers cannot see these results").waitFor();
    for (const [action, to] of [
      ["Close the round", "closed"],
      ["Publish the results", "published"],
    ] as const) {
      await visit(coordinator, `/admin/rounds/${ROUND}`);
      await coordinator.getByRole("link", { name: action }).click();
      await expectAccessible(coordinator);
      await coordinator.getByRole("button", { name: action }).click();
      await coordinator.waitForURL(`${server.baseUrl}/admin/rounds/${ROUND}`);
      await coordinator.getByText(`SEND transport 2024-25 is now ${to}`).waitFor();
    }
  });

  it("the member explores the ranking, finds their own authority named, and downloads the CSV", async () => {
    await visit(member, `/results/${ROUND}`);
    expect(await member.locator("h1").textContent()).toBe("How Barking and Dagenham compares");
    await member.getByRole("link", { name: "Metric explorer" }).click();
    await member.getByLabel("Metric").first().selectOption("unit_cost.post16");
    await member.getByRole("button", { name: "Show metric" }).click();
    await member.waitForURL(/metric=unit_cost.post16/);
    await member.getByRole("heading", { name: "Unit cost per child: post-16" }).waitFor();
    await expectAccessible(member);
    // £420,000 for 80 young people = £5,250 a child.
    expect(await member.locator(".app-figure__summary").first().textContent()).toMatch(/^£5,250 a child — \d+(st|nd|rd|th) lowest of 10; /);
    const [download] = await Promise.all([
      member.waitForEvent("download"),
      member.getByRole("link", { name: "Download this data (CSV)" }).first().click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toContain("Barking and Dagenham,5250,");
    expect(csv).not.toMatch(/Barnet|Bexley|E09000004/);
    for (const path of [
      `/results/${ROUND}/groups`,
      `/results/${ROUND}/neighbours`,
      `/results/${ROUND}/forecasts`,
      "/data-dictionary",
      "/accessibility",
    ])
      await visit(member, path);
  });

  it("ran without a script error or a hydration mismatch", () => {
    expect(unexpectedPageErrors(errors)).toEqual([]);
  });
});

describe("without JavaScript", () => {
  it("a member still fills in, corrects and submits a return", async () => {
    const { context, page } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberB.email, { javaScriptEnabled: false });
    await page.getByRole("link", { name: "SEND transport 2025-26" }).click();
    await page.getByRole("link", { name: "Population and EHCPs" }).click();
    await fillSection(page, { population_0_25: "150000.5", "ehcp.total": "4,000" });
    // axe needs JavaScript to run, so this journey's pages are checked in the journey above.
    expect(await page.locator(".govuk-error-summary").textContent()).toMatch(/Population aged 0 to 25 must be a whole number/);
    await fillSection(page, { population_0_25: "150000", "ehcp.total": "4,000" });
    await page.waitForURL(`${server.baseUrl}/rounds/${NEXT_ROUND}`);
    await saveSection(page, NEXT_ROUND, "Transport for children and young people with SEND", transportAnswers);
    await submitReturn(page, { explain: true, round: NEXT_ROUND, axe: false });
    await context.close();
  });
});

describe("keyboard only", () => {
  async function focusedDescription(page: Page) {
    return page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return null;
      const style = getComputedStyle(element);
      return {
        text: (element.getAttribute("name") ?? element.textContent ?? "").trim(),
        visible: style.outlineStyle !== "none" || style.boxShadow !== "none" || style.backgroundColor === "rgb(255, 221, 0)",
      };
    });
  }

  it("reaches the return form's fields in order, with visible focus, starting from the skip link", async () => {
    // Member A has not started the next round, so its form is open to them.
    const { context, page } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email);
    await page.goto(`${server.baseUrl}/rounds/${NEXT_ROUND}/sections/high-needs`);
    await page.keyboard.press("Tab");
    expect(await focusedDescription(page)).toEqual({ text: "Skip to main content", visible: true });
    await page.keyboard.press("Enter");
    const order: string[] = [];
    while (order.at(-1) !== "dsg.cumulative_deficit" && order.length < 10) {
      await page.keyboard.press("Tab");
      const focused = await focusedDescription(page);
      expect(focused?.visible, `focus visible on ${focused?.text}`).toBe(true);
      order.push(focused!.text);
    }
    expect(order).toEqual(["Back to your return", "hnb.allocation", "hnb.outturn", "dsg.cumulative_deficit"]);
    await page.keyboard.type("abc");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await context.close();
  });

  it("changes the metric in the explorer with the keyboard alone", async () => {
    const { context, page } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email);
    await page.goto(`${server.baseUrl}/results/${ROUND}/explore`);
    await page.getByLabel("Metric").first().focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    let focused = await focusedDescription(page);
    while (focused && focused.text !== "Show metric") {
      await page.keyboard.press("Tab");
      focused = await focusedDescription(page);
    }
    expect(focused?.visible).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.searchParams.has("metric") && url.searchParams.get("metric") !== "unit_cost.send");
    await context.close();
  });
});

describe("other roles in Chromium", () => {
  it("a regional viewer opens the regional comparison, and is refused members' and coordinators' pages", async () => {
    const { context, page } = await openSignedIn(browser, server.baseUrl, TEST_USERS.viewer.email);
    await expectAccessible(page);
    await visit(page, `/results/${ROUND}/groups`);
    expect(await page.locator("h1").textContent()).toBe("London against other regions");
    expect(await page.locator("main").textContent()).not.toContain("Barking and Dagenham");
    for (const path of [`/rounds/${ROUND}`, "/admin/users", `/results/${ROUND}/neighbours`]) {
      const response = await page.goto(`${server.baseUrl}${path}`);
      expect(response?.status(), path).toBe(403);
      expect(await page.locator("h1").textContent()).toBe("You do not have permission to see this page");
      await expectAccessible(page);
    }
    await context.close();
  });

  it("a member is refused coordinator pages and cannot reach another authority's return", async () => {
    const { context, page } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberB.email);
    for (const [path, status] of [
      ["/admin/rounds", 403],
      [`/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`, 403],
      ["/rounds/no-such-round", 404],
    ] as const) {
      const response = await page.goto(`${server.baseUrl}${path}`);
      expect(response?.status(), path).toBe(status);
    }
    await expectAccessible(page);
    await context.close();
  });

  it("the sign-in page and an anonymous visitor's redirects pass axe", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/admin/users`);
    expect(page.url()).toBe(`${server.baseUrl}/login?redirectTo=%2Fadmin%2Fusers`);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").isVisible()).toBe(true);
    await expectAccessible(page);
    await context.close();
  });
});
