/**
 * HTTP load benchmark (not a test: nothing here passes or fails). Figures go in docs/performance.md.
 *
 *   npm run bench:http                        20 connections × 20 s per target, then a 5-minute soak
 *   npm run bench:http -- --seconds 5 --soak-seconds 30      a quick look
 *   npm run bench:http -- --profile           also writes a CPU profile of the app server and
 *                                             prints where its time went
 *   npm run bench:http -- --only misses --profile --misses 20    only the misses (and first views
 *                                             after a publish), profiled
 *
 * Targets, all on this machine in the same run:
 * - a bare `node:http` hello world (the physical floor);
 * - a minimal Remix page of the app itself (`/accessibility` without a session: the root loader,
 *   the layout and a static page — the framework's floor);
 * - the member's overview, metric explorer and compare pages of a published round of 153
 *   authorities, as stored pages (hits: each was viewed once before the run);
 * - misses: the first view of each after a republish (the results version moved), timed one by one;
 * - the first view after a publish through the app, which warms the common pages of the views
 *   signed in (a hit when the warm-up got there first; a "miss" that waited for the warm-up's own
 *   render of that page otherwise);
 * - a real browser (Chromium): the explorer's first view and its repeat view (a 304), load event.
 * Every request sends Accept-Encoding as Chromium does.
 * Then the soak: mixed reads and return saves by several members at once, after which every
 * acknowledged save is counted in the database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createDb } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/demo";
import { migrateToLatest } from "../../db/migrate";
import { seedReference } from "../../db/seed";
import { registerUser } from "../../app/services/user-admin.server";
import { hashPassword } from "../../app/utils/password.server";
import { transitionRound } from "../../app/services/round-changes.server";
import { chromium } from "playwright-core";
import { freePort } from "../../test/support/server";
import { processCpuMs } from "./process-cpu";

const ROOT = path.resolve(__dirname, "..", "..");
const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "20" },
    "soak-seconds": { type: "string", default: "300" },
    profile: { type: "boolean", default: false },
    // "misses": only the misses and first views after a publish (no load, browser or soak), e.g. with --profile.
    only: { type: "string", default: "all" },
    misses: { type: "string", default: "5" },
  },
});
const MISSES_ONLY = args.only === "misses";
const MISS_RUNS = Number(args.misses);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SOAK_SECONDS = Number(args["soak-seconds"]);
const SOAK_MEMBERS = 10;
const WARM_UP_SECONDS = 3;

interface Result {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The machine's 1-minute load average when the target finished (the machine is shared). */
  load: number;
  /** The app server's CPU time over the target's wall time (1 = one core); null for the bare server. */
  serverCpuShare: number | null;
}

const loadNow = () => Number(loadavg()[0]!.toFixed(1));

/** What Chromium sends: stored pages answer it with brotli. */
const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd";

async function load(target: string, url: string, headers: Record<string, string>, serverPid: number | null | undefined): Promise<Result> {
  // Untimed first: the server's JIT warms up on this target's path, so the first target measured is
  // not penalised for it (the overview, measured first, ran at a fifth of its steady rate without this).
  await autocannon({
    url,
    connections: CONNECTIONS,
    duration: WARM_UP_SECONDS,
    headers: { "Accept-Encoding": BROWSER_ACCEPT_ENCODING, ...headers },
  });
  const [start, cpuStart] = [performance.now(), serverPid ? processCpuMs(serverPid) : null];
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "Accept-Encoding": BROWSER_ACCEPT_ENCODING, ...headers },
  });
  const cpuEnd = serverPid ? processCpuMs(serverPid) : null;
  return {
    serverCpuShare: cpuStart === null || cpuEnd === null ? null : (cpuEnd - cpuStart) / (performance.now() - start),
    target,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    load: loadNow(),
  };
}

