/**
 * Benchmarks of the normalisation pipeline (not tests: nothing here passes or fails).
 *
 *   npm run bench:recompute                 every case below, each in a fresh process
 *   npm run bench:recompute -- --quick      the 153-authority round and the 1,000 network only
 *   npm run bench:recompute -- --case round153        one case (round153, pure or db), as a table
 *
 * Cases:
 * - `round153`: the real shape — the 153 authorities, 3 rounds of synthetic approved returns — timing
 *   `recomputeRound` of the latest round (the whole database path: load, compute, replace), again after
 *   one return's answers changed each time, and the pure compute alone. On SQLite, or on a fresh
 *   database of the PostgreSQL server that DATABASE_URL names
 *   (`DATABASE_URL=postgres://… npm run bench:recompute -- --case round153`).
 * - `pure --size N`: a synthetic network of N authorities × 5 rounds through `computeRoundResults`
 *   (metrics, change/growth, ranks, statistics), as the recompute does it round by round.
 * - `db --size N`: the same network in a SQLite file, timing `recomputeRound` of the fifth round and
 *   `recomputeAllRounds`. The file is built by a separate `setup` process so that the measuring
 *   process's peak memory is the recompute's own.
 *
 * Each case runs in its own process so that its peak resident memory (resourceUsage().maxRSS) is its
 * own. Results print as a Markdown table for docs/performance.md.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { createDb, databaseKind } from "../../db/client";
import { syntheticReturn } from "../../db/demo";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { seedReference } from "../../db/seed";
import { parseDeflatorCsv, resolveRealTerms } from "../../app/domain/deflators";
import { NO_REAL_TERMS, computeChangeBaseMetrics, computeRoundResults } from "../../app/domain/pipeline";
import type { ReturnValues } from "../../app/domain/values";
import { readDeflatorTable, replaceDeflators } from "../../app/models/deflator.server";
import { recomputeAllRounds, recomputeRound } from "../../app/services/recompute.server";
import { createTestDatabase } from "../../test/support/database";
import { processCpuMs } from "./process-cpu";

const YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"];
const SIZES = { pure: [1_000, 10_000, 50_000], db: [1_000, 10_000] };

/** Wall-clock and CPU milliseconds (CPU time is what a busy machine cannot inflate). */
interface Timing {
  ms: number;
  cpuMs: number;
}

interface Measurement {
  case: string;
  size: number;
  /** Named by what was timed. */
  timings: Record<string, Timing>;
  /** Peak resident set of the process, MiB. */
  peakRssMiB: number;
  /** Largest heap in use seen between rounds (pure case), MiB. */
  peakHeapMiB?: number;
  /** The machine's 1-minute load average when the case started and when it ended (the machine may be shared). */
  load?: { start: number; end: number };
}

const mib = (kib: number) => Math.round(kib / 1024);
const loadNow = () => Number(os.loadavg()[0]!.toFixed(1));

