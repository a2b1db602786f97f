/**
 * The coordinator's round dashboard over HTTP against the built app: finding an authority by name or
 * code and narrowing by status and region with a plain GET form (no JavaScript needed), the "not yet
 * published" banner on a round's results preview, round names linking to the round wherever
 * rounds are listed, and what closing or publishing will leave out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { syntheticReturn } from "../../db/demo";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { completeReturn, insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;
let coordinator: TestClient;
const OPEN = "2024-25";
const PUBLISHED = "2023-24";
const KENT = "E10000016";
const MEDWAY = "E06000035";
const LONDON = ["E09000004", "E09000005", "E09000006", "E09000007", "E09000008", "E09000009", "E09000010", "E09000011", "E09000012"];

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const open = await insertRound(database.db, { slug: OPEN, financialYear: "2024-25", status: "open", name: "SEND transport 2024-25" });
  await insertReturn(database.db, { roundId: open.id, authorityCode: AUTHORITY_A, status: "submitted", values: completeReturn() });
  await insertReturn(database.db, { roundId: open.id, authorityCode: AUTHORITY_B, status: "draft", values: completeReturn() });
  await insertReturn(database.db, { roundId: open.id, authorityCode: KENT, status: "submitted", values: completeReturn() });
  await insertReturn(database.db, { roundId: open.id, authorityCode: MEDWAY, status: "approved", values: completeReturn() });
  const published = await insertRound(database.db, {
    slug: PUBLISHED,
    financialYear: "2023-24",
    status: "published",
    name: "SEND transport 2023-24",
  });
  for (const code of LONDON) {
    await insertReturn(database.db, { roundId: published.id, authorityCode: code, status: "approved", values: syntheticReturn(code, 1) });
  }
  await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, published.id));
  server = await startServer({ DATABASE_URL: database.url });
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

const dashboard = async (search: string) => (await coordinator.get(`/admin/rounds/${OPEN}${search}`)).text();
/** The authorities named in the returns table, in order: each is a link to its return. */
const listed = (html: string) => [...html.matchAll(/href="\/admin\/rounds\/2024-25\/returns\/[^"]+">([^<]+)</g)].map((m) => m[1]);

describe("the round dashboard's filters", () => {
  it("is a GET form, so it works without JavaScript and the address can be shared", async () => {
    const html = await dashboard("");
    expect(html).toMatch(/<form method="get"[^>]*aria-label="Find and filter returns"/);
    expect(html).toContain('name="q"');
    expect(html).toContain('name="status"');
    expect(html).toContain('name="region"');
    expect(pageText(html)).toContain("153 authorities, sorted by authority (ascending)");
  });

  it("finds an authority by name, ignoring case", async () => {
    const html = await dashboard("?q=kENT");
    expect(listed(html)).toEqual(["Kent"]);
    expect(pageText(html)).toContain("1 of 153 authorities: match “kENT”, sorted by authority (ascending)");
  });

  it("finds an authority by code", async () => {
    expect(listed(await dashboard(`?q=${MEDWAY}`))).toEqual(["Medway"]);
  });

  it("narrows by status, and by region, and by both", async () => {
    expect(listed(await dashboard("?status=submitted"))).toEqual(["Barking and Dagenham", "Kent"]);
    const southEast = await dashboard("?region=E12000008&status=submitted");
    expect(listed(southEast)).toEqual(["Kent"]);
    expect(pageText(southEast)).toContain("1 of 153 authorities: submitted, in South East");
    // The region choice stays selected on the page it leads to.
    expect(southEast).toMatch(/<option value="E12000008" selected="">South East<\/option>/);
  });

  it("keeps the filters when a column heading re-sorts, and the sort when the form is sent", async () => {
    const html = await dashboard("?status=submitted&sort=updated&order=descending");
    expect(html).toContain(`href="/admin/rounds/${OPEN}?status=submitted&amp;sort=warnings"`);
    expect(html).toContain('<input type="hidden" name="sort" value="updated"/>');
    expect(html).toContain('<input type="hidden" name="order" value="descending"/>');
  });

  it("says so when nothing matches, and offers to clear the filters", async () => {
    const text = pageText(await dashboard("?q=Atlantis"));
    expect(text).toContain("0 of 153 authorities: match “Atlantis”. No authority matches: change or clear the filters.");
    expect(text).toContain("Clear filters");
  });

  it("keeps the round's counts and the bulk approval for the whole round, whatever the filters", async () => {
    const text = pageText(await dashboard("?q=Kent"));
    expect(text).toContain("2 submitted");
    expect(text).toContain("1 approved");
    expect(text).toContain("Approve ready returns (2)");
  });
});

describe("a round's results before it is published", () => {
  it("shows the coordinator a 'not yet published' banner on every results page of the preview", async () => {
    for (const path of ["", "/explore", "/groups"]) {
      const html = await (await coordinator.get(`/results/${OPEN}${path}`)).text();
      expect(html).toContain('data-testid="not-yet-published"');
      expect(pageText(html)).toContain(
        "Not yet published This is a preview: members and regional viewers cannot see these results until you publish the round.",
      );
    }
  });

  it("shows no banner once the round is published", async () => {
    const html = await (await coordinator.get(`/results/${PUBLISHED}`)).text();
    expect(html).not.toContain("not-yet-published");
  });

  it("links the dashboard to its preview", async () => {
    expect(pageText(await dashboard(""))).toContain("Preview the results (not yet published)");
    expect(await dashboard("")).toContain(`href="/results/${OPEN}"`);
  });
});

describe("round names link to the round", () => {
  it("on the coordinator's home page, rounds list, deflators page and results list", async () => {
    const home = await (await coordinator.get("/")).text();
    expect(home).toContain(`href="/admin/rounds/${OPEN}">SEND transport 2024-25</a>`);
    expect(home).toContain(`href="/admin/rounds/${PUBLISHED}">SEND transport 2023-24</a>`);
    expect(await (await coordinator.get("/admin/rounds")).text()).toContain(`href="/admin/rounds/${OPEN}"`);
    expect(await (await coordinator.get("/admin/deflators")).text()).toContain(`href="/admin/rounds/${PUBLISHED}"`);
    expect(await (await coordinator.get("/results")).text()).toContain(`href="/results/${OPEN}"`);
  });

  it("on a regional viewer's and a member's home page", async () => {
    const viewer = new TestClient(server.baseUrl);
    await viewer.signIn(TEST_USERS.viewer.email, TEST_PASSWORD);
    const home = await (await viewer.get("/")).text();
    expect(home).toContain(`href="/results/${PUBLISHED}">SEND transport 2023-24</a>`);
    // An unpublished round is not listed for a viewer at all.
    expect(home).not.toContain("SEND transport 2024-25");
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    expect(await (await member.get("/")).text()).toContain(`href="/rounds/${OPEN}"`);
  });
});

describe("closing and publishing", () => {
  it("say on their confirmation which returns the published figures will leave out", async () => {
    // The open round: Barking and Dagenham and Kent submitted, Barnet in draft, Medway approved.
    const close = pageText(await (await coordinator.get(`/admin/rounds/${OPEN}/status?to=closed`)).text());
    expect(close).toContain("2 submitted and 1 draft returns will not be in the published figures: only approved returns are.");
    const closed = await insertRound(database.db, {
      slug: "2022-23",
      financialYear: "2022-23",
      status: "closed",
      name: "SEND transport 2022-23",
    });
    await insertReturn(database.db, { roundId: closed.id, authorityCode: KENT, status: "queried", values: completeReturn() });
    await insertReturn(database.db, { roundId: closed.id, authorityCode: MEDWAY, status: "approved", values: completeReturn() });
    const publish = pageText(await (await coordinator.get("/admin/rounds/2022-23/status?to=published")).text());
    expect(publish).toContain("Publish the results?");
    expect(publish).toContain("1 queried return will not be in the published figures: only approved returns are.");
  });
});
