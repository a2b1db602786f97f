import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;
let member: TestClient;
let viewer: TestClient;
let coordinator: TestClient;
let others: Array<{ id: number; code: string; name: string }>;

const PAGES = (slug: string) => [
  `/results/${slug}`,
  `/results/${slug}/explore`,
  `/results/${slug}/explore?metric=unit_cost.special&terms=real`,
  `/results/${slug}/compare?x=spend_per_ehcp&y=unit_cost.post16`,
  `/results/${slug}/groups?metric=ehcp_rate_per_10k`,
  `/results/${slug}/neighbours`,
];
const DOWNLOADS = (slug: string) =>
  [
    "ranking&metric=unit_cost.send",
    "distribution",
    "composition",
    "groups&metric=unit_cost.send",
    "scatter&x=ehcp_rate_per_10k&y=unit_cost.send",
    "trend&metric=unit_cost.send",
    "metrics",
  ].map((query) => `/results/${slug}/download?view=${query}`);

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  // Every London authority plus three in the North East, whose region therefore stays suppressed.
  const authorities = await database.db
    .selectFrom("authorities")
    .select(["id", "code", "name", "region_name"])
    .where((eb) => eb.or([eb("region_name", "=", "London"), eb("code", "in", ["E06000001", "E06000002", "E06000003"])]))
    .execute();
  others = authorities.filter((a) => a.code !== AUTHORITY_A);
  for (const [index, slug] of ["2022-23", "2023-24"].entries()) {
    const round = await insertRound(database.db, { slug, financialYear: slug, status: "published" });
    for (const authority of authorities) {
      await insertReturn(database.db, {
        roundId: round.id,
        authorityCode: authority.code,
        status: "approved",
        values: syntheticReturn(authority.code, index),
      });
    }
    await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
  }
  const unpublished = await insertRound(database.db, { slug: "2024-25", financialYear: "2024-25", status: "closed" });
  await insertReturn(database.db, {
    roundId: unpublished.id,
    authorityCode: AUTHORITY_A,
    status: "approved",
    values: syntheticReturn(AUTHORITY_A, 2),
  });
  await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, unpublished.id));

  server = await startServer({ DATABASE_URL: database.url });
  member = new TestClient(server.baseUrl);
  await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
  viewer = new TestClient(server.baseUrl);
  await viewer.signIn(TEST_USERS.viewer.email, TEST_PASSWORD);
  coordinator = new TestClient(server.baseUrl);
  await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

/** Everything a client can fetch for a page: the HTML and Remix's single-fetch data for it. */
async function everythingAt(client: TestClient, path: string): Promise<string[]> {
  const url = new URL(path, server.baseUrl);
  const html = await client.get(path);
  expect(html.status, path).toBe(200);
  const data = await client.get(`${url.pathname}.data${url.search}`);
  expect(data.status, `${path} (.data)`).toBe(200);
  return [await html.text(), await data.text()];
}

function expectNoOtherAuthority(body: string, where: string) {
  for (const other of others) {
    expect(body.includes(other.name), `${where} names ${other.name}`).toBe(false);
    expect(body.includes(other.code), `${where} contains ${other.code}`).toBe(false);
  }
  expect(body, where).not.toMatch(/authority_?id|authorityCode/i);
}