function since(start: number, cpuStart: NodeJS.CpuUsage): Timing {
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function time<T>(run: () => T): { result: T; timing: Timing } {
  const [start, cpuStart] = [performance.now(), process.cpuUsage()];
  const result = run();
  return { result, timing: since(start, cpuStart) };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ result: T; timing: Timing }> {
  const [start, cpuStart] = [performance.now(), process.cpuUsage()];
  const result = await run();
  return { result, timing: since(start, cpuStart) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median wall and CPU time of repeated runs. */
function medianTiming(runs: readonly Timing[]): Timing {
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

function sum(a: Timing, b: Timing): Timing {
  return { ms: a.ms + b.ms, cpuMs: a.cpuMs + b.cpuMs };
}

const ZERO: Timing = { ms: 0, cpuMs: 0 };

function syntheticCodes(size: number): string[] {
  return Array.from({ length: size }, (_, i) => `S${String(i).padStart(8, "0")}`);
}

/** Writes authorities, rounds and approved returns straight into a migrated SQLite file (setup only, untimed). */
function loadSyntheticNetwork(file: string, codes: readonly string[] | null, years: readonly string[]): void {
  const sqlite = new SQLite(file);
  const now = new Date().toISOString();
  sqlite.transaction(() => {
    if (codes) {
      const insertAuthority = sqlite.prepare(
        "insert into authorities (code, dfe_code, name, region_code, region_name, created_at) values (?, null, ?, 'E12000000', 'Synthetic', ?)",
      );
      for (const code of codes) insertAuthority.run(code, `Synthetic authority ${code}`, now);
    }
    const authorities = sqlite.prepare("select id, code from authorities order by code").all() as Array<{ id: number; code: string }>;
    const insertRound = sqlite.prepare(
      "insert into rounds (slug, name, financial_year, question_set_version, status, created_at, updated_at) values (?, ?, ?, 1, 'closed', ?, ?)",
    );
    const insertReturn = sqlite.prepare(
      "insert into returns (round_id, authority_id, status, version, created_at, updated_at) values (?, ?, 'approved', 1, ?, ?)",
    );
    const insertValue = sqlite.prepare(
      "insert into return_values (return_id, field_key, number_value, text_value, boolean_value, updated_at) values (?, ?, ?, null, ?, ?)",
    );
    years.forEach((year, yearIndex) => {
      const roundId = Number(insertRound.run(`bench-${year}`, `Benchmark ${year}`, year, now, now).lastInsertRowid);
      for (const authority of authorities) {
        const returnId = Number(insertReturn.run(roundId, authority.id, now, now).lastInsertRowid);
        for (const [key, value] of Object.entries(syntheticReturn(authority.code, yearIndex))) {
          if (typeof value === "number") insertValue.run(returnId, key, value, null, now);
          else if (typeof value === "boolean") insertValue.run(returnId, key, null, value ? 1 : 0, now);
        }
      }
    });
  })();
  sqlite.close();
}

async function migratedDatabase(file: string, reference: boolean): Promise<void> {
  const db = createDb(`file:${file}`);
  await migrateToLatest(db);
  if (reference) await seedReference(db);
  else {
    const deflators = parseDeflatorCsv(readFileSync(path.join(__dirname, "..", "..", "db", "reference", "gdp-deflators.csv"), "utf8"));
    if (!deflators.ok) throw new Error(deflators.errors.join("; "));
    await replaceDeflators(db, deflators.deflators, { source: "benchmark", releasedOn: null });
  }
  await db.destroy();
}

async function latestRoundId(db: Kysely<Database>): Promise<number> {
  const round = await db.selectFrom("rounds").select("id").orderBy("financial_year", "desc").executeTakeFirstOrThrow();
  return round.id;
}

/**
 * Writes rounds of approved synthetic returns for every authority through Kysely, so that the same
 * setup serves SQLite and PostgreSQL (setup only, untimed; the 153-authority case is small enough).
 */
async function loadSyntheticRounds(db: Kysely<Database>, years: readonly string[]): Promise<void> {
  const now = new Date().toISOString();
  const authorities = await db.selectFrom("authorities").select(["id", "code"]).orderBy("code").execute();
  for (const [yearIndex, year] of years.entries()) {
    const round = await db
      .insertInto("rounds")
      .values({
        slug: `bench-${year}`,
        name: `Benchmark ${year}`,
        financial_year: year,
        question_set_version: 1,
        status: "closed",
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const returns = await db
      .insertInto("returns")
      .values(
        authorities.map((a) => ({
          round_id: round.id,
          authority_id: a.id,
          status: "approved" as const,
          version: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(["id", "authority_id"])
      .execute();
    const code = new Map(authorities.map((a) => [a.id, a.code]));
    const values = returns.flatMap((r) =>
      Object.entries(syntheticReturn(code.get(r.authority_id)!, yearIndex)).flatMap(([key, value]) =>
        typeof value === "number" || typeof value === "boolean"
          ? [
              {
                return_id: r.id,
                field_key: key,
                number_value: typeof value === "number" ? value : null,
                text_value: null,
                boolean_value: typeof value === "boolean" ? (value ? 1 : 0) : null,
                updated_at: now,
              },
            ]
          : [],
      ),
    );
    for (let i = 0; i < values.length; i += 1000)
      await db
        .insertInto("return_values")
        .values(values.slice(i, i + 1000))
        .execute();
  }
}

/**
 * 153 real authorities, 3 rounds: the whole database recompute of the latest round, and its pure
 * part. On the database DATABASE_URL names (a fresh database on that PostgreSQL server), else SQLite.
 */
async function benchRound153(): Promise<Measurement> {
  const database = await createTestDatabase();
  try {
    const db = database.db;
    await loadSyntheticRounds(db, YEARS.slice(2));
    const roundId = await latestRoundId(db);
    const runs: Timing[] = [];
    const phaseRuns = new Map<string, Timing[]>();
    const postgres = databaseKind(database.url) === "postgres";
    // PostgreSQL's own CPU time: its backend processes for this database, on this machine.
    const backendCpuMs = async () => {
      if (!postgres) return null;
      const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
      return rows.reduce((total, row) => total + (processCpuMs(row.pid) ?? 0), 0);
    };
    const serverCpuRuns: number[] = [];
    for (let i = 0; i < 25; i++) {
      const serverCpuStart = await backendCpuMs();
      const phases = new Map<string, Timing>();
      let [mark, cpuMark] = [performance.now(), process.cpuUsage()];
      const done = (phase: string) => {
        phases.set(phase, since(mark, cpuMark));
        [mark, cpuMark] = [performance.now(), process.cpuUsage()];
      };
      const { timing } = await timeAsync(async () => {
        // begin, lock the round, read the deflators … store; then the commit.
        await db.transaction().execute((trx) => recomputeRound(trx, roundId, done));
        done("commit");
      });
      if (i < 5) continue; // the first runs warm up the JIT and the database's page cache
      runs.push(timing);
      const serverCpuEnd = await backendCpuMs();
      if (serverCpuStart !== null && serverCpuEnd !== null) serverCpuRuns.push(serverCpuEnd - serverCpuStart);
      for (const [phase, phaseTiming] of phases) phaseRuns.set(phase, [...(phaseRuns.get(phase) ?? []), phaseTiming]);
    }
    // A recompute after one return's answers changed (as an approval does): ranks and bands move.
    const changedRuns: Timing[] = [];
    const target = await db.selectFrom("returns").select("id").where("round_id", "=", roundId).orderBy("id").executeTakeFirstOrThrow();
    for (let i = 0; i < 10; i++) {
      await db
        .updateTable("return_values")
        .set((eb) => ({ number_value: eb("number_value", "*", i % 2 === 0 ? 3 : 1 / 3) }))
        .where("return_id", "=", target.id)
        .where("number_value", "is not", null)
        .execute();
      const { timing } = await timeAsync(() => db.transaction().execute((trx) => recomputeRound(trx, roundId)));
      changedRuns.push(timing);
    }

    const authorities = await db.selectFrom("authorities").select("code").orderBy("code").execute();
    const deflators = await readDeflatorTable(db);
    const realTerms = resolveRealTerms(deflators, YEARS[4]!, null);
    const prices = realTerms.available ? realTerms.prices : NO_REAL_TERMS;
    const history = new Map(
      authorities.map((a, id) => [id, [0, 1].map((yearIndex) => computeChangeBaseMetrics(syntheticReturn(a.code, yearIndex)))]),
    );
    const returns = authorities.map((a, id) => ({ authorityId: id, values: syntheticReturn(a.code, 2) }));
    const pureRuns: Timing[] = [];
    for (let i = 0; i < 25; i++) {
      const { timing } = time(() => computeRoundResults({ returns, history, prices }));
      if (i >= 5) pureRuns.push(timing);
    }
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    return {
      case: `round153 (${postgres ? "PostgreSQL" : "SQLite"})`,
      size: 153,
      timings: {
        "recomputeRound, median of 20": medianTiming(runs),
        "recomputeRound, slowest of 20": runs.reduce((a, b) => (b.ms > a.ms ? b : a)),
        "recomputeRound after one return changed, median of 10": medianTiming(changedRuns),
        "pure compute, median of 20": medianTiming(pureRuns),
        ...Object.fromEntries(
          [...phaseRuns].map(([phase, timings]) => [`recomputeRound phase: ${phase}, median of 20`, medianTiming(timings)]),
        ),
        // Read in 10 ms ticks around each run (the reading queries' own cost included), so a mean.
        ...(serverCpuRuns.length > 0
          ? { "recomputeRound, PostgreSQL backend CPU (in the CPU column), mean of 20": { ms: NaN, cpuMs: mean(serverCpuRuns) } }
          : {}),
      },
      peakRssMiB: mib(process.resourceUsage().maxRSS),
    };
  } finally {
    await database.destroy();
  }
}

/** N synthetic authorities × 5 rounds through the pure pipeline, round by round, history carried forward. */
function benchPure(size: number): Measurement {
  const codes = syntheticCodes(size);
  const history = new Map<number, Record<string, number>[]>();
  let compute = ZERO;
  let historyTime = ZERO;
  let peakHeap = 0;
  for (const [yearIndex] of YEARS.entries()) {
    const returns: Array<{ authorityId: number; values: ReturnValues }> = codes.map((code, id) => ({
      authorityId: id,
      values: syntheticReturn(code, yearIndex),
    }));
    const { result, timing } = time(() => computeRoundResults({ returns, history, prices: { roundIndex: 95, baseIndex: 100 } }));
    compute = sum(compute, timing);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (result.metrics.length === 0) throw new Error("no metrics computed");
    const { timing: historyTiming } = time(() => {
      for (const { authorityId, values } of returns) {
        const list = history.get(authorityId) ?? [];
        list.push(computeChangeBaseMetrics(values));
        history.set(authorityId, list);
      }
    });
    historyTime = sum(historyTime, historyTiming);
  }
  return {
    case: "pure",
    size,
    timings: {
      "5 rounds: metrics + ranks + stats": compute,
      "5 rounds: earlier-round inputs for change/growth": historyTime,
      "per round: metrics + ranks + stats": { ms: compute.ms / YEARS.length, cpuMs: compute.cpuMs / YEARS.length },
    },
    peakRssMiB: mib(process.resourceUsage().maxRSS),
    peakHeapMiB: Math.round(peakHeap / 2 ** 20),
  };
}

async function benchDb(file: string, size: number): Promise<Measurement> {
  const db = createDb(`file:${file}`);
  const roundId = await latestRoundId(db);
  const latest = await timeAsync(() => db.transaction().execute((trx) => recomputeRound(trx, roundId)));
  const all = await timeAsync(() => db.transaction().execute((trx) => recomputeAllRounds(trx)));
  await db.destroy();
  return {
    case: "db",
    size,
    timings: {
      "recomputeRound (5th round)": latest.timing,
      "recomputeAllRounds (5 rounds)": all.timing,
    },
    peakRssMiB: mib(process.resourceUsage().maxRSS),
  };
}

/** Runs one case in a fresh process (so its peak memory is its own) and returns what it printed. */
function inChild(args: string[]): Measurement | null {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, "--child", ...args], {
    encoding: "utf8",
    maxBuffer: 16 * 2 ** 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`${args.join(" ")} exited with ${child.status}`);
  const line = child.stdout.trim().split("\n").at(-1);
  return line ? (JSON.parse(line) as Measurement) : null;
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–"; // not measured (JSON carries NaN as null)
  return ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : Math.round(ms).toLocaleString("en-GB");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      case: { type: "string" },
      size: { type: "string" },
      file: { type: "string" },
      quick: { type: "boolean" },
      // Set on the process that runs one case (inChild); without it `--case` picks which cases run.
      child: { type: "boolean" },
    },
  });
  const size = Number(values.size);
  if (values.child) {
    const startLoad = loadNow();
    const measured = async (run: () => Promise<Measurement> | Measurement) => {
      const measurement = await run();
      return console.log(JSON.stringify({ ...measurement, load: { start: startLoad, end: loadNow() } }));
    };
    switch (values.case) {
      case "round153":
        return measured(benchRound153);
      case "pure":
        return measured(() => benchPure(size));
      case "setup":
        await migratedDatabase(values.file!, false);
        return loadSyntheticNetwork(values.file!, syntheticCodes(size), YEARS);
      case "db":
        return measured(() => benchDb(values.file!, size));
    }
  }

  const pureSizes = values.quick ? SIZES.pure.slice(0, 1) : SIZES.pure;
  const dbSizes = values.quick ? SIZES.db.slice(0, 1) : SIZES.db;
  const only = values.case;
  const results: Measurement[] = [];
  if (only === undefined || only === "round153") {
    console.error("round153 …");
    results.push(inChild(["--case", "round153"])!);
  }
  for (const n of only === undefined || only === "pure" ? pureSizes : []) {
    console.error(`pure ${n} …`);
    results.push(inChild(["--case", "pure", "--size", String(n)])!);
  }
  for (const n of only === undefined || only === "db" ? dbSizes : []) {
    const dir = mkdtempSync(path.join(tmpdir(), "bn-bench-"));
    try {
      const file = path.join(dir, "bench.db");
      console.error(`db ${n}: building the database …`);
      inChild(["--case", "setup", "--size", String(n), "--file", file]);
      console.error(`db ${n} …`);
      results.push(inChild(["--case", "db", "--size", String(n), "--file", file])!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  console.log(
    `Node ${process.version}, ${process.platform} ${process.arch}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
  console.log("| case | authorities | timed | wall ms | CPU ms | peak RSS (MiB) | peak heap (MiB) | load (start–end) |");
  console.log("|---|---:|---|---:|---:|---:|---:|---:|");
  for (const result of results) {
    for (const [name, timing] of Object.entries(result.timings)) {
      const heap = result.peakHeapMiB ?? "–";
      const load = result.load ? `${result.load.start}–${result.load.end}` : "–";
      console.log(
        `| ${result.case} | ${result.size.toLocaleString("en-GB")} | ${name} | ${formatMs(timing.ms)} | ${formatMs(timing.cpuMs)} | ${result.peakRssMiB} | ${heap} | ${load} |`,
      );
    }
  }
  if (results.some((result) => result.case.includes("PostgreSQL")))
    console.log("\nPostgreSQL: the CPU column is this Node process only; the database server's own work is in the wall time.");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
