import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectAccessible, openSignedIn, startBrowserWorld, stopBrowserWorld } from "../support/browser";
import type { TestDatabase } from "../support/database";
import { MIN_TEXT_PX, measureLayout, screenshots } from "../support/layout";
import { insertApprovedRounds } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { TEST_USERS } from "../support/users";

// Seven pages at two widths with axe on each, over a whole network of returns.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
/** Screenshots of every page at both widths, kept for a person to look at. */
const OUTPUT = path.join(tmpdir(), "benchmark-network-e2e", "results-layout");

const PAGES = [
  { name: "overview", url: "/results/2024-25" },
  { name: "explorer", url: "/results/2024-25/explore?metric=unit_cost.send" },
  { name: "explorer-public", url: "/results/2024-25/explore?metric=spend.send" },
  { name: "regions", url: "/results/2024-25/groups" },
  { name: "compare", url: "/results/2024-25/compare" },
  { name: "neighbours", url: "/results/2024-25/neighbours" },
  { name: "years", url: "/results/2024-25/years" },
  { name: "glossary", url: "/glossary" },
];
const WIDTHS = [1280, 390];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  ({ database, server, browser } = await startBrowserWorld({
    seed: async (db) => {
      // Every authority in England, so the ranking has its full 150-odd rows.
      const authorities = await db.selectFrom("authorities").select("code").execute();
      await insertApprovedRounds(
        db,
        ["2023-24", "2024-25"],
        authorities.map((a) => a.code),
      );
    },
  }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

describe("results pages at desktop and phone widths", () => {
  for (const width of WIDTHS) {
    it(`at ${width}px: no page-level horizontal scroll, no chart text under ${MIN_TEXT_PX}px, axe clean`, async () => {
      const { context, page, errors } = await openSignedIn(browser, server.baseUrl, TEST_USERS.memberA.email, {
        viewport: { width, height: 900 },
      });
      for (const { name, url } of PAGES) {
        await page.goto(`${server.baseUrl}${url}`);
        await screenshots(page, OUTPUT, `${name}-${width}`);
        const measured = await measureLayout(page);
        expect(measured.scrollWidth, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(measured.innerWidth);
        if (measured.smallest)
          expect(measured.smallest.px, `${name} at ${width}px: "${measured.smallest.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_PX - 0.05);
        await expectAccessible(page);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
