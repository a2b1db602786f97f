/**
 * The attack suite of domain spec §5.4: plays the attacker of §5.1 — several members of different
 * authorities and regional viewers, pooling what they read, with every public statistic — against a
 * seeded network built through the coordinator's command line, and fails if any attack succeeds.
 * Each attack reports what it got right; a crawl that reached nothing fails before any attack can
 * "pass" by finding nothing. Set DISCLOSURE_REPORT=path to write the counts and leaking figures.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRANSPORT_NAMES } from "../../app/domain/question-set";
import { summarise } from "../../app/domain/statistics";
import { listRoundMetrics } from "../../app/models/metrics.server";
import { loadSen2Figures } from "../../app/models/public-statistics.server";
import { censusYearOfRound } from "../../app/domain/sen2";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import {
  type AttackResult,
  type TimedGroupFigure,
  type Truth,
  differencing,
  groupPlacement,
  labelJoins,
  publicLinkage,
  tieOrder,
  trendRebuilding,
} from "./attacks";
import { type CrawledDocument, Crawler, decodeEntities } from "./crawler";
import { type LabelledFigure, type Vocabulary, cellText, groupFigures, labelledFigures, seriesFigures, tablesOf } from "./extract";
import {
  ATTACK_PASSWORD,
  LATEST_PUBLISHED,
  OPEN_ROUND,
  ROUNDS,
  type SeededNetwork,
  WITHDRAWN,
  approveLateReturn,
  buildNetwork,
} from "./network";

const MIN_GROUP_SIZE = 5;
const PUBLISHED = ROUNDS.filter((round) => round.final === "published").map((round) => round.slug);

let database: TestDatabase;
/**
 * Two server processes on the one seeded database: the server is the crawl's bottleneck, so on two
 * cores two of them read twice as fast. The first also takes the fence attack's writes.
 */
const servers: RunningServer[] = [];
let nextServer = 0;
let network: SeededNetwork;
interface Crawl {
  who: string;
  phase: string;
  documents: Map<string, CrawledDocument>;
  forms: Crawler["forms"];
  truth: Truth;
  vocabulary: Vocabulary;
}
let crawls: Crawl[] = [];
const results: AttackResult[] = [];
let fenceResult: AttackResult;
let withdrawnResult: AttackResult;

async function readTruth(db: Kysely<Database>, codes: string[]): Promise<Truth> {
  // The identified metrics the pipeline stored for each published round (the app's own reader).
  const rounds = await db.selectFrom("rounds").select(["id", "slug"]).where("status", "=", "published").execute();
  const metrics: Truth["metrics"] = new Map();
  for (const round of rounds) {
    const byMetric = new Map<string, Map<string, number>>();
    for (const row of await listRoundMetrics(db, round.id)) {
      let byCode = byMetric.get(row.metricKey);
      if (!byCode) byMetric.set(row.metricKey, (byCode = new Map()));
      byCode.set(row.authorityCode, Number(row.value));
    }
    metrics.set(round.slug, byMetric);
  }
  const memberships = await db
    .selectFrom("groups")
    .innerJoin("group_members", "group_members.group_id", "groups.id")
    .innerJoin("authorities", "authorities.id", "group_members.authority_id")
    .select(["groups.name", "authorities.code"])
    .execute();
  const groups: Truth["groups"] = new Map();
  for (const row of memberships) {
    if (!codes.includes(row.code)) continue;
    if (!groups.has(row.name)) groups.set(row.name, new Set());
    groups.get(row.name)!.add(row.code);
  }
  return { metrics, groups, codes };
}

async function signedIn(email: string, server = servers[0]!): Promise<TestClient> {
  const client = new TestClient(server.baseUrl);
  const response = await client.signIn(email, ATTACK_PASSWORD);
  if (response.status !== 302) throw new Error(`${email} could not sign in (${response.status})`);
  return client;
}

