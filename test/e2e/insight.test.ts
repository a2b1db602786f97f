import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectAccessible, openSignedIn, startBrowserWorld, stopBrowserWorld } from "../support/browser";
import type { TestDatabase } from "../support/database";
import { insertApprovedRounds } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { TEST_USERS } from "../support/users";

/** A figure's chart at full width (phones get a second, narrow layout of the same chart). */
const WIDE_CHART = ".app-figure__chart:not(.app-figure__chart--narrow)";

// A browser journey with axe on every page, a print preview and a PDF takes seconds.
vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
/** Print-preview screenshots and Chromium's PDF of the pack, kept for a person to look at. */
const OUTPUT = path.join(tmpdir(), "benchmark-network-e2e", "insight");
const SECTIONS = [
  "Headlines",
  "Unit costs and where the budget goes",
  "Your region and your statistical neighbours",
  "The demand picture",
  "Why spend changed",
  "What works",
  "Data notes and sources",
];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  ({ database, server, browser } = await startBrowserWorld({
    seed: async (db) => {
      const authorities = await db.selectFrom("authorities").select("code").where("region_name", "in", ["London", "South East"]).execute();
      await insertApprovedRounds(
        db,
        ["2022-23", "2023-24", "2024-25"],
        authorities.map((a) => a.code),
      );
    },
  }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

async function visit(page: Page, url: string): Promise<void> {
  await page.goto(`${server.baseUrl}${url}`);
  await expectAccessible(page);
}

describe("what works, every year and the briefing pack in Chromium", () => {
  it("pass axe for a member, with chart image links beside the charts", async () => {
    const { context, page, errors } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email);
    await visit(page, "/results/2024-25/policies");
    await expect(page.getByRole("heading", { name: "What works: transport policies and unit costs" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("link", { name: /^Download chart as SVG \(SEND unit cost a child/ }).count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: /^Download chart as PNG \(SEND unit cost a child/ }).count()).resolves.toBe(1);
    await page.getByText("Every outcome for route bundling").click();
    await expectAccessible(page);
    await visit(page, "/results/2024-25/years?metric=unit_cost.special&terms=real");
    await page.getByLabel("Metric").selectOption("ehcp_rate_per_10k");
    await page.getByRole("button", { name: "Show metric" }).click();
    await page.waitForURL(/metric=ehcp_rate_per_10k/);
    // Drawn from the single-fetch data of a client-side navigation.
    await expect(page.locator(`#figure-trend-ehcp_rate_per_10k ${WIDE_CHART} svg title`).textContent()).resolves.toMatch(
      /^EHCPs per 10,000/,
    );
    await expectAccessible(page);
    await visit(page, "/results/2024-25/pack");
    for (const section of SECTIONS) await expect(page.getByRole("heading", { name: section, level: 2 }).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("hydrates server-rendered figures without a mismatch, and draws them after client-side navigation", async () => {
    const { context, page, errors } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email);
    await visit(page, "/results/2024-25/explore?metric=unit_cost.special");
    await page.waitForFunction(() => "__reactRouterRouteModules" in window || "__remixRouteModules" in window);
    const ranking = page.locator(`#figure-ranking-unit_cost-special ${WIDE_CHART} svg`);
    await expect(ranking.count()).resolves.toBe(1);
    await page.getByRole("link", { name: "Compare this metric with another" }).click();
    await page.getByRole("heading", { name: "Compare two metrics" }).waitFor();
    await expect(page.locator(`[id^="figure-scatter-"] ${WIDE_CHART} svg`).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.goBack();
    await page.getByRole("heading", { name: "Metric explorer" }).waitFor();
    await expect(ranking.count()).resolves.toBe(1);
    await visit(page, "/results/2024-25/forecasts");
    await expect(page.getByRole("link", { name: /^Download chart as PNG \(/ }).count()).resolves.toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("prints the pack as an A4 document: no navigation, sections on new pages, charts sized for paper", async () => {
    const { context, page } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email, {
      viewport: { width: 1100, height: 900 },
    });
    await page.goto(`${server.baseUrl}/results/2024-25/pack`);
    await page.screenshot({ path: path.join(OUTPUT, "pack-screen.png"), fullPage: true });
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: path.join(OUTPUT, "pack-print.png"), fullPage: true });
    for (const hidden of [".govuk-service-navigation", ".govuk-footer", ".app-pack__actions", ".app-chart-image-links"]) {
      await expect(page.locator(hidden).first().isVisible(), hidden).resolves.toBe(false);
    }
    const layout = await page.evaluate(() => ({
      breaks: [...document.querySelectorAll(".app-pack__section")].map((section) => getComputedStyle(section).breakBefore),
      font: getComputedStyle(document.querySelector(".app-pack p")!).fontFamily,
      // 140 mm at 96 CSS pixels to the inch.
      tallestChart: Math.max(...[...document.querySelectorAll(".app-pack__chart svg")].map((svg) => svg.getBoundingClientRect().height)),
    }));
    expect(layout.breaks[0]).toBe("auto");
    expect(layout.breaks.slice(1).every((value) => value === "page")).toBe(true);
    expect(layout.font).toMatch(/GDS Transport/);
    expect(layout.tallestChart).toBeLessThanOrEqual((140 / 25.4) * 96 + 1);

    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    const file = path.join(OUTPUT, "pack-chromium.pdf");
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(SECTIONS.length);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    for (const section of SECTIONS) expect(text).toContain(section);
    expect(text).not.toContain("Sign out");
    await context.close();
  });

  it("pass axe for a regional viewer over their group", async () => {
    const { context, page, errors } = await openSignedIn(browser, server.baseUrl, TEST_USERS.viewer.email);
    await visit(page, "/results/2024-25/policies");
    await expect(page.getByText("in London").first().isVisible()).resolves.toBe(true);
    await visit(page, "/results/2024-25/pack");
    await expect(page.getByRole("heading", { name: "Briefing pack: London" }).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