describe("comparison views for a member", () => {
  it("names only the member's own authority on every page, data payload and download", async () => {
    for (const path of PAGES("2023-24")) {
      for (const body of await everythingAt(member, path)) expectNoOtherAuthority(body, path);
    }
    for (const path of DOWNLOADS("2023-24")) {
      const response = await member.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      expectNoOtherAuthority(await response.text(), path);
    }
  });

  it("gives the headline figures once, in a table, with rank, quartile band and the network's, region's and neighbours' medians", async () => {
    const text = pageText(await (await member.get("/results/2023-24")).text());
    expect(text).toContain("How Barking and Dagenham compares");
    expect(text).toContain(
      "Measure Barking and Dagenham Rank and quartile band Network median London median Statistical neighbours' median Change since previous return Growth since first return",
    );
    // Said once: the table, not sentences as well.
    expect(text).not.toMatch(/a child — \d+(st|nd|rd|th) lowest/);
    const row =
      /Unit cost per child: all SEND cohorts (£[\d,]+) (\d+)(st|nd|rd|th) lowest of 36(, (lowest|lower-middle|upper-middle|upper) quartile)? (£[\d,]+) (.+?) (£[\d,]+|suppressed: [^£]+?) [+-]?[\d.]+%/.exec(
        text,
      );
    expect(row, text).not.toBeNull();
    // London's 33 differ from the network's 36 by 3 councils: its figure beside the network's could
    // be differenced, so the region column says it is suppressed and why (rule 4).
    expect(row![7]).toBe("suppressed: differs from another figure shown by fewer than 5 authorities");
    // The neighbours' median is the one the neighbours page gives (the same figure, offered once).
    const neighbours = pageText(await (await member.get("/results/2023-24/neighbours")).text());
    // Its columns: own value, lower quartile, median, upper quartile.
    const onNeighbours = /Unit cost per child: all SEND cohorts £[\d,]+ (?:£[\d,]+ (£[\d,]+)|(suppressed: .+?authorities))/.exec(
      neighbours,
    );
    expect(onNeighbours, neighbours).not.toBeNull();
    expect(row![8], `${row![0]} / ${onNeighbours![0]}`).toBe(onNeighbours![1] ?? onNeighbours![2]);
  });

  it("marks the member's own region and own value on the regions chart, and every chart names its metric", async () => {
    const html = await (await member.get("/results/2023-24")).text();
    // The own region (London) is the highlighted row; the own value's line is named with the authority.
    expect(html).toMatch(/app-chart__group app-chart__group--own[^>]*>[\s\S]{0,400}?London/);
    expect(html).toMatch(/Barking and Dagenham: £[\d,]+<\/text>/);
    expect(pageText(html)).toContain("Your region");
    for (const label of ["Unit cost per child", "Share of transport spend", "Unit cost per child: all SEND cohorts"]) {
      expect(html, label).toContain(
        `text-anchor="middle" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${label}</text>`,
      );
    }
    const groups = await (await member.get("/results/2023-24/groups?metric=ehcp_rate_per_10k")).text();
    expect(groups).toMatch(/Barking and Dagenham: [\d.]+<\/text>/);
  });

  it("labels others afresh for every figure and round, and lists them one by one only for confidential metrics", async () => {
    const labels = async (slug: string, metric: string) => {
      const csv = await (await member.get(`/results/${slug}/download?view=ranking&metric=${metric}`)).text();
      return csv
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(",")[0]!);
    };
    const first = await labels("2022-23", "unit_cost.send");
    const second = await labels("2023-24", "unit_cost.send");
    const otherMetric = await labels("2023-24", "unit_cost.special");
    // Rows are in value order; the labels are not.
    const pseudonyms = first.filter((label) => label.startsWith("Authority "));
    expect(pseudonyms).toHaveLength(35);
    expect(pseudonyms).not.toEqual([...pseudonyms].sort());
    expect(first).not.toEqual(second);
    expect(second).not.toEqual(otherMetric);
    expect(first).toContain("Barking and Dagenham");
    // A public-linkable metric (EHCPs, published by DfE for every council): no one by one, only the distribution.
    const ehcps = await (await member.get("/results/2023-24/download?view=ranking&metric=ehcps")).text();
    expect(ehcps.trim().split(/\r?\n/)).toHaveLength(2);
    expect(ehcps).toMatch(/^group,n,q1,median,q3,own,own_rank\r?\nAll authorities,36,[\d.]+,[\d.]+,[\d.]+,[\d.]+,\d+ of 36/);
    const metrics = await (await member.get("/results/2023-24/download?view=metrics")).text();
    expect(metrics.split(/\r?\n/)[0]).toBe("round,authority,metric,statistic,value");
    expect(metrics).not.toMatch(/Authority \d+,ehcps,/);
    expect(metrics).toMatch(/All authorities,ehcps,median,/);
  });

  it("shows a region with too few approved returns as suppressed, not omitted", async () => {
    const text = pageText(await (await member.get("/results/2023-24/groups")).text());
    expect(text).toContain("North East");
    expect(text).toContain("suppressed: fewer than 5 authorities");
    const csv = await (await member.get("/results/2023-24/download?view=groups&metric=unit_cost.send")).text();
    // Contributor counts only for figures shown (spec §5.3 rule 8).
    expect(csv).toMatch(/North East,,,,,suppressed: fewer than 5 authorities/);
  });

  it("shows statistical neighbours only as an aggregate", async () => {
    const text = pageText(await (await member.get("/results/2023-24/neighbours")).text());
    expect(text).toContain("Your statistical neighbours");
    expect(text).toMatch(/Neighbours' median/);
  });

  it("offers cash or real terms only for metrics in money that have a real-terms form", async () => {
    for (const page of ["explore", "years"]) {
      const unitCost = await (await member.get(`/results/2023-24/${page}?metric=unit_cost.special`)).text();
      expect(pageText(unitCost), page).toContain("Unit costs in Cash terms Real terms");
      expect(unitCost).toContain('name="terms"');
      for (const metric of ["ehcp_rate_per_10k", "pa_per_100_children.send", "children.send"]) {
        const body = await (await member.get(`/results/2023-24/${page}?metric=${metric}`)).text();
        expect(body, `${page} ${metric}`).not.toContain('name="terms"');
        expect(pageText(body), `${page} ${metric}`).not.toContain("Cash terms");
      }
    }
  });

  it("shows nothing of an unpublished round", async () => {
    for (const path of [...PAGES("2024-25"), ...DOWNLOADS("2024-25")]) {
      expect((await member.get(path)).status, path).toBe(404);
    }
    expect(pageText(await (await member.get("/results")).text())).not.toContain("2024-25");
  });
});