/**
 * What each attacker reads (the crawl is link-driven; these only say which of the links to follow).
 * Labels are drawn per round and figure, the same for every viewer, so one member reading every
 * labelled page of every round gives the attackers every labelled figure there is; the others add
 * what depends on who is looking — their own region, family group, statistical neighbours and
 * forecasts — and come back after the late approval to the pages with group figures.
 */
const params = (path: string) => new URL(path, "http://x").searchParams;
const isRoundPage = (path: string, slug: string) => path.startsWith(`/results/${slug}`);
const outsideResults = (path: string) => !path.startsWith("/results/");
/** Pages whose others' figures are drawn one by one (or as unlabelled points), alike for every viewer. */
function labelledPage(path: string): boolean {
  const view = params(path).get("view");
  return (
    /^\/results\/[^/]+\/(compare|figure)/.test(path) ||
    (/^\/results\/[^/]+\/download/.test(path) && (view === "scatter" || view === "ranking"))
  );
}
/** A page of one metric among many (the per-metric choices of explore, years, groups and their downloads). */
function perMetricPage(path: string): boolean {
  return /^\/results\/[^/]+\/(explore|years|groups|download)/.test(path) && params(path).has("metric");
}
/** The first member, before: every page of the latest round (read in one part)… */
function latestRound(path: string): boolean {
  return outsideResults(path) || !/^\/results\/20/.test(path) || isRoundPage(path, LATEST_PUBLISHED);
}
/** … and earlier rounds (in another) without compare, figures and scatter downloads. */
function earlierRounds(path: string): boolean {
  if (path === "/results" || path.startsWith("/results?")) return true;
  if (outsideResults(path)) return false;
  if (!/^\/results\/20/.test(path)) return true;
  if (isRoundPage(path, LATEST_PUBLISHED)) return false;
  return !/^\/results\/[^/]+\/(compare|figure)/.test(path) && params(path).get("view") !== "scatter";
}
/** The first viewer, before: every round's group pages, none of the labelled pages a member reads the same. */
function viewerRounds(path: string): boolean {
  if (outsideResults(path)) return true;
  return !labelledPage(path) && !(/\/explore/.test(path) && params(path).has("metric"));
}
/** The other members and the family viewer: the latest round's pages that depend on who is looking. */
function pooledPages(path: string): boolean {
  if (outsideResults(path)) return !path.startsWith("/rounds/") || path.startsWith(`/rounds/${OPEN_ROUND}`);
  return isRoundPage(path, LATEST_PUBLISHED) && !labelledPage(path) && !perMetricPage(path);
}
/** After the late approval: the latest round's group figures, every metric. */
function afterPages(path: string): boolean {
  if (path === "/results" || path.startsWith("/results?")) return true;
  if (outsideResults(path)) return false;
  return isRoundPage(path, LATEST_PUBLISHED) && !labelledPage(path) && !/\/(explore|years)/.test(path);
}

/**
 * One attacker's reading, split into parts (each a scope) read at once on the servers in turn; the
 * parts' documents and forms are pooled as one crawl.
 */
async function crawlAs(
  who: string,
  email: string,
  phase: string,
  ownNames: string[],
  ...parts: Array<(path: string) => boolean>
): Promise<Crawl> {
  const read = await Promise.all(
    parts.map(async (scope) => {
      const crawler = new Crawler(await signedIn(email, servers[nextServer++ % servers.length]!), { scope });
      return { documents: await crawler.crawl(), forms: crawler.forms };
    }),
  );
  const documents = new Map(read.flatMap((part) => [...part.documents]));
  const truth = await readTruth(
    database.db,
    network.authorities.map((a) => a.code),
  );
  return {
    who,
    phase,
    documents,
    forms: read.flatMap((part) => part.forms),
    truth,
    vocabulary: { groupNames: [...truth.groups.keys()], ownNames },
  };
}

/** The first member's first crawl: the one that read every published round. */
function leadCrawl(): Crawl {
  return crawls.find((crawl) => crawl.phase === "before" && crawl.who === `member of ${network.members[0]!.authority.name}`)!;
}

/**
 * DISCLOSURE_REUSE (a development aid: attack again without crawling): one gzipped JSON line per
 * document, and a first line with everything else; Maps and Sets kept.
 */
