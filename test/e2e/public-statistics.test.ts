import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectAccessible, openMemberAndCoordinator, startBrowserWorld, stopBrowserWorld } from "../support/browser";
import type { TestDatabase } from "../support/database";
import { completeReturn, insertRound } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { AUTHORITY_A } from "../support/users";

// A browser journey with axe on every page takes seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
const ROUND = "2024-25";
const LABEL = "From DfE SEN2, January 2025 — check and confirm";

beforeAll(async () => {
  ({ database, server, browser } = await startBrowserWorld({
    database: { publicStatistics: true },
    seed: async (db) =>
      void (await insertRound(db, { slug: ROUND, financialYear: "2024-25", status: "open", name: "SEND transport 2024-25" })),
  }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

/** The section form's save button, whatever the page calls it. */
async function saveForm(page: Page) {
  await page.locator('main form[method="post"] button[type="submit"]').first().click();
}

describe("SEN2 in Chromium: pre-filled answers, the cross-check, the demand view", () => {
  let member: Page;
  let coordinator: Page;
  let errors: string[];
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ member, coordinator, errors, close } = await openMemberAndCoordinator(browser, server.baseUrl));
  });
  afterAll(() => close?.());

  it("a member finds the EHCP answers pre-filled from SEN2, changes the total and explains the cross-check warning", async () => {
    await member.goto(`${server.baseUrl}/rounds/${ROUND}/sections/ehcp-breakdowns`);
    await expectAccessible(member);
    expect(await member.locator('[name="ehcp.setting.mainstream"]').inputValue()).toBe("1194");
    expect(await member.locator(".app-prefill-note").count()).toBe(25);
    // The note is read out with its question.
    const describedBy = await member.locator('[name="ehcp.age.under_5"]').getAttribute("aria-describedby");
    expect(await member.locator(`#${describedBy}`).textContent()).toContain(LABEL);

    await member.goto(`${server.baseUrl}/rounds/${ROUND}/sections/context`);
    await expectAccessible(member);
    expect(await member.locator('[name="ehcp.total"]').inputValue()).toBe("3063");
    await member.locator('[name="population_0_25"]').fill("210,000");
    await member.locator('[name="ehcp.total"]').fill("3,500");
    await saveForm(member);
    await member.getByText("answers saved").first().waitFor();

    const transport = completeReturn();
    await member.goto(`${server.baseUrl}/rounds/${ROUND}/sections/transport-send`);
    for (const [key, value] of Object.entries(transport)) {
      if (key.startsWith("transport.")) await member.locator(`[name="${key}"]`).fill(String(value));
    }
    await saveForm(member);
    await member.getByText("answers saved").first().waitFor();

    await member.goto(`${server.baseUrl}/rounds/${ROUND}/check`);
    await expectAccessible(member);
    const warning =
      "Number of EHCPs maintained is 3,500, 14.3% more than the 3,063 DfE SEN2 reports for January 2025 (SEN2 2025) — check, or explain";
    expect(await member.locator("main").textContent()).toContain(warning);
    await member
      .locator('textarea[name="explanation-public_statistics:ehcp.total"]')
      .fill("Our count includes plans transferred in after the census.");
    await member.getByLabel(/I confirm that/).check();
    await member.getByRole("button", { name: "Submit return" }).click();
    await member.getByText("Return submitted to your network coordinator").waitFor();
  });

  it("the coordinator sees both figures and the explanation", async () => {
    await coordinator.goto(`${server.baseUrl}/admin/rounds/${ROUND}/returns/${AUTHORITY_A}`);
    await expectAccessible(coordinator);
    const text = (await coordinator.locator("main").textContent()) ?? "";
    expect(text).toContain("Our count includes plans transferred in after the census.");
    expect(text).toContain("3,063 (DfE SEN2, January 2025, SEN2 2025)");
  });

  it("the demand page shows Hampshire's growth, its table and CSV, and passes axe", async () => {
    await member.goto(`${server.baseUrl}/demand`);
    await expectAccessible(member);
    await member.getByLabel("Authority").selectOption({ label: "Hampshire" });
    await member.getByLabel("Growth since").selectOption("2015");
    await member.getByLabel("Up to").selectOption("2023");
    await member.getByRole("button", { name: "Show" }).click();
    await member.waitForURL(/authority=E10000014/);
    await member.getByText("EHCPs +192.2% from 2015 to 2023 (England +115.3%)").waitFor();
    await member.getByText("Show the data as a table").first().click();
    await expect
      .poll(() => member.getByRole("table", { name: /EHCPs \(statements and EHC plans\) at each January census/ }).isVisible())
      .toBe(true);
    await expectAccessible(member);
    const download = member.waitForEvent("download");
    await member.getByRole("link", { name: "Download this data (CSV)" }).click();
    expect((await download).suggestedFilename()).toMatch(/ehcp-demand-E10000014/);

    await coordinator.goto(`${server.baseUrl}/admin/reference/sen2`);
    await expectAccessible(coordinator);
    expect(errors).toEqual([]);
  });
});
