/**
 * HTTP load benchmark (not a test: nothing here passes or fails). Figures go in docs/performance.md.
 *
 *   npm run bench:http                        20 connections × 20 s per target, then a 5-minute soak
 *   npm run bench:http -- --seconds 5 --soak-seconds 30      a quick look
 *   npm run bench:http -- --profile           also writes a CPU profile of the app server and
 *                                             prints where its time went
 *
 * Targets, all on this machine in the same run:
 * - a bare `node:http` hello world (the physical floor);
 * - a minimal Remix page of the app itself (`/accessibility` without a session: the root loader,
 *   the layout and a static page — the framework's floor);
 * - the member's overview and metric explorer of a published round of 153 authorities.
 * Then the soak: mixed reads and return saves by several members at once, after which every
 * acknowledged save is counted in the database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createDb } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/demo";
import { migrateToLatest } from "../../db/migrate";
import { seedReference } from "../../db/seed";
import { registerUser } from "../../app/models/user-admin.server";
import { hashPassword } from "../../app/utils/password.server";
import { freePort } from "../../test/support/server";

const ROOT = path.resolve(__dirname, "..", "..");
const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "20" },
    "soak-seconds": { type: "string", default: "300" },
    profile: { type: "boolean", default: false },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SOAK_SECONDS = Number(args["soak-seconds"]);
const SOAK_MEMBERS = 10;

interface Result {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(target: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return {
    target,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function startApp(databaseUrl: string, profileDir: string | null): Promise<{ url: string; child: ChildProcess }> {
  // Production needs its origin (APP_ORIGIN) before it starts, so the port is chosen here.
  const port = await freePort();
  const child = spawn(process.execPath, [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), path.join(ROOT, "scripts", "server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port), APP_ORIGIN: `http://localhost:${port}`, SESSION_SECRET: "bench-session-secret-of-at-least-32-chars", PSEUDONYM_SECRET: "bench-pseudonym-secret-of-at-least-32-chars", TRUST_PROXY: "loopback" },
    stdio: ["ignore", "pipe", "inherit"],
  });
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
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
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
    return { text: new TextDecoder().decode(body), bytes: response.headers.get("content-encoding") === "gzip" ? gzipSync(Buffer.from(body)).length : body.byteLength };
  };
  const page = await gzipBytes(url);
  const assets = [...page.text.matchAll(/<(?:link[^>]+rel="(?:stylesheet|modulepreload)"[^>]*href|script[^>]+src)="([^"]+)"/g)].map((m) => new URL(m[1]!, url).toString());
  const weights = { html: page.bytes, css: 0, js: 0 };
  for (const asset of new Set(assets)) {
    const { bytes } = await gzipBytes(asset);
    if (asset.endsWith(".css")) weights.css += bytes;
    else weights.js += bytes;
  }
  return weights;
}

/** Summarises a V8 CPU profile: the functions with the most samples of their own. */
function topFunctions(profileDir: string, count = 15): string[] {
  const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) return ["(no profile written)"];
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  };
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const bySite = new Map<string, number>();
  for (const node of profile.nodes) {
    const where = node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/main\//, "");
    const site = `${node.callFrame.functionName || "(anonymous)"} ${where}:${node.callFrame.lineNumber}`;
    bySite.set(site, (bySite.get(site) ?? 0) + (node.hitCount ?? 0));
  }
  return [...bySite].sort((a, b) => b[1] - a[1]).slice(0, count).map(([site, hits]) => `${((hits / total) * 100).toFixed(1)}%  ${site}`);
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

async function main() {
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
    await registerUser(db, { email: `soak${i}@example.org`, name: `Soak ${i}`, role: "member", authorityCode: authority.code, groupSlug: null, passwordHash }, null);
  }
  await db.destroy();

  const profileDir = args.profile ? mkdtempSync(path.join(tmpdir(), "bn-profile-")) : null;
  const app = await startApp(databaseUrl, profileDir);
  const hello = createServer((_req, res) => res.end("hello world"));
  await new Promise<void>((resolve) => hello.listen(0, resolve));
  const helloUrl = `http://localhost:${(hello.address() as AddressInfo).port}/`;
  const member = await signIn(app.url, "member@example.org");

  const results = [
    await load("node:http hello world", helloUrl),
    await load("minimal Remix page (/accessibility, signed out)", `${app.url}/accessibility`),
    await load("overview (member, published round of 153)", `${app.url}/results/demo-2023-24`, { Cookie: member }),
    await load("metric explorer (member, published round of 153)", `${app.url}/results/demo-2023-24/explore`, { Cookie: member }),
  ];
  hello.close();

  const weight = await pageWeight(`${app.url}/results/demo-2023-24/explore`, member);
  const soakCookies = await Promise.all(drafts.map((_, i) => signIn(app.url, `soak${i}@example.org`)));
  const soakResult = SOAK_SECONDS > 0 ? await soak(app.url, soakCookies, member, drafts.map((d) => d.id), databaseUrl) : null;

  app.child.kill("SIGTERM");
  await new Promise((resolve) => app.child.once("exit", resolve));

  const floor = results[0]!.requestsPerSecond;
  const remix = results[1]!.requestsPerSecond;
  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per target\n`);
  console.log("| target | requests/s | p50 ms | p99 ms | errors | non-2xx | of bare node | of minimal Remix |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(`| ${r.target} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${((r.requestsPerSecond / floor) * 100).toFixed(1)}% | ${((r.requestsPerSecond / remix) * 100).toFixed(0)}% |`);
  }
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log(`\nMetric explorer page weight (gzipped): HTML ${kib(weight.html)} KiB, JS ${kib(weight.js)} KiB, CSS ${kib(weight.css)} KiB, total ${kib(weight.html + weight.js + weight.css)} KiB`);
  if (soakResult) {
    console.log(`\nSoak: ${SOAK_SECONDS} s, ${SOAK_MEMBERS} members saving their own return and 2 readers:`);
    console.log(JSON.stringify(soakResult, null, 2));
  }
  if (profileDir) {
    console.log("\nWhere the app server's CPU time went (self time):");
    for (const line of topFunctions(profileDir)) console.log(`  ${line}`);
    rmSync(profileDir, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