function saveReuse(file: string) {
  const json = (value: unknown) =>
    JSON.stringify(value, (_key, item: unknown) =>
      item instanceof Map ? { __map: [...item] } : item instanceof Set ? { __set: [...item] } : item,
    );
  const line = (value: unknown) => gzipSync(json(value)).toString("base64");
  const head = { network, fenceResult, crawls: crawls.map((crawl) => ({ ...crawl, documents: [...crawl.documents.keys()] })) };
  const lines = [line(head)];
  for (const crawl of crawls) for (const doc of crawl.documents.values()) lines.push(line(doc));
  writeFileSync(file, lines.join("\n"));
}

function loadReuse(file: string) {
  const parse = (text: string) =>
    JSON.parse(gunzipSync(Buffer.from(text, "base64")).toString(), (_key, item: unknown) => {
      if (item && typeof item === "object" && "__map" in item) return new Map((item as { __map: Array<[unknown, unknown]> }).__map);
      if (item && typeof item === "object" && "__set" in item) return new Set((item as { __set: unknown[] }).__set);
      return item;
    }) as unknown;
  const [headLine, ...docLines] = readFileSync(file, "utf8").split("\n");
  const head = parse(headLine!) as {
    network: SeededNetwork;
    fenceResult: AttackResult;
    crawls: Array<Omit<Crawl, "documents"> & { documents: string[] }>;
  };
  network = head.network;
  fenceResult = head.fenceResult;
  let at = 0;
  crawls = head.crawls.map((crawl) => {
    const documents = new Map<string, CrawledDocument>();
    for (const url of crawl.documents) documents.set(url, parse(docLines[at++]!) as CrawledDocument);
    return { ...crawl, documents };
  });
}

/** The open round's others' special-school unit costs, as the app's outlier warning sees them. */
function specialUnitCosts(slug: string, except: string): number[] {
  const costs: number[] = [];
  for (const [code, values] of network.returns.get(slug)!) {
    if (code === except) continue;
    const spend = values["transport.special.spend"];
    const children = values["transport.special.children"];
    if (typeof spend === "number" && typeof children === "number" && children > 0) costs.push(spend / children);
  }
  return costs;
}

/**
 * Unpublished-round fences: the attacker types special-school figures into their own open-round
 * return and reads the check page's warnings, first for any £ limit the message states, then by
 * bisection on the unit cost at which a warning about it appears. From the upper and lower limits
 * U = Q3 + 3·IQR and L = Q1 − 3·IQR follow Q1 and Q3; it succeeds when they are the open round's.
 */
