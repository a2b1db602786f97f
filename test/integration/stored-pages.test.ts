import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { transitionRound } from "../../app/services/round-changes.server";
import { registerUser } from "../../app/services/user-admin.server";
import { hashPassword } from "../../app/utils/password.server";
import { launchBrowser } from "../support/browser";
import { TestClient } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

/*
 * The stored-page path (app/utils/stored-pages.server.ts): a results page is rendered once per
 * results version × view × URL and then sent from memory. These tests check it never crosses
 * views, that the session is checked before the store on every request, that a republish on
 * one database is seen at once by a second app server, and that publishing warms the pages.
 */

const SLUG = "2023-24";
const PAGES = [
  `/results/${SLUG}`,
  `/results/${SLUG}/explore?metric=unit_cost.special`,
  `/results/${SLUG}/explore.data?metric=unit_cost.special`,
  `/results/${SLUG}/compare`,
];
const BROWSER_ENCODING = { "Accept-Encoding": "gzip, deflate, br, zstd" };

let database: TestDatabase;
let server: RunningServer;
let second: RunningServer;
let roundId: number;
const names = new Map<string, string>();

async function signedIn(base: string, email: string): Promise<TestClient> {
  const client = new TestClient(base);
  const response = await client.signIn(email, TEST_PASSWORD);
  expect(response.status, `sign-in of ${email}`).toBe(302);
  return client;
}

async function fetchPage(client: TestClient, path: string) {
  const response = await client.request(path, { headers: BROWSER_ENCODING });
  return {
    status: response.status,
    stored: response.headers.get("x-stored-page"),
    etag: response.headers.get("etag"),
    body: await response.text(),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  // A second member of authority A: the same view as memberA, so the same stored pages.
  const registered = await registerUser(
    database.db,
    {
      email: "member.a2@example.org",
      name: "Second member of A",
      role: "member",
      authorityCode: AUTHORITY_A,
      groupSlug: null,
      passwordHash: await hashPassword(TEST_PASSWORD),
    },
    null,
  );
  if (!registered.ok) throw new Error(registered.message);
  const london = await database.db.selectFrom("authorities").select(["code", "name"]).where("region_name", "=", "London").execute();
  for (const a of london) names.set(a.code, a.name);
  const round = await insertRound(database.db, { slug: SLUG, financialYear: SLUG, status: "published" });
  roundId = round.id;
  for (const authority of london) {
    await insertReturn(database.db, {
      roundId,
      authorityCode: authority.code,
      status: "approved",
      values: syntheticReturn(authority.code, 1),
    });
  }
  await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, roundId));
  [server, second] = await Promise.all([startServer({ DATABASE_URL: database.url }), startServer({ DATABASE_URL: database.url })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), second?.stop()]);
  await database?.destroy();
});

