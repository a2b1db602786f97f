import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { issuePasswordToken } from "../../app/models/password-token.server";
import { accessibilityViolations, openSignedIn, startBrowserWorld, stopBrowserWorld, watchForPageErrors } from "../support/browser";
import type { TestDatabase } from "../support/database";
import { layoutProblems, screenshots } from "../support/layout";
import { completeReturn, insertApprovedRounds, insertReturn, insertRound } from "../support/rounds";
import type { RunningServer } from "../support/server";
import { AUTHORITY_A, TEST_USERS, type TestUserName } from "../support/users";

/*
 * Every page type the app has, for each role, at a desktop and a phone width: no page-level
 * horizontal scroll, no chart scrolling sideways in its box, no chart text drawn under 12px, axe
 * clean, and screenshots for a person to look at. The results pages test/e2e/results-layout.test.ts
 * covers for a member (overview, explorer, regions, compare, neighbours, years, glossary) are not
 * repeated here; downloads (CSV, Excel, chart images, the pack's PDF, the template) are files, not pages.
 */
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let database: TestDatabase;
let server: RunningServer;
let browser: Browser;
const OUTPUT = path.join(tmpdir(), "benchmark-network-e2e", "every-page-layout");
const PUBLISHED = "2024-25";
const OPEN = "2025-26";
const CLOSED = "2022-23";
const DRAFT = "2026-27";
/** Three other London authorities whose returns in the open round wait for the coordinator. */
const SUBMITTED = ["E09000004", "E09000005", "E09000006"];
const SECTIONS = ["context", "ehcp-breakdowns", "transport-send", "transport-other", "travel-modes", "income", "high-needs", "policies"];
const WIDTHS = [1280, 390];
/** LAYOUT_PAGES=<regular expression> checks only the pages whose names match ("member-pack", "390"): for working on one page. */
const ONLY = new RegExp(process.env.LAYOUT_PAGES ?? "");

let setPasswordToken = "";
let memberBId = 0;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  ({ database, server, browser } = await startBrowserWorld({
    // DfE SEN2 figures for the demand page and the coordinator's SEN2 reference page.
    database: { publicStatistics: true },
    seed: async (db) => {
      // Every authority in England in two published rounds: forecasts, what works and the pack have history to draw.
      const authorities = await db.selectFrom("authorities").select("code").execute();
      await insertApprovedRounds(
        db,
        ["2023-24", PUBLISHED],
        authorities.map((a) => a.code),
      );
      const open = await insertRound(db, { slug: OPEN, financialYear: OPEN, status: "open", name: "SEND transport 2025-26" });
      await insertReturn(db, { roundId: open.id, authorityCode: AUTHORITY_A, status: "draft", values: completeReturn() });
      for (const code of SUBMITTED)
        await insertReturn(db, { roundId: open.id, authorityCode: code, status: "submitted", values: syntheticReturn(code, 2) });
      await insertRound(db, { slug: CLOSED, financialYear: CLOSED, status: "closed" });
      await insertRound(db, { slug: DRAFT, financialYear: DRAFT, status: "draft" });
      memberBId = (await db.selectFrom("users").select("id").where("email", "=", TEST_USERS.memberB.email).executeTakeFirstOrThrow()).id;
      setPasswordToken = (
        await db.transaction().execute((trx) => issuePasswordToken(trx, { userId: memberBId, purpose: "password_reset" }))
      ).token;
    },
  }));
});
afterAll(() => stopBrowserWorld({ database, server, browser }));

/** A page to visit, or a step that gets a page into the state to measure (an upload's preview). */
type Visit = { name: string; url: string } | { name: string; reach: (page: Page) => Promise<void> };

const KEYS = Object.keys(completeReturn());
/** Member A's return as a CSV, as the upload page takes it. */
const memberCsv = {
  name: "ours.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(
    `${[["authority_code", ...KEYS].join(","), [AUTHORITY_A, ...Object.values(completeReturn({ population_0_25: 210_000 })).map(String)].join(",")].join("\r\n")}\r\n`,
  ),
};

const SIGNED_OUT: Visit[] = [
  { name: "login", url: "/login" },
  { name: "forgot-password", url: "/forgot-password" },
  { name: "set-password", url: "/set-password?token={token}" },
  { name: "set-password-gone", url: "/set-password?token=no-such-token" },
  { name: "accessibility", url: "/accessibility" },
  { name: "data-dictionary", url: "/data-dictionary" },
  { name: "glossary", url: "/glossary" },
  { name: "not-found", url: "/no-such-page" },
];