async function fenceAttack(): Promise<AttackResult> {
  const member = network.members[0]!;
  const client = await signedIn(member.email);
  const evidence: string[] = [];
  const sectionPath = [...leadCrawl().documents.values()].find(
    (doc) =>
      doc.kind === "html" && doc.url.startsWith(`/rounds/${OPEN_ROUND}/sections/`) && doc.text.includes('name="transport.special.spend"'),
  )?.url;
  if (!sectionPath) throw new Error("The crawl reached no open-round form with the special-school spend field");
  const specialName = TRANSPORT_NAMES.special;
  let requests = 0;
  const warningsAt = async (unitCost: number): Promise<string[]> => {
    const page = await (await client.get(sectionPath)).text();
    const form = [...page.matchAll(/<form\b[^>]*action="([^"]+)"[\s\S]*?<\/form>/g)].find((match) =>
      match[0].includes('name="transport.special.spend"'),
    );
    if (!form) throw new Error(`${sectionPath} no longer offers the special-school spend field`);
    const fields: Record<string, string> = {};
    for (const input of form[0].matchAll(/<input\b[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
      if (name) fields[name] = decodeEntities(value);
    }
    fields["transport.special.children"] = "100";
    fields["transport.special.spend"] = String(Math.round(unitCost * 100));
    const saved = await client.post(decodeEntities(form[1]!), fields);
    requests += 3;
    if (saved.status >= 400) throw new Error(`Saving the open-round section failed with ${saved.status}`);
    const check = pageText(await (await client.get(`/rounds/${OPEN_ROUND}/check`)).text());
    return check
      .split(/(?<=[.—])\s+|(?=Unit cost of)/)
      .filter((sentence) => sentence.includes(specialName) && /unit cost/i.test(sentence) && !/usual range/i.test(sentence));
  };
  // Stated limits: "£23,038" in the message itself.
  const high = await warningsAt(59_000);
  const low = await warningsAt(150);
  const stated = (sentences: string[]) =>
    sentences
      .flatMap((s) => [...s.matchAll(/limit[^£]*£([\d,]+)/g)].map((m) => Number(m[1]!.replace(/,/g, ""))))
      .filter((n) => n !== 59_000 && n !== 150);
  let upper = stated(high)[0] ?? null;
  let lower = stated(low)[0] ?? null;
  // Bisection on the warning's presence.
  const bisect = async (from: number, to: number, warnsAbove: boolean) => {
    let [a, b] = [from, to];
    for (let step = 0; step < 16; step++) {
      const mid = (a + b) / 2;
      const warns = (await warningsAt(mid)).length > 0;
      if (warns === warnsAbove) b = mid;
      else a = mid;
    }
    return (a + b) / 2;
  };
  if (upper === null && high.length > 0) upper = await bisect(8_000, 59_000, true);
  if (lower === null && low.length > 0) lower = await bisect(8_000, 150, true);
  const openCosts = specialUnitCosts(OPEN_ROUND, member.authority.code);
  const { q1: openQ1, q3: openQ3 } = summarise(openCosts)!;
  const publishedCosts = specialUnitCosts(LATEST_PUBLISHED, member.authority.code);
  const { q1: publishedQ1, q3: publishedQ3 } = summarise(publishedCosts)!;
  let successes = 0;
  if (upper !== null && lower !== null) {
    // U = 4·Q3 − 3·Q1, L = 4·Q1 − 3·Q3  ⇒  Q3 − Q1 = (U − L)/7, Q1 + Q3 = U + L.
    const iqr = (upper - lower) / 7;
    const q1 = (upper + lower - iqr) / 2;
    const q3 = (upper + lower + iqr) / 2;
    const close = (x: number, y: number) => Math.abs(x - y) <= Math.abs(y) * 0.01;
    for (const [name, got, truthOpen, truthPublished] of [
      ["Q1", q1, openQ1, publishedQ1],
      ["Q3", q3, openQ3, publishedQ3],
    ] as const) {
      if (close(got, truthOpen) && !close(got, truthPublished)) {
        successes++;
        evidence.push(
          `${OPEN_ROUND} special-school unit cost ${name} ≈ £${got.toFixed(0)} (true £${truthOpen.toFixed(0)}; last published £${truthPublished.toFixed(0)}) from limits £${lower.toFixed(0)}–£${upper.toFixed(0)} on /rounds/${OPEN_ROUND}/check`,
        );
      }
    }
    if (successes === 0)
      evidence.push(
        `limits £${lower.toFixed(0)}–£${upper.toFixed(0)} give Q1 £${q1.toFixed(0)}, Q3 £${q3.toFixed(0)}: not the open round's (£${openQ1.toFixed(0)}, £${openQ3.toFixed(0)})`,
      );
  } else evidence.push(`no limits found (upper ${upper}, lower ${lower})`);
  evidence.push(`${requests} requests typed into the open round`);
  return { attack: "unpublished-round fences (validation messages)", successes, evidence };
}

/** Nothing of the withdrawn round: its pages, its year in any series, or its values in own change figures. */
/** What DfE published for the withdrawn round's year: every authority's EHCPs and every group's total of them. */
async function publicEhcpsOfYear(db: Kysely<Database>, year: string): Promise<Set<number>> {
  const sen2 = await loadSen2Figures(db, { breakdowns: ["ehcp.total"] });
  const census = censusYearOfRound(year)!;
  const ehcps = (code: string) => sen2.valuesAt(code, census, ["ehcp.total"])["ehcp.total"];
  const authorities = await db.selectFrom("authorities").select("code").execute();
  const figures = new Set(authorities.map((row) => ehcps(row.code)).filter((value) => value !== undefined));
  const memberships = await db
    .selectFrom("group_members")
    .innerJoin("authorities", "authorities.id", "group_members.authority_id")
    .select(["group_members.group_id", "authorities.code"])
    .execute();
  const totals = new Map<number, number>();
  for (const row of memberships) totals.set(row.group_id, (totals.get(row.group_id) ?? 0) + (ehcps(row.code) ?? 0));
  for (const total of totals.values()) figures.add(total);
  return figures;
}

function withdrawnAttack(ownFigures: readonly LabelledFigure[], publicEhcpsOfWithdrawnYear: Set<number>): AttackResult {
  const withdrawnIndex = ROUNDS.findIndex((round) => round.slug === WITHDRAWN);
  const evidence: string[] = [];
  let successes = 0;
  for (const crawl of crawls) {
    for (const doc of crawl.documents.values()) {
      if (doc.status === 200 && doc.url.startsWith(`/results/${WITHDRAWN}`)) {
        successes++;
        evidence.push(`${crawl.who}: ${doc.url} is served`);
      }
      if (doc.status !== 200 || !doc.url.startsWith("/results")) continue;
      // A year's figure told in words (a chart's text alternative): "2021-22 111,341". DfE's own
      // SEN2 figure for that year (the forecasts' longer series) is public, not the withdrawn return.
      const text =
        doc.kind === "html" || doc.kind === "svg"
          ? cellText(doc.text.replace(/<script[\s\S]*?<\/script>/g, ""))
          : doc.kind === "pdf"
            ? doc.text.replace(/\s+/g, " ")
            : "";
      for (const said of text.matchAll(new RegExp(`${WITHDRAWN}:? (-?£?)([\\d,]+(\\.\\d+)?)(?![\\d,.-])`, "g"))) {
        if (said[1] === "" && publicEhcpsOfWithdrawnYear.has(Number(said[2]!.replace(/,/g, "")))) continue;
        // An earlier round's page names the next year only as a projection from its own data.
        if (ROUNDS.findIndex((round) => doc.url.startsWith(`/results/${round.slug}/`)) < withdrawnIndex) continue;
        successes++;
        if (evidence.length < 10) evidence.push(`${crawl.who}: ${doc.url} says "${said[0]}"`);
      }
      for (const table of tablesOf(doc)) {
        const fromWithdrawn = (row: string[]) => row.includes(WITHDRAWN) && !row.some((cell) => /SEN2/.test(cell));
        if (table.rows.some(fromWithdrawn) || table.headers.includes(WITHDRAWN)) {
          successes++;
          if (evidence.length < 10) evidence.push(`${crawl.who}: ${doc.url} table "${table.caption}" has a ${WITHDRAWN} entry`);
        }
      }
    }
  }
  // The member's own change in the round after the withdrawn one must be against the round before it.
  const member = network.members[0]!;
  const own = (slug: string) => network.returns.get(slug)!.get(member.authority.code)!;
  const after = ROUNDS[ROUNDS.findIndex((r) => r.slug === WITHDRAWN) + 1]!.slug;
  const before = ROUNDS[ROUNDS.findIndex((r) => r.slug === WITHDRAWN) - 1]!.slug;
  const ehcps = (slug: string) => own(slug)["ehcp.total"] as number;
  const viaWithdrawn = (ehcps(after) / ehcps(WITHDRAWN) - 1) * 100;
  const expected = (ehcps(after) / ehcps(before) - 1) * 100;
  for (const figure of ownFigures.filter((f) => f.round === after && f.metric === "change.ehcps")) {
    if (Math.abs(figure.value - viaWithdrawn) < Math.abs(figure.value - expected) && Math.abs(figure.value - viaWithdrawn) <= 0.051) {
      successes++;
      evidence.push(
        `own change.ehcps in ${after} is ${figure.value}% (${figure.url}): against the withdrawn ${WITHDRAWN}, not ${before} (${expected.toFixed(1)}%)`,
      );
      break;
    }
  }
  return { attack: "withdrawn round reachable or feeding figures", successes, evidence };
}

interface ExtractedCrawl {
  others: LabelledFigure[];
  own: LabelledFigure[];
  groups: TimedGroupFigure[];
}
const extracted: ExtractedCrawl[] = [];

beforeAll(async () => {
  const started = Date.now();
  const reuse = process.env.DISCLOSURE_REUSE;
  if (reuse && existsSync(reuse)) {
    loadReuse(reuse);
  } else {
    database = await createTestDatabase({ publicStatistics: true });
    network = await buildNetwork(database.db, database.url);
    // One after the other: two processes starting at once on a busy machine can miss the start timeout.
    for (let i = 0; i < 2; i++) servers.push(await startServer({ DATABASE_URL: database.url, MIN_GROUP_SIZE: String(MIN_GROUP_SIZE) }));
    const [first, second, third] = network.members;
    const names = (m: typeof first) => [m!.authority.name];
    const [firstViewer, secondViewer] = network.viewers;
    // Before the late return is approved: the first member and viewer read every published round,
    // the others the latest round they pool into.
    crawls.push(
      ...(await Promise.all([
        crawlAs(`member of ${first!.authority.name}`, first!.email, "before", names(first), latestRound, earlierRounds),
        crawlAs(`viewer of ${firstViewer!.groupSlug}`, firstViewer!.email, "before", [], viewerRounds),
        crawlAs(`member of ${second!.authority.name}`, second!.email, "before", names(second), pooledPages),
        crawlAs(`member of ${third!.authority.name}`, third!.email, "before", names(third), pooledPages),
        crawlAs(`viewer of ${secondViewer!.groupSlug}`, secondViewer!.email, "before", [], pooledPages),
      ])),
    );
    // The coordinator approves a late return and republishes the round; the attackers come back.
    await approveLateReturn(database.url, network);
    crawls.push(
      ...(await Promise.all([
        crawlAs(`member of ${first!.authority.name}`, first!.email, "after", names(first), afterPages),
        crawlAs(`viewer of ${firstViewer!.groupSlug}`, firstViewer!.email, "after", [], afterPages),
      ])),
    );
    fenceResult = await fenceAttack();
    if (reuse) saveReuse(reuse);
  }

  for (const crawl of crawls) {
    const item: ExtractedCrawl = { others: [], own: [], groups: [] };
    for (const doc of crawl.documents.values()) {
      for (const table of tablesOf(doc)) {
        const figures = labelledFigures(table, crawl.vocabulary);
        item.others.push(...figures.others);
        item.own.push(...figures.own);
        item.groups.push(...groupFigures(table, crawl.vocabulary).map((g) => ({ ...g, phase: crawl.phase, truth: crawl.truth })));
      }
      item.groups.push(...seriesFigures(doc, crawl.vocabulary).map((g) => ({ ...g, phase: crawl.phase, truth: crawl.truth })));
    }
    extracted.push(item);
  }
  // Pooled: what every attacker read, each crawl scored against the truth of its moment.
  const before = extracted.filter((_, i) => crawls[i]!.phase === "before");
  const truthBefore = leadCrawl().truth;
  // One figure per (round, metric, label, value): a page, its download and its loader data show the same figure.
  const othersBefore = [
    ...new Map(before.flatMap((e) => e.others).map((f) => [`${f.round}|${f.metric}|${f.label}|${f.value}`, f])).values(),
  ];
  results.push(publicLinkage(othersBefore, truthBefore, network.publicFigures));
  results.push(labelJoins(othersBefore, truthBefore));
  results.push(trendRebuilding(othersBefore, truthBefore, PUBLISHED));
  const distinctGroups = (groups: TimedGroupFigure[]) => [
    ...new Map(groups.map((g) => [`${g.phase}|${g.round}|${g.metric}|${g.group}|${g.statistic}|${g.n}|${g.value}|${g.url}`, g])).values(),
  ];
  results.push(groupPlacement(othersBefore, distinctGroups(before.flatMap((e) => e.groups)), truthBefore));
  results.push(differencing(distinctGroups(extracted.flatMap((e) => e.groups)), MIN_GROUP_SIZE));
  // Tie order within each crawl's own documents (another crawler's copy of a page has its own row elsewhere).
  results.push(
    tieOrder(
      before.flatMap((e, i) => e.others.map((f) => ({ ...f, column: `${i}#${f.column}` }))),
      truthBefore,
    ),
  );
  results.push(fenceResult);
  results.push(
    (withdrawnResult = withdrawnAttack(
      extracted[crawls.indexOf(leadCrawl())]!.own,
      await publicEhcpsOfYear(database.db, ROUNDS.find((round) => round.slug === WITHDRAWN)!.year),
    )),
  );

  if (process.env.DISCLOSURE_REPORT) {
    const lines = [
      `# Attack status (${new Date().toISOString()}, ${process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite"}, ${Math.round((Date.now() - started) / 1000)} s)`,
      "",
      "| crawl | documents | html | csv | xlsx | .data |",
      "|---|---|---|---|---|---|",
      ...crawls.map((c) => {
        const docs = [...c.documents.values()];
        const count = (kind: string) => docs.filter((d) => d.kind === kind && d.status === 200).length;
        return `| ${c.who} (${c.phase}) | ${docs.length} | ${count("html")} | ${count("csv")} | ${count("xlsx")} | ${count("data")} |`;
      }),
      "",
      "| attack | successes | what leaked (first few) |",
      "|---|---|---|",
      ...results.map((r) => `| ${r.attack} | ${r.successes} | ${r.evidence.slice(0, 4).join("<br>").replace(/\|/g, "\\|")} |`),
      "",
      ...results.flatMap((r) => [`## ${r.attack}: ${r.successes}`, "", ...r.evidence.map((e) => `- ${e}`), ""]),
    ];
    writeFileSync(process.env.DISCLOSURE_REPORT, lines.join("\n"));
  }
}, 900_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await database?.destroy();
});

