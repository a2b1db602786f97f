/**
 * What a member and a coordinator meet on the return's pages, in Chromium: focus that stays where the
 * user put it, headings, running totals and money in thousands as answers are typed, what counts
 * beside each question, policies left unanswered and a charge asked only after yes, labels that read
 * apart from their hints, charts in the service font, pages that hydrate.
 */
import type { Browser, Page } from "playwright-core";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type SignedIn,
  expectAccessible,
  openSignedIn,
  startBrowserWorld,
  stopBrowserWorld,
  unexpectedPageErrors,
} from "../support/browser";
import type { TestDatabase } from "../support/database";
import { insertApprovedRounds, insertRound, readStoredValues } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { AUTHORITY_A, TEST_USERS } from "../support/users";

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

async function seed(db: Kysely<Database>): Promise<void> {
  const name = (slug: string) => `SEND transport ${slug}`;
  // Two published rounds in which Barking and Dagenham (A) and nine neighbours are approved: enough for forecasts' "why spend changed".
  await insertApprovedRounds(db, ["2023-24", "2024-25"], LONDON, { name });
  await insertRound(db, { slug: OPEN_ROUND, financialYear: OPEN_ROUND, status: "open", name: name(OPEN_ROUND) });
  const at = new Date("2026-12-01T20:02:04Z").toISOString();
  await db
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
}

beforeAll(async () => {
  ({ database, server, browser } = await startBrowserWorld({ seed }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

describe("a member's return form", () => {
  let signedIn: SignedIn | undefined;
  let member: Page;
  let errors: string[];

  beforeAll(async () => {
    signedIn = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email, { viewport: { width: 1280, height: 900 } });
    ({ page: member, errors } = signedIn);
  });
  afterAll(() => signedIn?.context.close());

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

  it("groups questions under headings, keeps running totals as breakdowns are typed, and writes money in thousands", async () => {
    await member.goto(`${server.baseUrl}/rounds/${OPEN_ROUND}/sections/ehcp-breakdowns`);
    await member.waitForLoadState("networkidle");
    for (const heading of ["EHCPs by age band", "EHCPs by primary need", "EHCPs by placement"])
      await member.getByRole("group", { name: heading }).waitFor();
    // Saved above: 300 + 1,400 + 1,300 + 800 + 200 = 4,000 of 4,000 EHCPs.
    const ages = member.locator("#ehcp-age-total");
    expect(await ages.textContent()).toBe("Adds up to 4,000, your number of EHCPs maintained.");
    await member.locator('[name="ehcp.age.under_5"]').fill("400");
    await expect
      .poll(() => ages.textContent())
      .toBe("Total so far: 4,100, which is 100 more than your number of EHCPs maintained (4,000).");
    await member.locator('[name="ehcp.age.20_25"]').fill("");
    await expect.poll(() => ages.textContent()).toBe("Total so far: 3,900 of 4,000 (100 to go).");

    await member.goto(`${server.baseUrl}/rounds/${OPEN_ROUND}/sections/transport-send`);
    await member.waitForLoadState("networkidle");
    const special = member.getByRole("group", { name: "Special school transport", exact: true });
    await special.waitFor();
    // What counts, beside the question it is about.
    const spendGuidance = special.locator("details", { hasText: "What counts for spend on special school transport" });
    await spendGuidance.locator("summary").click();
    expect(await spendGuidance.innerText()).toMatch(
      /Include contracted transport .*own fleet, travel passes, personal transport budgets and mileage allowances, and passenger assistants.*Leave out the transport team's own staffing, and capital spending/s,
    );
    const childrenGuidance = special.locator("details", { hasText: "What counts for children given transport to special schools" });
    await childrenGuidance.locator("summary").click();
    expect(await childrenGuidance.innerText()).toContain("once, in the cohort of the placement they had at the January census");
    const spend = member.locator('[name="transport.special.spend"]');
    await spend.fill("2000000");
    await member.keyboard.press("Tab");
    expect(await spend.inputValue()).toBe("2,000,000");
    await expectAccessible(member);
  });

  it("lets policies be left unanswered, asks a charge's amount only after yes, and saves and continues to the check", async () => {
    await member.goto(`${server.baseUrl}/rounds/${OPEN_ROUND}/sections/policies`);
    await member.waitForLoadState("networkidle");
    const charge = member.getByRole("group", { name: "Charge for post-16 transport", exact: true });
    const amount = member.locator('[name="policy.post16_charge_amount"]');
    await expect.poll(() => amount.isVisible()).toBe(false);
    await charge.getByLabel("Yes", { exact: true }).check();
    await expect.poll(() => amount.isVisible()).toBe(true);
    await amount.fill("600");
    await charge.getByLabel("No", { exact: true }).check();
    await expect.poll(() => amount.isVisible()).toBe(false);
    await charge.getByLabel("Yes", { exact: true }).check();
    await member.getByRole("group", { name: "Route bundling", exact: true }).getByLabel("Yes", { exact: true }).check();
    await expectAccessible(member);
    // The last section: "Save and continue" goes on to checking the answers.
    await member.getByRole("button", { name: "Save and continue" }).click();
    await member.waitForURL(`${server.baseUrl}/rounds/${OPEN_ROUND}/check`);
    let stored = await readStoredValues(database.db, AUTHORITY_A, OPEN_ROUND);
    expect([stored["policy.post16_charge"], stored["policy.post16_charge_amount"], stored["policy.route_bundling"]]).toEqual([
      true,
      600,
      true,
    ]);
    expect(stored["policy.pickup_points"] ?? null).toBeNull();

    // An answer taken back: "Not answered" leaves the question blank, and the amount goes with the yes.
    await member.goto(`${server.baseUrl}/rounds/${OPEN_ROUND}/sections/policies`);
    await member.waitForLoadState("networkidle");
    expect(await member.getByRole("group", { name: "Pick-up points", exact: true }).getByLabel("Not answered").isChecked()).toBe(true);
    await member.getByRole("group", { name: "Charge for post-16 transport", exact: true }).getByLabel("Not answered").check();
    await member.getByRole("button", { name: "Save and return to task list" }).click();
    await member.getByText("Transport policies: answers saved").waitFor();
    stored = await readStoredValues(database.db, AUTHORITY_A, OPEN_ROUND);
    expect([stored["policy.post16_charge"] ?? null, stored["policy.post16_charge_amount"] ?? null]).toEqual([null, null]);
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
    expect(unexpectedPageErrors(errors)).toEqual([]);
  });
});

describe("a coordinator's pages", () => {
  it("the outbox hydrates when it holds messages, and says how many it lists at most", async () => {
    const { context, page: coordinator, errors } = await openSignedIn(browser, server.baseUrl, TEST_USERS.coordinator.email);
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