const MEMBER: Visit[] = [
  { name: "dashboard", url: "/" },
  { name: "demand", url: "/demand" },
  { name: "round", url: `/rounds/${OPEN}` },
  ...SECTIONS.map((id) => ({ name: `section-${id}`, url: `/rounds/${OPEN}/sections/${id}` })),
  { name: "check", url: `/rounds/${OPEN}/check` },
  { name: "upload", url: `/rounds/${OPEN}/upload` },
  {
    name: "upload-preview",
    reach: async (page) => {
      await page.goto(`${server.baseUrl}/rounds/${OPEN}/upload`);
      await page.getByLabel("Upload a file").setInputFiles(memberCsv);
      await page.getByRole("button", { name: "Upload and check" }).click();
      await page.getByRole("heading", { name: "Check the changes from your file" }).waitFor();
    },
  },
  { name: "account", url: "/account" },
  { name: "results-rounds", url: "/results" },
  { name: "forecasts", url: `/results/${PUBLISHED}/forecasts` },
  { name: "policies", url: `/results/${PUBLISHED}/policies` },
  { name: "pack", url: `/results/${PUBLISHED}/pack` },
  { name: "earlier-round", url: "/results/2023-24" },
];

const VIEWER: Visit[] = [
  { name: "dashboard", url: "/" },
  { name: "overview", url: `/results/${PUBLISHED}` },
  { name: "regions", url: `/results/${PUBLISHED}/groups` },
  { name: "forecasts", url: `/results/${PUBLISHED}/forecasts` },
  { name: "policies", url: `/results/${PUBLISHED}/policies` },
  { name: "pack", url: `/results/${PUBLISHED}/pack` },
];

const COORDINATOR: Visit[] = [
  { name: "dashboard", url: "/" },
  { name: "rounds", url: "/admin/rounds" },
  { name: "round", url: `/admin/rounds/${OPEN}` },
  { name: "review", url: `/admin/rounds/${OPEN}/returns/${SUBMITTED[0]}` },
  { name: "review-history", url: `/admin/rounds/${OPEN}/returns/${SUBMITTED[0]}/history` },
  { name: "review-draft", url: `/admin/rounds/${OPEN}/returns/${AUTHORITY_A}` },
  { name: "approve", url: `/admin/rounds/${OPEN}/approve` },
  { name: "upload", url: `/admin/rounds/${OPEN}/upload` },
  { name: "reminders", url: `/admin/rounds/${OPEN}/reminders` },
  { name: "status-close", url: `/admin/rounds/${OPEN}/status?to=closed` },
  { name: "status-publish", url: `/admin/rounds/${CLOSED}/status?to=published` },
  { name: "status-open", url: `/admin/rounds/${DRAFT}/status?to=open` },
  { name: "edit", url: `/admin/rounds/${OPEN}/edit` },
  { name: "new-round", url: "/admin/rounds/new" },
  { name: "published-round", url: `/admin/rounds/${PUBLISHED}` },
  { name: "users", url: "/admin/users" },
  { name: "new-user", url: "/admin/users/new" },
  { name: "edit-user", url: "/admin/users/{memberB}" },
  { name: "deflators", url: "/admin/deflators" },
  { name: "outbox", url: "/admin/outbox" },
  { name: "sen2", url: "/admin/reference/sen2" },
  { name: "results", url: `/results/${PUBLISHED}` },
  { name: "forecasts", url: `/results/${PUBLISHED}/forecasts?authority=${AUTHORITY_A}` },
];

const ROLES: ReadonlyArray<{ role: string; user: TestUserName | null; visits: Visit[] }> = [
  { role: "signed-out", user: null, visits: SIGNED_OUT },
  { role: "member", user: "memberA", visits: MEMBER },
  { role: "viewer", user: "viewer", visits: VIEWER },
  { role: "coordinator", user: "coordinator", visits: COORDINATOR },
];

/** A visit's address with what only the database knows filled in: a live set-password link, a user's id. */
const fillIn = (url: string) => url.replace("{token}", setPasswordToken).replace("{memberB}", String(memberBId));

describe("every page type, for each role, at desktop and phone widths", () => {
  for (const width of WIDTHS) {
    it(`at ${width}px: no page-level horizontal scroll, no chart text under 12px, axe clean`, async () => {
      const problems: string[] = [];
      const errors: string[] = [];
      for (const { role, user, visits } of ROLES) {
        const viewport = { viewport: { width, height: 900 } };
        const { context, page } = user
          ? await openSignedIn(browser, server.baseUrl, TEST_USERS[user].email, viewport, errors)
          : await browser.newContext(viewport).then(async (context) => ({ context, page: await context.newPage() }));
        if (!user) watchForPageErrors(page, errors);
        for (const visit of visits) {
          const name = `${role}-${visit.name}-${width}`;
          if (!ONLY.test(name)) continue;
          if ("url" in visit) await page.goto(`${server.baseUrl}${fillIn(visit.url)}`);
          else await visit.reach(page);
          await screenshots(page, OUTPUT, name);
          const violations = await accessibilityViolations(page);
          problems.push(...(await layoutProblems(page, name)), ...violations.map((violation) => `${name}: axe: ${violation}`));
        }
        await context.close();
      }
      expect(problems).toEqual([]);
      // A missing page answers 404 and an unusable link 410: the browser logs those, nothing else.
      expect(errors.filter((error) => !/status of (404|410)/.test(error))).toEqual([]);
    });
  }
});
