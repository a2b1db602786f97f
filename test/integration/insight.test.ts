import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { listRoundMetrics } from "../../app/models/metrics.server";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { decodePng } from "../support/png";
import { insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";
import { PALETTE } from "../../app/components/charts/shared";

let database: TestDatabase;
let server: RunningServer;
let member: TestClient;
let viewer: TestClient;
let coordinator: TestClient;
let others: Array<{ code: string; name: string }>;

// Six London boroughs (not the member's) adopt route bundling between the rounds; nobody else has it.
// 33 London boroughs and 3 North East authorities: 36 in all, so 6 with and 30 without in 2023-24.
const ADOPTERS = ["E09000001", "E09000003", "E09000004", "E09000005", "E09000006", "E09000007"];

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const authorities = await database.db
    .selectFrom("authorities")
    .select(["id", "code", "name"])
    .where((eb) => eb.or([eb("region_name", "=", "London"), eb("code", "in", ["E06000001", "E06000002", "E06000003"])]))
    .execute();
  others = authorities.filter((a) => a.code !== AUTHORITY_A);
  for (const [index, slug] of ["2022-23", "2023-24"].entries()) {
    const round = await insertRound(database.db, { slug, financialYear: slug, status: "published" });
    for (const authority of authorities) {
      const values = {
        ...syntheticReturn(authority.code, index),
        "policy.route_bundling": index === 1 && ADOPTERS.includes(authority.code),
      };
      await insertReturn(database.db, { roundId: round.id, authorityCode: authority.code, status: "approved", values });
    }
    await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
  }
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

function expectNoOtherAuthority(body: string, where: string) {
  for (const other of others) {
    expect(body.includes(other.name), `${where} names ${other.name}`).toBe(false);
    expect(body.includes(other.code), `${where} contains ${other.code}`).toBe(false);
  }
}

async function textOf(client: TestClient, url: string): Promise<string> {
  const response = await client.get(url);
  expect(response.status, url).toBe(200);
  return response.text();
}

/** The page and its single-fetch data. */
async function everythingAt(client: TestClient, url: string): Promise<[string, string]> {
  const parsed = new URL(url, server.baseUrl);
  return [await textOf(client, url), await textOf(client, `${parsed.pathname}.data${parsed.search}`)];
}

function firstChart(html: string): string {
  const start = html.indexOf("<svg", html.indexOf('class="app-figure"'));
  return html.slice(start, html.indexOf("</svg>", start) + "</svg>".length);
}

function pdfText(bytes: ArrayBuffer): { text: string; pages: number } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pack-")), "pack.pdf");
  writeFileSync(file, Buffer.from(bytes));
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return { text: execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }), pages: Number(/Pages:\s+(\d+)/.exec(info)![1]) };
}

