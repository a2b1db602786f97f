/**
 * What a member and a coordinator meet on the return's pages, in Chromium: focus that stays where the
 * user put it, labels that read apart from their hints, charts in the service font, pages that
 * hydrate. Each test here failed before the fix it guards.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { expectAccessible, launchBrowser, signIn, watchForPageErrors } from "../support/browser";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
const OPEN_ROUND = "2025-26";
const LONDON = [
  "E09000002",
  "E09000004",
  "E09000005",
  "E09000006",
  "E09000007",
  "E09000008",
  "E09000009",
  "E09000010",
  "E09000011",
  "E09000012",
];

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  // Two published rounds in which Barking and Dagenham (A) and nine neighbours are approved: enough for forecasts' "why spend changed".
  for (const [index, year] of (["2023-24", "2024-25"] as const).entries()) {
    const round = await insertRound(database.db, { slug: year, financialYear: year, status: "published", name: `SEND transport ${year}` });
    for (const code of LONDON)
      await insertReturn(database.db, { roundId: round.id, authorityCode: code, status: "approved", values: syntheticReturn(code, index) });
    await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
  }
  await insertRound(database.db, { slug: OPEN_ROUND, financialYear: OPEN_ROUND, status: "open", name: `SEND transport ${OPEN_ROUND}` });
  const at = new Date("2026-12-01T20:02:04Z").toISOString();
  await database.db
    .insertInto("outbox")
    .values({
      recipient: "member.a@example.org",
      kind: "reminder",
      personalisation: "{}",
      idempotency_key: "test:one",
      status: "failed",
      attempts: 5,
      next_attempt_at: at,
      claimed_at: null,
      last_error: "Notify refused it",
      notify_id: null,
      created_at: at,
      updated_at: at,
      sent_at: null,
    })
    .execute();
  server = await startServer({ DATABASE_URL: database.url });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.destroy();
});

describe("a member's return form", () => {
  let context: BrowserContext;
  let member: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    member = await signIn(context, server.baseUrl, TEST_USERS.memberA.email, TEST_PASSWORD);
    errors.push(...watchForPageErrors(member));
  });
  afterAll(async () => {
    await context?.close();
  });

  it("focuses the error summary once per submission: leaving a field keeps focus moving, and the first Save click saves", async () => {
    await member.goto(`${server.baseUrl}/rounds/${OPEN_ROUND}/sections/context`);
    await member.locator('[name="population_0_25"]').fill("200000");
    await member.locator('[name="ehcp.total"]').fill("4000");
    await member.getByRole("button", { name: "Save and return to task list" }).click();
    await member.getByText("Population and EHCPs: answers saved").waitFor();

    await member.goto(`${server.baseUrl}/rounds/${OPEN_ROUND}/sections/ehcp-breakdowns`);
    // Ages add up to 3,900 against 4,000 EHCPs: refused with the error in the summary.
    for (const [band, value] of Object.entries({ under_5: "200", "5_10": "1400", "11_15": "1300", "16_19": "800", "20_25": "200" })) {
      await member.locator(`[name="ehcp.age.${band}"]`).fill(value);
    }
    await member.getByRole("button", { name: "Save and return to task list" }).click();
    await member
      .locator(".govuk-error-summary")
      .getByText(/EHCPs by age band add up to 3,900/)
      .waitFor();
    await expect.poll(() => member.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);

    // Correct the first age band and leave it with Tab: focus goes to the next field, not back to the summary.
    await member.locator('[name="ehcp.age.under_5"]').fill("300");
    await member.keyboard.press("Tab");
    await member.waitForTimeout(200);
    expect(await member.evaluate(() => document.activeElement?.id)).toBe("ehcp-age-5_10");

    // Type in another field and click Save straight away: one click saves.
    await member.locator('[name="ehcp.need.ASD"]').fill("1200");
    await member.getByRole("button", { name: "Save and return to task list" }).click();
    await member.waitForURL(`${server.baseUrl}/rounds/${OPEN_ROUND}`, { timeout: 5_000 });
    await member.getByText("EHCPs by age, need and placement: answers saved").waitFor();
  });

  it("shows each question's hint apart from its label on the data dictionary", async () => {
    await member.goto(`${server.baseUrl}/data-dictionary`);
    const cell = member
      .locator("tr", { has: member.locator("code", { hasText: /^population_0_25$/ }) })
      .locator("td")
      .nth(1);
    expect(await cell.innerText()).toMatch(/^Population aged 0 to 25\nResident population aged 0 to 25/);
  });

  it("draws the forecasts' 'why spend changed' chart in the service font, not the browser's serif", async () => {
    await member.goto(`${server.baseUrl}/results/2024-25/forecasts`);
    await member.getByRole("heading", { name: /Why spend changed/ }).waitFor();
    const fonts = await member
      .locator("svg.app-chart")
      .evaluateAll((charts) => charts.map((chart) => getComputedStyle(chart.querySelector("text") ?? chart).fontFamily));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^"GDS Transport", arial, sans-serif$/);
  });

  it("ran without a script error or a hydration mismatch", () => {
    expect(errors).toEqual([]);
  });
});

describe("a coordinator's pages", () => {
  it("the outbox hydrates when it holds messages, and says how many it lists at most", async () => {
    const context = await browser.newContext();
    const coordinator = await signIn(context, server.baseUrl, TEST_USERS.coordinator.email, TEST_PASSWORD);
    const errors = watchForPageErrors(coordinator);
    await coordinator.goto(`${server.baseUrl}/admin/outbox`);
    await coordinator.getByText("Notify refused it").waitFor();
    expect(await coordinator.locator("caption").textContent()).toBe("All messages, newest first (at most 200)");
    expect(await coordinator.locator("tbody").textContent()).toContain("1 December 2026 at 8:02pm");
    await expectAccessible(coordinator);
    // Hydration is done once React answers a click: Retry posts without a full page load.
    await coordinator.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
    await context.close();
  });
});