function documentsOf(who: RegExp, phase = "before"): CrawledDocument[] {
  return crawls.filter((c) => who.test(c.who) && c.phase === phase).flatMap((c) => [...c.documents.values()]);
}

describe("the attacker's crawl reaches what a member and a regional viewer can", () => {
  it("reads every published round's pages, every choice of their forms, downloads and loader data", () => {
    const member = documentsOf(/^member of/).filter((d) => d.status === 200);
    const paths = new Set(member.map((d) => d.url.replace(/\?.*$/, "")));
    for (const slug of PUBLISHED)
      expect([...paths].filter((p) => p.startsWith(`/results/${slug}`)).length, `pages of ${slug}`).toBeGreaterThanOrEqual(5);
    // Every metric of the explorer's picker, in cash and real terms, was chosen.
    const explorer = leadCrawl().forms.find((form) => form.action === `/results/${LATEST_PUBLISHED}/explore`);
    expect(explorer?.fields.metric?.length ?? 0).toBeGreaterThanOrEqual(40);
    for (const metric of explorer!.fields.metric!) {
      expect(
        member.some(
          (d) =>
            d.url.startsWith(`/results/${LATEST_PUBLISHED}/explore?`) && new URL(d.url, "http://x").searchParams.get("metric") === metric,
        ),
        metric,
      ).toBe(true);
    }
    expect(member.filter((d) => d.kind === "csv").length).toBeGreaterThanOrEqual(100);
    expect(member.filter((d) => d.kind === "xlsx").length).toBeGreaterThanOrEqual(1);
    expect(member.filter((d) => d.kind === "data").length).toBeGreaterThanOrEqual(10);
    expect(member.filter((d) => d.kind === "html" && d.data !== undefined).length).toBeGreaterThanOrEqual(300);
    expect(paths.has(`/rounds/${OPEN_ROUND}/check`)).toBe(true);
  });

  it("reads the policies, every-year, briefing-pack (HTML and PDF), figure downloads and EHCP demand pages", () => {
    const member = documentsOf(/^member of/).filter((d) => d.status === 200);
    const has = (pattern: RegExp, kind: string) => member.some((d) => pattern.test(d.url) && d.kind === kind);
    for (const slug of PUBLISHED) {
      expect(has(new RegExp(`^/results/${slug}/policies$`), "html"), `policies of ${slug}`).toBe(true);
      expect(has(new RegExp(`^/results/${slug}/years\\?metric=`), "html"), `years of ${slug}`).toBe(true);
      expect(has(new RegExp(`^/results/${slug}/pack$`), "html"), `pack of ${slug}`).toBe(true);
    }
    expect(has(/\/pack\/pdf$/, "pdf")).toBe(true);
    expect(member.find((d) => d.kind === "pdf")!.text).toMatch(/Briefing pack/);
    expect(has(/\/download\?.*view=/, "csv")).toBe(true);
    expect(has(/\/figure\?.*format=svg/, "svg")).toBe(true);
    expect(has(/^\/demand$/, "html")).toBe(true);
  });

  it("the EHCP demand page names authorities with public SEN2 figures only, nothing joinable with a label (rule 9)", () => {
    const demand = crawls.flatMap((c) => [...c.documents.values()]).filter((d) => d.status === 200 && /^\/demand/.test(d.url));
    expect(demand.length).toBeGreaterThan(0);
    // The page shows real SEN2 series (the network's EHCPs are SEN2's), by name.
    expect(demand.some((d) => d.kind === "html" && /Hartlepool/.test(d.text) && /\d{1,3},\d{3}/.test(cellText(d.text)))).toBe(true);
    for (const doc of demand) {
      const text = doc.kind === "html" ? cellText(doc.text.replace(/<script[\s\S]*?<\/script>/g, "")) : doc.text;
      expect(text, doc.url).not.toMatch(/Authority \d{2}/);
      expect(text, doc.url).not.toMatch(/unit cost|transport spend|children per route|pseudonym/i);
    }
  });

  it("reads the regional viewer's pages and the round again after it is republished", () => {
    const viewer = documentsOf(/^viewer of north-east/).filter((d) => d.status === 200);
    expect(viewer.filter((d) => d.kind === "html").length).toBeGreaterThanOrEqual(100);
    expect(viewer.some((d) => d.kind === "csv")).toBe(true);
    expect(
      documentsOf(/^member of/, "after").filter((d) => d.status === 200 && d.url.startsWith(`/results/${LATEST_PUBLISHED}`)).length,
    ).toBeGreaterThanOrEqual(100);
  });

  it("finds figures to attack: others' labelled figures and group figures in every published round", () => {
    const before = extracted.filter((_, i) => crawls[i]!.phase === "before");
    const groups = before.flatMap((e) => e.groups);
    const own = before.flatMap((e) => e.own);
    for (const slug of PUBLISHED) {
      expect(groups.filter((g) => g.round === slug).length, `group figures of ${slug}`).toBeGreaterThanOrEqual(50);
      expect(own.filter((f) => f.round === slug).length, `own figures of ${slug}`).toBeGreaterThanOrEqual(20);
    }
  });
});

describe("no attack of domain spec §5.4 succeeds", () => {
  const names = [
    "public linkage",
    "joins across figures",
    "trend rebuilding",
    "group placement",
    "differencing",
    "tie order",
    "unpublished-round fences",
    "withdrawn round",
  ];
  for (const name of names) {
    it(`${name}: zero successes`, () => {
      const result = results.find((r) => r.attack.startsWith(name));
      expect(result, name).toBeDefined();
      expect(result!.successes, `${result!.attack}:\n${result!.evidence.join("\n")}`).toBe(0);
    });
  }
  it("the fence attack reached the open round's check page", () => {
    expect(fenceResult.evidence.join(" ")).toMatch(/requests typed into the open round/);
    expect(withdrawnResult).toBeDefined();
  });
});