async function startApp(databaseUrl: string, profileDir: string | null): Promise<{ url: string; child: ChildProcess }> {
  // Production needs its origin (APP_ORIGIN) before it starts, so the port is chosen here.
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), path.join(ROOT, "scripts", "server.mjs")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        APP_ORIGIN: `http://localhost:${port}`,
        SESSION_SECRET: "bench-session-secret-of-at-least-32-chars",
        PSEUDONYM_SECRET: "bench-pseudonym-secret-of-at-least-32-chars",
        TRUST_PROXY: "loopback",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) resolve({ url: match[1]!, child });
    });
    child.on("exit", (code) => reject(new Error(`app server exited with ${code}`)));
  });
}

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: base,
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__session="));
  if (!cookie) throw new Error(`Could not sign in as ${email}: ${response.status}`);
  return cookie.split(";")[0]!;
}

/**
 * What a browser downloads for a page, gzipped as the server sends it: the HTML, then every
 * stylesheet, script and module preload it names.
 */
async function pageWeight(url: string, cookie: string) {
  const gzipBytes = async (target: string) => {
    const response = await fetch(target, { headers: { Cookie: cookie, "Accept-Encoding": "gzip" } });
    const body = await response.arrayBuffer();
    // fetch decompresses; the transferred size is the gzipped length the server announced, or the body's.
    const { gzipSync } = await import("node:zlib");
    return {
      text: new TextDecoder().decode(body),
      bytes: response.headers.get("content-encoding") === "gzip" ? gzipSync(Buffer.from(body)).length : body.byteLength,
    };
  };
  const page = await gzipBytes(url);
  const assets = [...page.text.matchAll(/<(?:link[^>]+rel="(?:stylesheet|modulepreload)"[^>]*href|script[^>]+src)="([^"]+)"/g)].map((m) =>
    new URL(m[1]!, url).toString(),
  );
  const weights = { html: page.bytes, css: 0, js: 0 };
  for (const asset of new Set(assets)) {
    const { bytes } = await gzipBytes(asset);
    if (asset.endsWith(".css")) weights.css += bytes;
    else weights.js += bytes;
  }
  return weights;
}

/**
 * Summarises a V8 CPU profile: the functions with the most samples of their own (self), and those
 * with the most samples anywhere on the stack (total: a function and everything it called).
 */
function topFunctions(profileDir: string, count = 15): { self: string[]; total: string[] } {
  const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) return { self: ["(no profile written)"], total: [] };
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as {
    nodes: Array<{
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
      hitCount?: number;
      children?: number[];
    }>;
    samples?: number[];
  };
  const siteOf = new Map<number, string>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    const where = node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(?:main|wt-[^/]+)\//, "");
    siteOf.set(node.id, `${node.callFrame.functionName || "(anonymous)"} ${where}:${node.callFrame.lineNumber}`);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const bySite = new Map<string, number>();
  for (const node of profile.nodes) bySite.set(siteOf.get(node.id)!, (bySite.get(siteOf.get(node.id)!) ?? 0) + (node.hitCount ?? 0));
  // Inclusive: each sample counts once for every distinct function on its stack.
  const inclusive = new Map<string, number>();
  const samples = profile.samples ?? [];
  for (const leaf of samples) {
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) seen.add(siteOf.get(id)!);
    for (const site of seen) inclusive.set(site, (inclusive.get(site) ?? 0) + 1);
  }
  const top = (counts: Map<string, number>, of: number) =>
    [...counts]
      .filter(([site]) => !/^\((?:root|program|idle|garbage collector)\)/.test(site) || counts === bySite)
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([site, hits]) => `${((hits / of) * 100).toFixed(1)}%  ${site}`);
  return { self: top(bySite, total), total: top(inclusive, Math.max(1, samples.length)) };
}

/**
 * Members save a section of their own open return again and again while others read results.
 * Every save that got its redirect is counted, then compared with the audit log.
 */