describe("stored pages", () => {
  it("never serves one view's stored page to another: two authorities' members, a regional viewer, a coordinator", async () => {
    const viewers = {
      memberA: await signedIn(server.baseUrl, TEST_USERS.memberA.email),
      memberB: await signedIn(server.baseUrl, TEST_USERS.memberB.email),
      viewer: await signedIn(server.baseUrl, TEST_USERS.viewer.email),
      coordinator: await signedIn(server.baseUrl, TEST_USERS.coordinator.email),
    };
    const sameViewAsA = await signedIn(server.baseUrl, "member.a2@example.org");
    for (const path of PAGES) {
      const first = new Map<string, string>();
      // Each viewer in turn, after the others' pages are stored: each must miss, render its own.
      for (const [who, client] of Object.entries(viewers)) {
        const page = await fetchPage(client, path);
        expect(page.status, `${who} ${path}`).toBe(200);
        expect(page.stored, `${who} ${path}`).toBe("miss");
        first.set(who, page.body);
      }
      expect(new Set(first.values()).size, `${path}: four views, four pages`).toBe(4);
      for (const [who, client] of Object.entries(viewers)) {
        const again = await fetchPage(client, path);
        expect(again.stored, `${who} ${path} again`).toBe("hit");
        expect(again.body, `${who} ${path} again`).toBe(first.get(who));
      }
      // A colleague with the same view is sent the same stored page, so it names no user.
      const colleague = await fetchPage(sameViewAsA, path);
      expect(colleague.stored).toBe("hit");
      expect(colleague.body).toBe(first.get("memberA"));
      expect(colleague.body).not.toContain(TEST_USERS.memberA.name);
    }
    const overview = (await fetchPage(viewers.memberA, `/results/${SLUG}`)).body;
    expect(overview).toContain(names.get(AUTHORITY_A)!);
    expect(overview).not.toContain(names.get(AUTHORITY_B)!);
    const overviewB = (await fetchPage(viewers.memberB, `/results/${SLUG}`)).body;
    expect(overviewB).toContain(names.get(AUTHORITY_B)!);
    expect(overviewB).not.toContain(names.get(AUTHORITY_A)!);
  });

  it("sends gzip or brotli as asked, with a strong ETag and a 304 for a repeat view", async () => {
    const member = await signedIn(server.baseUrl, TEST_USERS.memberA.email);
    const path = `/results/${SLUG}/explore?metric=unit_cost.special`;
    const brotli = await member.request(path, { headers: BROWSER_ENCODING });
    expect(brotli.headers.get("content-encoding")).toBe("br");
    const etag = brotli.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+-br"$/);
    expect(brotli.headers.get("content-security-policy")).toMatch(/script-src 'self'( 'sha256-[\w+/=]+')+;/);
    expect(brotli.headers.get("content-security-policy")).not.toContain("nonce");
    await brotli.arrayBuffer();
    const gzip = await member.request(path, { headers: { "Accept-Encoding": "gzip" } });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(await gzip.text()).toContain("<html");
    const repeat = await member.request(path, { headers: { ...BROWSER_ENCODING, "If-None-Match": etag } });
    expect(repeat.status).toBe(304);
  });

  it("checks the session before the store: signing out and deactivation take effect on the very next request", async () => {
    const path = `/results/${SLUG}`;
    const member = await signedIn(server.baseUrl, TEST_USERS.memberB.email);
    expect((await fetchPage(member, path)).status).toBe(200);
    const cookie = member.cookieHeader();
    await member.post("/logout", {});
    // The old cookie, replayed after sign-out: the server-side session is gone.
    const replayed = await fetch(new URL(path, server.baseUrl), { headers: { Cookie: cookie, ...BROWSER_ENCODING }, redirect: "manual" });
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("x-stored-page")).toBeNull();

    const deactivated = await signedIn(server.baseUrl, "member.a2@example.org");
    expect((await fetchPage(deactivated, path)).stored).not.toBeNull();
    await database.db.updateTable("users").set({ active: 0 }).where("email", "=", "member.a2@example.org").execute();
    const afterDeactivation = await deactivated.request(path, { headers: BROWSER_ENCODING });
    expect(afterDeactivation.status).toBe(302);
    expect(afterDeactivation.headers.get("x-stored-page")).toBeNull();
  });

  it("shows a republish at once on a second app server over the same database", async () => {
    const path = `/results/${SLUG}/explore?metric=unit_cost.special`;
    const onFirst = await signedIn(server.baseUrl, TEST_USERS.coordinator.email);
    const onSecond = await signedIn(second.baseUrl, TEST_USERS.coordinator.email);
    const before = await fetchPage(onSecond, path);
    expect((await fetchPage(onSecond, path)).stored).toBe("hit");
    expect((await fetchPage(onFirst, path)).body).toBe(before.body);

    // Withdraw, change authority A's special-school spend, publish again: as the coordinator would.
    await database.db.transaction().execute(async (trx) => {
      const withdrawn = await transitionRound(trx, roundId, "closed", null, server.baseUrl);
      if (!withdrawn.ok) throw new Error(withdrawn.message);
      const returnRow = await trx
        .selectFrom("returns")
        .innerJoin("authorities", "authorities.id", "returns.authority_id")
        .select("returns.id")
        .where("returns.round_id", "=", roundId)
        .where("authorities.code", "=", AUTHORITY_A)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("return_values")
        .set((eb) => ({ number_value: eb("number_value", "*", 3) }))
        .where("return_id", "=", returnRow.id)
        .where("field_key", "=", "transport.special.spend")
        .execute();
      const published = await transitionRound(trx, roundId, "published", null, server.baseUrl);
      if (!published.ok) throw new Error(published.message);
    });

    const after = await fetchPage(onSecond, path);
    expect(after.status).toBe(200);
    expect(after.stored).toBe("miss");
    expect(after.body).not.toBe(before.body);
    const onFirstAfter = await fetchPage(onFirst, path);
    expect(onFirstAfter.stored).toBe("miss");
    expect(onFirstAfter.body).toBe(after.body);
  });
  it("makes revocation and expiry take effect on the very next request, and sign-in too", async () => {
    const path = `/results/${SLUG}`;
    // Sign out everywhere from another browser: this one's next request is signed out.
    const here = await signedIn(server.baseUrl, TEST_USERS.memberA.email);
    const elsewhere = await signedIn(server.baseUrl, TEST_USERS.memberA.email);
    expect((await fetchPage(here, path)).stored).not.toBeNull();
    expect((await elsewhere.post("/logout", { scope: "everywhere" })).status).toBe(302);
    const revoked = await here.request(path, { headers: BROWSER_ENCODING });
    expect(revoked.status).toBe(302);
    expect(revoked.headers.get("location")).toMatch(/^\/login/);
    expect(revoked.headers.get("x-stored-page")).toBeNull();

    // A session past its expiry: signed out on the next request, although the cookie is still sent.
    const expiring = await signedIn(server.baseUrl, TEST_USERS.viewer.email);
    expect((await fetchPage(expiring, path)).stored).not.toBeNull();
    await database.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_id", "=", (qb) => qb.selectFrom("users").select("id").where("email", "=", TEST_USERS.viewer.email))
      .execute();
    const expired = await expiring.request(path, { headers: BROWSER_ENCODING });
    expect(expired.status).toBe(302);
    expect(expired.headers.get("x-stored-page")).toBeNull();

    // And signing in again is seen at once: the same browser's next request is the viewer's page.
    expect((await expiring.signIn(TEST_USERS.viewer.email, TEST_PASSWORD)).status).toBe(302);
    const back = await fetchPage(expiring, path);
    expect(back.status).toBe(200);
    expect(back.stored).not.toBeNull();
  });

  it("answers a real browser's repeat view with a 304", async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel("Email address").fill(TEST_USERS.memberB.email);
      await page.getByLabel("Password").fill(TEST_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      const url = `${server.baseUrl}/results/${SLUG}/compare`;
      // What went over the wire (Playwright reports a revalidated document as its cached 200).
      const statuses: number[] = [];
      const devtools = await page.context().newCDPSession(page);
      await devtools.send("Network.enable");
      const requestIds = new Set<string>();
      devtools.on("Network.requestWillBeSent", (event) => {
        if (event.request.url === url) requestIds.add(event.requestId);
      });
      // The raw status line as received: a revalidated document's 304 (responseReceived says 200).
      devtools.on("Network.responseReceivedExtraInfo", (event) => {
        if (requestIds.has(event.requestId)) statuses.push(event.statusCode);
      });
      const first = await page.goto(url);
      expect(first?.status()).toBe(200);
      expect(await first?.headerValue("content-encoding")).toBe("br");
      await page.reload();
      expect(statuses).toEqual([200, 304]);
      expect(await page.locator("h1").first().textContent()).toMatch(/\S/);
    } finally {
      await browser.close();
    }
  });

  it("warms a round's common pages for the signed-in views when the coordinator publishes it", async () => {
    const member = await signedIn(server.baseUrl, TEST_USERS.memberB.email);
    const viewer = await signedIn(server.baseUrl, TEST_USERS.viewer.email);
    const coordinator = await signedIn(server.baseUrl, TEST_USERS.coordinator.email);
    const warmedBefore = server.output().split("Stored pages: warmed").length;
    for (const to of ["closed", "published"]) {
      const moved = await coordinator.post(`/admin/rounds/${SLUG}/status`, { to });
      expect(moved.status, `round to ${to}`).toBe(302);
    }
    // The warm-up runs after the response, off the request path; its log line says it is done.
    await expect.poll(() => server.output().split("Stored pages: warmed").length, { timeout: 60_000 }).toBeGreaterThan(warmedBefore);
    const common = [`/results/${SLUG}`, `/results/${SLUG}/explore`, `/results/${SLUG}/compare`];
    const onSecond = await signedIn(second.baseUrl, TEST_USERS.memberB.email);
    for (const path of common) {
      const warmed = await fetchPage(member, path);
      expect(warmed.status, path).toBe(200);
      expect(warmed.stored, `${path}: rendered before this first view`).toBe("hit");
      expect((await fetchPage(viewer, path)).stored, `${path}, regional viewer`).toBe("hit");
      // The warmed page is the page this view's own first request renders (the second server has not warmed).
      const rendered = await fetchPage(onSecond, path);
      expect(rendered.stored).toBe("miss");
      expect(warmed.body).toBe(rendered.body);
    }
    expect((await fetchPage(member, `/results/${SLUG}`)).body).toContain(names.get(AUTHORITY_B)!);
  });
});
