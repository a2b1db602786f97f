import type { Browser, Page } from "playwright-core";
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
import { completeReturn, insertRound, readStoredValues } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { AUTHORITY_A, TEST_USERS } from "../support/users";

// Browser journeys with axe on every page take seconds, not milliseconds.
vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
const ROUND = "2024-25";
const KEYS = Object.keys(completeReturn());

function csvFile(name: string, rows: ReadonlyArray<readonly (string | number)[]>) {
  const text = [["authority_code", ...KEYS].join(","), ...rows.map((row) => row.join(","))].join("\r\n");
  return { name, mimeType: "text/csv", buffer: Buffer.from(`${text}\r\n`) };
}
const row = (code: string, specialUnitCost = 10_000) => [code, ...Object.values(completeReturn({}, specialUnitCost)).map(String)];

beforeAll(async () => {
  ({ database, server, browser } = await startBrowserWorld({
    seed: async (db) =>
      void (await insertRound(db, { slug: ROUND, financialYear: "2024-25", status: "open", name: "SEND transport 2024-25" })),
  }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

describe("spreadsheets in Chromium, with axe on every page", () => {
  /** The pages signed in here, with their script errors; a refused file's 400 answer is expected, not an error. */
  const signedIn: SignedIn[] = [];
  afterAll(async () => {
    for (const { context } of signedIn) await context.close();
    expect(unexpectedPageErrors(signedIn.flatMap((one) => one.errors))).toEqual([]);
  });
  async function signInAs(email: string): Promise<Page> {
    const one = await openSignedIn(browser, server.baseUrl, email);
    signedIn.push(one);
    return one.page;
  }

  it("a member uploads their return, checks the changes and saves them", async () => {
    const page = await signInAs(TEST_USERS.memberA.email);
    await page.goto(`${server.baseUrl}/rounds/${ROUND}`);
    await page.getByRole("link", { name: "upload your spreadsheet" }).click();
    await page.getByRole("heading", { name: "Upload your return from a spreadsheet" }).waitFor();
    await expectAccessible(page);

    await page.getByLabel("Upload a file").setInputFiles(csvFile("ours.csv", [row("E09000003")]));
    await page.getByRole("button", { name: "Upload and check" }).click();
    const problems = page.getByRole("table", { name: "Problems in ours.csv" });
    await problems.waitFor();
    expect(await problems.textContent()).toContain("this file is for another authority");
    await expectAccessible(page);

    await page.getByLabel("Upload a file").setInputFiles(csvFile("ours.csv", [row(AUTHORITY_A)]));
    await page.getByRole("button", { name: "Upload and check" }).click();
    await page.getByRole("heading", { name: "Check the changes from your file" }).waitFor();
    // Each question's label and, beneath it, its section and key: two lines, not run together.
    const question = page.locator("tr", { has: page.locator("code", { hasText: /^population_0_25$/ }) }).locator("th");
    expect(await question.innerText()).toBe("Population aged 0 to 25\nPopulation and EHCPs · population_0_25");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save these answers" }).click();
    await page.getByText(`Answers from ours.csv saved: ${KEYS.length} answers changed`).waitFor();
    expect(await readStoredValues(database.db, AUTHORITY_A, ROUND)).toEqual(completeReturn());
  });

  it("a coordinator's upload shows its progress, then the dashboard; a bad file's problems show without leaving the page", async () => {
    const coordinator = await signInAs(TEST_USERS.coordinator.email);
    await coordinator.goto(`${server.baseUrl}/admin/rounds/${ROUND}`);
    await expectAccessible(coordinator);
    await coordinator.getByRole("link", { name: "Upload returns from a spreadsheet" }).click();
    await coordinator.getByRole("heading", { name: "Upload returns" }).waitFor();
    await expectAccessible(coordinator);

    const bad = [...row("E09000010")];
    bad[1] = "lots";
    await coordinator.getByLabel("Upload a file").setInputFiles(csvFile("bad.csv", [bad]));
    await coordinator.getByRole("button", { name: "Upload and import" }).click();
    await coordinator.getByRole("table", { name: "Problems in bad.csv" }).waitFor();
    expect(coordinator.url()).toBe(`${server.baseUrl}/admin/rounds/${ROUND}/upload`);
    await expectAccessible(coordinator);

    // Wait for the progress bar the page's script shows while it sends the file.
    const progress = coordinator.locator("#upload-progress").waitFor({ state: "attached" });
    await coordinator.getByLabel("Upload a file").setInputFiles(csvFile("june.csv", [row("E09000010"), row("E09000011", 12_000)]));
    await coordinator.getByRole("button", { name: "Upload and import" }).click();
    await progress;
    await coordinator.waitForURL(`${server.baseUrl}/admin/rounds/${ROUND}`);
    await coordinator.getByText("2 returns imported from june.csv and approved; metrics recomputed").waitFor();
    await expectAccessible(coordinator);
  });

  it("without JavaScript, the coordinator's upload posts the form and shows the problems on the page", async () => {
    const { context: noScript, page: coordinator } = await openSignedIn(browser, server.baseUrl, TEST_USERS.coordinator.email, {
      javaScriptEnabled: false,
    });
    try {
      await coordinator.goto(`${server.baseUrl}/admin/rounds/${ROUND}/upload`);
      await coordinator.getByLabel("Upload a file").setInputFiles(csvFile("twice.csv", [row("E09000012"), row("E09000012")]));
      await coordinator.getByRole("button", { name: "Upload and import" }).click();
      await coordinator.getByRole("table", { name: "Problems in twice.csv" }).waitFor();
      // axe needs JavaScript to run: the same table is checked, drawn by the script, in the journey above.
      expect(await coordinator.getByRole("table", { name: "Problems in twice.csv" }).textContent()).toContain(
        "expected each authority once, but row 2 already gives it",
      );
    } finally {
      await noScript.close();
    }
  });
});