async function soak(base: string, cookies: string[], readerCookie: string, authorityIds: number[], databaseUrl: string) {
  const deadline = Date.now() + SOAK_SECONDS * 1000;
  let acknowledgedSaves = 0;
  let reads = 0;
  const errors: string[] = [];
  const saver = async (cookie: string, index: number) => {
    let population = 100_000 + index * 1000;
    while (Date.now() < deadline) {
      const form = await fetch(`${base}/rounds/demo-2024-25/sections/context`, { headers: { Cookie: cookie } });
      const html = await form.text();
      const version = /name="version" value="(\d+)"/.exec(html)?.[1];
      if (form.status !== 200 || !version) {
        errors.push(`section page ${form.status}`);
        continue;
      }
      population += 1;
      const save = await fetch(`${base}/rounds/demo-2024-25/sections/context`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ version, population_0_25: String(population), "ehcp.total": "9000" }),
      });
      await save.arrayBuffer();
      if (save.status === 302) acknowledgedSaves++;
      else errors.push(`save ${save.status}`);
    }
  };
  const reader = async () => {
    const paths = ["/results/demo-2023-24", "/results/demo-2023-24/explore?metric=unit_cost.special", "/results/demo-2023-24/groups", "/"];
    while (Date.now() < deadline) {
      const response = await fetch(`${base}${paths[reads % paths.length]}`, { headers: { Cookie: readerCookie } });
      await response.arrayBuffer();
      if (response.status !== 200) errors.push(`read ${response.status}`);
      reads++;
    }
  };
  await Promise.all([...cookies.map(saver), reader(), reader()]);
  const db = createDb(databaseUrl);
  const saved = await db
    .selectFrom("audit_log")
    .innerJoin("returns", "returns.id", "audit_log.return_id")
    .select((eb) => eb.fn.count<number>("audit_log.id").as("n"))
    .where("audit_log.action", "=", "return.save")
    .where("audit_log.field_key", "=", "population_0_25")
    .where("returns.authority_id", "in", authorityIds)
    .executeTakeFirstOrThrow();
  await db.destroy();
  return { acknowledgedSaves, savesInDatabase: Number(saved.n), reads, errors: errors.length, errorKinds: [...new Set(errors)] };
}

const missRuns: Record<string, number[]> = {};
const missCpuRuns: Record<string, number[]> = {};

/**
 * Withdraws and republishes the demo round (as a coordinator would; the results version moves), then
 * times each page's first view, which must render: the miss, with the app server's CPU time for it.
 * MISS_RUNS times (5 unless --misses); the median per page.
 */
async function timeMisses(
  databaseUrl: string,
  pages: Record<string, string>,
  cookie: string,
  serverPid: number | undefined,
): Promise<Record<string, number>> {
  const db = createDb(databaseUrl);
  const round = await db.selectFrom("rounds").select("id").where("slug", "=", "demo-2023-24").executeTakeFirstOrThrow();
  for (let i = 0; i < MISS_RUNS; i++) {
    await db.transaction().execute(async (trx) => {
      for (const to of ["closed", "published"] as const) {
        const moved = await transitionRound(trx, round.id, to, null, "http://localhost");
        if (!moved.ok) throw new Error(moved.message);
      }
    });
    for (const [name, url] of Object.entries(pages)) {
      const [start, cpuStart] = [performance.now(), processCpuMs(serverPid)];
      const response = await fetch(url, { headers: { Cookie: cookie, "Accept-Encoding": BROWSER_ACCEPT_ENCODING } });
      await response.arrayBuffer();
      const [end, cpuEnd] = [performance.now(), processCpuMs(serverPid)];
      if (response.headers.get("x-stored-page") !== "miss") throw new Error(`${name} after a republish was not a miss`);
      (missRuns[name] ??= []).push(end - start);
      if (cpuStart !== null && cpuEnd !== null) (missCpuRuns[name] ??= []).push(cpuEnd - cpuStart);
    }
  }
  await db.destroy();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return Object.fromEntries(Object.entries(missRuns).map(([name, runs]) => [name, median(runs)]));
}

/**
 * Withdraws and publishes the demo round through the app as the coordinator, then times the
 * member's first view of each common page at once: the publish warms them in the background, so
 * each is a hit when the warm-up got there first, else a miss or a wait for its render.
 */