describe("what works", () => {
  it("compares councils with and without each policy, in words with the caveat, naming only the member", async () => {
    const [html, data] = await everythingAt(member, "/results/2023-24/policies");
    const text = pageText(html);
    expect(text).toContain("What works: transport policies and unit costs");
    expect(text).toContain("These are associations, not proof");
    expect(text).toMatch(
      /Councils with route bundling had a median SEND unit cost £[\d,]+ (lower|higher) than councils without \(£[\d,]+ against £[\d,]+; 6 with, 30 without\)\./,
    );
    // The member (not an adopter) had neither round's bundling; the difference in differences counts each side.
    expect(text).toContain("Your authority does not have this policy.");
    expect(text).toMatch(
      /the SEND unit cost of the 6 councils that adopted route bundling (rose|fell) by £[\d,]+ a child on average, against 30 councils that did not/,
    );
    for (const body of [html, data]) expectNoOtherAuthority(body, "policies");
  });

  it("compares a regional viewer's group only: 6 with and 27 without in London", async () => {
    const [html, data] = await everythingAt(viewer, "/results/2023-24/policies");
    const text = pageText(html);
    expect(text).toContain("in London");
    expect(text).toMatch(/6 with, 27 without/);
    expect(text).not.toContain("Your authority");
    for (const body of [html, data]) expectNoOtherAuthority(body, "policies for a viewer");
  });

  it("offers the chart as an SVG that is the page's own, and as a PNG twice its size", async () => {
    const html = await textOf(member, "/results/2023-24/policies");
    const onPage = firstChart(html);
    const svgResponse = await member.get("/results/2023-24/figure?figure=policies&format=svg");
    expect(svgResponse.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(svgResponse.headers.get("content-disposition")).toBe('attachment; filename="2023-24-policies.svg"');
    const svg = await svgResponse.text();
    const [width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(onPage)!.slice(1).map(Number) as [number, number];
    expect(svg).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n${onPage.replace("<svg ", `<svg width="${width}" height="${height}" font-family="&quot;GDS Transport&quot;, arial, sans-serif" `)}\n`,
    );
    const pngResponse = await member.get("/results/2023-24/figure?figure=policies&format=png");
    expect(pngResponse.headers.get("content-type")).toBe("image/png");
    const png = decodePng(new Uint8Array(await pngResponse.arrayBuffer()));
    expect([png.width, png.height]).toEqual([Math.round(width * 2), Math.round(height * 2)]);
    expect(html).toContain("/results/2023-24/figure?figure=policies&amp;format=svg");
    expect(html).toContain("/results/2023-24/figure?figure=policies&amp;format=png");
  });
});

describe("every year at a glance", () => {
  it("shows the member's own figures in every published round, with the network's band for one metric", async () => {
    const [html, data] = await everythingAt(member, "/results/2023-24/years?metric=unit_cost.special&terms=real");
    const text = pageText(html);
    expect(text).toContain("Every year at a glance");
    expect(text).toContain("Unit cost per child in real terms: special school");
    expect(text).toContain("Your authority's figures in every published round");
    expect(text).toMatch(/2022-23.*2023-24/);
    for (const body of [html, data]) expectNoOtherAuthority(body, "years");
  });

  it("downloads the member's own values at full precision, and nobody else's", async () => {
    const csv = await textOf(member, "/results/2023-24/download?view=own-figures&format=csv");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("financial_year,metric,value");
    const authority = (await database.db.selectFrom("authorities").select("id").where("code", "=", AUTHORITY_A).executeTakeFirstOrThrow())
      .id;
    const own: Array<{ financialYear: string; metricKey: string; value: number }> = [];
    for (const slug of ["2022-23", "2023-24"]) {
      const round = (await database.db.selectFrom("rounds").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
      for (const metric of await listRoundMetrics(database.db, round))
        if (metric.authorityId === authority) own.push({ financialYear: slug, ...metric });
    }
    expect(lines.length - 1).toBe(own.length);
    const unitCost = own.find((row) => row.financialYear === "2023-24" && row.metricKey === "unit_cost.send")!;
    expect(lines).toContain(`2023-24,unit_cost.send,${Number(unitCost.value)}`);
  });

  it("is for members only", async () => {
    expect((await viewer.get("/results/2023-24/years")).status).toBe(403);
    expect((await coordinator.get("/results/2023-24/years")).status).toBe(403);
  });
});

/** Every chart page of a member, and the registry's figures each draws (forecasts: two rounds give a decomposition, no forecast). */
const CHART_PAGES = [
  { page: "/results/2023-24", figures: ["distribution", "composition", "groups"] },
  { page: "/results/2023-24/explore?metric=unit_cost.special", figures: ["ranking", "trend"] },
  { page: "/results/2023-24/explore?metric=unit_cost.send", figures: ["ranking", "trend"] },
  { page: "/results/2023-24/compare?x=ehcp_rate_per_10k&y=unit_cost.send", figures: ["scatter"] },
  { page: "/results/2023-24/groups?metric=unit_cost.post16", figures: ["groups"] },
  { page: "/results/2023-24/years?metric=unit_cost.special&terms=real", figures: ["trend"] },
  { page: "/results/2023-24/policies", figures: ["policies"] },
  { page: "/results/2023-24/forecasts", figures: ["decomposition"] },
];

const unescape = (html: string) =>
  html
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

/** Each figure on a page: its SVG as the page has it, and its image links with their link text. */
function figuresOn(html: string) {
  const figures: Array<{ figure: string; svg: string; svgHref: string; pngHref: string; linkTexts: string[] }> = [];
  for (const match of html.matchAll(/<div id="(figure-[^"]+)" class="app-figure-container">/g)) {
    const rest = html.slice(match.index);
    const svg = rest.slice(rest.indexOf("<svg"), rest.indexOf("</svg>") + "</svg>".length);
    const links = [...rest.slice(0, rest.indexOf("</figure>")).matchAll(/<a href="([^"]+format=(?:svg|png))"[^>]*>([\s\S]*?)<\/a>/g)];
    figures.push({
      figure: new URL(unescape(links[0]![1]!), server.baseUrl).searchParams.get("figure")!,
      svg,
      svgHref: unescape(links[0]![1]!),
      pngHref: unescape(links[1]![1]!),
      linkTexts: links.map((link) => unescape(link[2]!.replace(/<[^>]+>/g, ""))),
    });
  }
  return figures;
}

describe("chart images and figures sent once (every chart page)", () => {
  it.each(CHART_PAGES)(
    "$page: each chart downloads as the page's own SVG and a PNG twice its size, named in its links",
    async ({ page, figures }) => {
      const html = await textOf(member, page);
      const found = figuresOn(html);
      expect(found.map((f) => f.figure)).toEqual(figures);
      for (const { figure, svg, svgHref, pngHref, linkTexts } of found) {
        const title = unescape(/<title[^>]*>([^<]*)<\/title>/.exec(svg)![1]!);
        expect(linkTexts).toEqual([`Download chart as SVG (${title})`, `Download chart as PNG (${title})`]);
        // The golden test: the download is the page's chart, byte for byte, with a size and the font added.
        const [width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number) as [number, number];
        const download = await textOf(member, svgHref);
        expect(download, `${figure} SVG`).toBe(
          `<?xml version="1.0" encoding="UTF-8"?>\n${svg.replace("<svg ", `<svg width="${width}" height="${height}" font-family="&quot;GDS Transport&quot;, arial, sans-serif" `)}\n`,
        );
        const pngResponse = await member.get(pngHref);
        expect(pngResponse.headers.get("content-type")).toBe("image/png");
        const png = decodePng(new Uint8Array(await pngResponse.arrayBuffer()));
        expect([png.width, png.height], `${figure} PNG size`).toEqual([Math.round(width * 2), Math.round(height * 2)]);
        if (svg.includes(PALETTE.own)) {
          // The own authority's colour, drawn where the SVG puts an own mark.
          const own = [1, 3, 5].map((i) => parseInt(PALETTE.own.slice(i, i + 2), 16));
          let ownPixels = 0;
          for (let y = 0; y < png.height; y += 1)
            for (let x = 0; x < png.width; x += 1)
              if (
                png
                  .pixel(x, y)
                  .slice(0, 3)
                  .every((c, i) => c === own[i])
              )
                ownPixels += 1;
          expect(ownPixels, `${figure} PNG has the own colour`).toBeGreaterThan(20);
        }
      }
    },
  );

  it.each(CHART_PAGES)("$page: sends each figure's SVG once in the document, and in full in its single-fetch data", async ({ page }) => {
    const [html, data] = await everythingAt(member, page);
    for (const { figure, svg } of figuresOn(html)) {
      expect(html.split(svg).length - 1, `${figure} in the markup`).toBe(1);
    }
    // Nothing of a chart in the hydration data: no SVG as an escaped string.
    const scripts = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("\n");
    expect(scripts).not.toMatch(/<svg|\\u003csvg|viewBox/);
    // A client-side navigation gets the figures as data, drawn once there.
    for (const { figure } of figuresOn(html)) expect(data, `${figure} in .data`).toContain(`figure-${figure}`);
    expect(data).toContain("viewBox");
  });
});

describe("briefing pack", () => {
  const SECTIONS = [
    "Headlines",
    "Unit costs and where the budget goes",
    "The demand picture",
    "Why spend changed",
    "What works",
    "Data notes and sources",
  ];

  it("has every section on the page and in the PDF, naming only the member's authority", async () => {
    const [html, data] = await everythingAt(member, "/results/2023-24/pack");
    const text = pageText(html);
    expect(text).toContain("Briefing pack: Barking and Dagenham");
    for (const section of [...SECTIONS, "Your region and your statistical neighbours"]) expect(text).toContain(section);
    expect(html).toContain('href="/pack.css"');
    for (const body of [html, data]) expectNoOtherAuthority(body, "pack");

    const response = await member.get("/results/2023-24/pack/pdf");
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const pdf = pdfText(await response.arrayBuffer());
    expect(pdf.pages).toBeGreaterThanOrEqual(SECTIONS.length);
    for (const section of SECTIONS) expect(pdf.text).toContain(section);
    expect(pdf.text).toContain("Barking and Dagenham");
    expectNoOtherAuthority(pdf.text, "pack PDF");
  });

  it("is about the group for a regional viewer, and not offered to coordinators", async () => {
    const text = pageText(await textOf(viewer, "/results/2023-24/pack"));
    expect(text).toContain("Briefing pack: London");
    expect(text).toContain("Your group among the regions");
    expect((await coordinator.get("/results/2023-24/pack")).status).toBe(403);
  });
});