describe("comparison views for a regional viewer", () => {
  it("never names an authority, and highlights their own region", async () => {
    for (const path of PAGES("2023-24").filter((p) => !p.endsWith("/neighbours"))) {
      for (const body of await everythingAt(viewer, path)) {
        expectNoOtherAuthority(body, path);
        expect(body).not.toContain("Barking and Dagenham");
      }
    }
    expect(pageText(await (await viewer.get("/results/2023-24/groups")).text())).toContain("London against other regions");
    expect((await viewer.get("/results/2023-24/neighbours")).status).toBe(403);
    // London's 33 differ from the network's 36 by 3 councils: a London figure beside the network's
    // could be differenced, so London is suppressed on every page, forecasts included.
    expect(pageText(await (await viewer.get("/results/2023-24/groups")).text())).toContain(
      "suppressed: differs from another figure shown by fewer than 5 authorities",
    );
    const forecasts = await everythingAt(viewer, "/results/2023-24/forecasts");
    for (const body of forecasts) expectNoOtherAuthority(body, "forecasts");
    expect(pageText(forecasts[0]!)).toContain(
      "London: suppressed: differs from another figure shown by fewer than 5 authorities, in every year.",
    );
    expect((await viewer.get("/results/2024-25")).status).toBe(404);
  });
});

describe("comparison views for a coordinator", () => {
  it("identifies authorities, and can preview an unpublished round", async () => {
    const csv = await (await coordinator.get("/results/2023-24/download?view=metrics")).text();
    expect(csv.split(/\r?\n/)[0]).toBe("round,authority,metric,value");
    expect(csv).toContain(`2023-24,${AUTHORITY_A},unit_cost.send,`);
    expect(pageText(await (await coordinator.get("/results/2023-24/explore")).text())).toContain("Barnet");
    expect((await coordinator.get("/results/2024-25")).status).toBe(200);
  });
});

describe("the metric glossary", () => {
  it("explains every metric from its definition, and how to read quartile bands and box plots, to anyone", async () => {
    const anonymous = new TestClient(server.baseUrl);
    const response = await anonymous.get("/glossary");
    expect(response.status).toBe(200);
    const text = pageText(await response.text());
    expect(text).toContain("Metric glossary");
    expect(text).toContain("What a quartile band is");
    expect(text).toContain("How to read a box plot");
    expect(text).toContain(
      "EHCPs per 10,000 residents aged 0 to 25 ehcp_rate_per_10k EHCPs maintained divided by the resident population aged 0 to 25, times 10,000. Per 10,000 Only as the network's median and quartiles, with your value placed in them",
    );
    expect(text).toContain("Growth since first return: EHCPs maintained growth.ehcps");
    expect(pageText(await (await anonymous.get("/data-dictionary")).text())).toContain("metric glossary");
  });
});