async function firstViewsAfterPublish(base: string, pages: Record<string, string>, member: string, runs: number) {
  const coordinator = await signIn(base, "coordinator@example.org");
  const views: Record<string, Array<{ ms: number; stored: string | null }>> = {};
  for (let run = 0; run < runs; run++) {
    // The previous run's warm-up finishes first (two views × three pages).
    if (run > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const to of ["closed", "published"]) {
      const response = await fetch(`${base}/admin/rounds/demo-2023-24/status`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: coordinator, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ to }),
      });
      await response.arrayBuffer();
      if (response.status !== 302) throw new Error(`Could not move the demo round to ${to}: ${response.status}`);
    }
    for (const [name, url] of Object.entries(pages)) {
      const start = performance.now();
      const response = await fetch(url, { headers: { Cookie: member, "Accept-Encoding": BROWSER_ACCEPT_ENCODING } });
      await response.arrayBuffer();
      (views[name] ??= []).push({ ms: performance.now() - start, stored: response.headers.get("x-stored-page") });
    }
  }
  return views;
}

/** A real browser's first view of a page (empty cache) and its repeat view (reload: revalidated, a 304). */
async function browserFirstAndRepeat(base: string, url: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Email address").fill("member@example.org");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/`);
    const loadTime = () =>
      page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return navigation!.loadEventEnd - navigation!.startTime;
      });
    await page.goto(url, { waitUntil: "load" });
    const first = await loadTime();
    // The status as received on the wire: Playwright reports a revalidated document as its cached 200.
    let repeatStatus = 0;
    const devtools = await context.newCDPSession(page);
    await devtools.send("Network.enable");
    const requestIds = new Set<string>();
    devtools.on("Network.requestWillBeSent", (event) => {
      if (event.request.url === url) requestIds.add(event.requestId);
    });
    devtools.on("Network.responseReceivedExtraInfo", (event) => {
      if (requestIds.has(event.requestId)) repeatStatus = event.statusCode;
    });
    await page.reload({ waitUntil: "load" });
    const repeat = await loadTime();
    return { first, repeat, repeatStatus };
  } finally {
    await browser.close();
  }
}

async function main() {
  const startLoad = loadNow();
  const dir = mkdtempSync(path.join(tmpdir(), "bn-bench-http-"));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  const db = createDb(databaseUrl);
  await migrateToLatest(db);
  await seedReference(db);
  await seedDemo(db);
  // Members of authorities with a draft in the open demo round, for the soak's saves.
  const drafts = await db
    .selectFrom("returns")
    .innerJoin("rounds", "rounds.id", "returns.round_id")
    .innerJoin("authorities", "authorities.id", "returns.authority_id")
    .select(["authorities.id", "authorities.code"])
    .where("rounds.slug", "=", "demo-2024-25")
    .where("returns.status", "=", "draft")
    .limit(SOAK_MEMBERS)
    .execute();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [i, authority] of drafts.entries()) {
    await registerUser(
      db,
      { email: `soak${i}@example.org`, name: `Soak ${i}`, role: "member", authorityCode: authority.code, groupSlug: null, passwordHash },
      null,
    );
  }
  await db.destroy();

  const profileDir = args.profile ? mkdtempSync(path.join(tmpdir(), "bn-profile-")) : null;
  const app = await startApp(databaseUrl, profileDir);
  const hello = createServer((_req, res) => res.end("hello world"));
  await new Promise<void>((resolve) => hello.listen(0, resolve));
  const helloUrl = `http://localhost:${(hello.address() as AddressInfo).port}/`;
  const member = await signIn(app.url, "member@example.org");

  const pages = {
    overview: `${app.url}/results/demo-2023-24`,
    explorer: `${app.url}/results/demo-2023-24/explore`,
    compare: `${app.url}/results/demo-2023-24/compare`,
  };
  for (const url of Object.values(pages))
    await (await fetch(url, { headers: { Cookie: member, "Accept-Encoding": BROWSER_ACCEPT_ENCODING } })).arrayBuffer();
  const results = MISSES_ONLY
    ? []
    : [
        await load("node:http hello world", helloUrl, {}, null),
        await load("minimal Remix page (/accessibility, signed out)", `${app.url}/accessibility`, {}, app.child.pid),
        await load("overview (member, published round of 153), stored", pages.overview, { Cookie: member }, app.child.pid),
        await load("metric explorer (member, published round of 153), stored", pages.explorer, { Cookie: member }, app.child.pid),
        await load("compare two metrics (member, published round of 153), stored", pages.compare, { Cookie: member }, app.child.pid),
      ];
  hello.close();
  const misses = await timeMisses(databaseUrl, pages, member, app.child.pid);
  const afterPublish = await firstViewsAfterPublish(app.url, pages, member, MISS_RUNS);
  const browserViews = MISSES_ONLY ? null : await browserFirstAndRepeat(app.url, pages.explorer);

  const weight = MISSES_ONLY ? null : await pageWeight(`${app.url}/results/demo-2023-24/explore`, member);
  const soakCookies = await Promise.all(drafts.map((_, i) => signIn(app.url, `soak${i}@example.org`)));
  const soakResult =
    SOAK_SECONDS > 0 && !MISSES_ONLY
      ? await soak(
          app.url,
          soakCookies,
          member,
          drafts.map((d) => d.id),
          databaseUrl,
        )
      : null;

  app.child.kill("SIGTERM");
  await new Promise((resolve) => app.child.once("exit", resolve));

  console.log(
    `\nNode ${process.version}, ${cpus().length} CPUs, ${CONNECTIONS} connections, ${SECONDS} s per target, load average ${startLoad} at the start\n`,
  );
  if (results.length > 0) {
    const floor = results[0]!.requestsPerSecond;
    const remix = results[1]!.requestsPerSecond;
    console.log("| target | requests/s | p50 ms | p99 ms | errors | non-2xx | of bare node | of minimal Remix | app server CPU | load |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of results) {
      const cpu = r.serverCpuShare === null ? "–" : `${(r.serverCpuShare * 100).toFixed(0)}%`;
      console.log(
        `| ${r.target} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${((r.requestsPerSecond / floor) * 100).toFixed(1)}% | ${((r.requestsPerSecond / remix) * 100).toFixed(0)}% | ${cpu} | ${r.load} |`,
      );
    }
    console.log("\n(app server CPU: the server process's CPU time over the target's wall time; 100% is one core.)");
  }
  const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `\nMisses: first view after a republish (the results version moved), median of ${MISS_RUNS} republishes (load ${loadNow()}):`,
  );
  for (const [page, ms] of Object.entries(misses)) {
    const cpu = missCpuRuns[page] ? `, app server CPU median ${medianOf(missCpuRuns[page]).toFixed(0)} ms` : "";
    console.log(`- ${page}: ${ms.toFixed(0)} ms${cpu} (runs: ${missRuns[page]!.map((m) => m.toFixed(0)).join(", ")})`);
  }
  console.log(
    `\nFirst view after a publish through the app (which warms the common pages of the views signed in: this member's, then the coordinator's), median of ${MISS_RUNS}:`,
  );
  for (const [page, views] of Object.entries(afterPublish))
    console.log(
      `- ${page}: ${medianOf(views.map((view) => view.ms)).toFixed(0)} ms (runs: ${views.map((view) => `${view.ms.toFixed(0)} ${view.stored}`).join(", ")})`,
    );
  if (browserViews)
    console.log(
      `\nChromium, metric explorer: first view ${browserViews.first.toFixed(0)} ms, repeat view ${browserViews.repeat.toFixed(0)} ms (navigation start to load event; the repeat view's document answered ${browserViews.repeatStatus})`,
    );
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  if (weight)
    console.log(
      `\nMetric explorer page weight (gzipped): HTML ${kib(weight.html)} KiB, JS ${kib(weight.js)} KiB, CSS ${kib(weight.css)} KiB, total ${kib(weight.html + weight.js + weight.css)} KiB`,
    );
  if (soakResult) {
    console.log(`\nSoak: ${SOAK_SECONDS} s, ${SOAK_MEMBERS} members saving their own return and 2 readers:`);
    console.log(JSON.stringify(soakResult, null, 2));
  }
  if (profileDir) {
    const { self, total } = topFunctions(profileDir, MISSES_ONLY ? 40 : 15);
    console.log("\nWhere the app server's CPU time went (self time):");
    for (const line of self) console.log(`  ${line}`);
    console.log("\nAnd including what each function called (total time, of all samples):");
    for (const line of total) console.log(`  ${line}`);
    rmSync(profileDir, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
