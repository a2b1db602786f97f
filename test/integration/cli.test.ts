import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../app/domain/csv";
import { type CliResult, runCli } from "../support/cli";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { countStoredMetrics } from "../support/metrics";

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "bn-cli-"));
});
afterAll(async () => {
  await database?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run cli -- …` as its own process against the test database, as a coordinator would. */
function cli(...args: string[]): Promise<CliResult> {
  return runCli(database.url, ...args);
}

function file(name: string, lines: readonly string[]): string {
  const target = path.join(dir, name);
  writeFileSync(target, `${lines.join("\r\n")}\r\n`);
  return target;
}

async function count(table: "returns" | "return_values" | "audit_log" | "rounds" | "groups" | "group_members"): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("command line", () => {
  it("prints the usage and exits 2 without a command", async () => {
    const result = await cli();
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("Usage: npm run cli -- <command> [options]");
    expect(result.stdout).toContain("import --round S FILE");
  });

  it("exits 2 for an unknown command, and for a command line that is wrong", async () => {
    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const badFormat = await cli("export", "--round", "2024-25", "--what", "metrics", "--format", "xml");
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("--format: choose csv or json");
  });

  it("reads its environment through the server's one schema: a bad value stops it, naming the variable", async () => {
    const saved = process.env.MOCKS;
    process.env.MOCKS = "yes";
    try {
      const result = await cli("export", "--round", "2024-25", "--what", "metrics");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Invalid environment: MOCKS:");
    } finally {
      if (saved === undefined) delete process.env.MOCKS;
      else process.env.MOCKS = saved;
    }
  });

  it("adds an authority, a user of it and a family group", async () => {
    const authority = await cli("authority", "add", "--code", "E99999999", "--name", "Test Borough", "--region", "E12000007");
    expect(authority).toMatchObject({ code: 0, stdout: "Authority E99999999 Test Borough (London)\n" });
    const user = await cli("user", "add", "--email", "Officer@Example.org", "--role", "member", "--authority", "E99999999");
    expect(user).toMatchObject({ code: 0, stdout: "User officer@example.org (member): an invitation to set a password is queued\n" });
    const group = await cli("group", "add", "--slug", "test-family", "--name", "Test family", "--members", "E09000002,E99999999");
    expect(group).toMatchObject({ code: 0, stdout: 'Group test-family "Test family" with 2 member(s)\n' });
    const stored = await database.db
      .selectFrom("users")
      .innerJoin("authorities", "authorities.id", "users.authority_id")
      .select(["users.role", "authorities.code"])
      .where("users.email", "=", "officer@example.org")
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ role: "member", code: "E99999999" });
  });

  it("refuses a group naming an unknown authority, and writes nothing", async () => {
    const before = { groups: await count("groups"), members: await count("group_members") };
    const result = await cli("group", "add", "--slug", "broken", "--name", "Broken", "--members", "E09000002,E00000000");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("Error: Unknown authority code(s): E00000000. Nothing was changed.\n");
    expect({ groups: await count("groups"), members: await count("group_members") }).toEqual(before);
  });
});

/**
 * Two rounds of four authorities, numbers chosen by hand. Columns: the fields a return needs before
 * it can be approved, plus a yes/no policy. Post-16 unit cost goes £201 → £840 for A (the spec's
 * worked check); special school unit costs in 2024-25 are £10,000, £12,000, £15,000 and £20,000.
 */
const HEADER = [
  "authority_code",
  "population_0_25",
  "ehcp.total",
  "transport.send_mainstream.children",
  "transport.send_mainstream.spend",
  "transport.special.children",
  "transport.special.spend",
  "transport.independent_special.children",
  "transport.independent_special.spend",
  "transport.post16.children",
  "transport.post16.spend",
  "transport.post19.children",
  "transport.post19.spend",
  "policy.pickup_points",
].join(",");
const A = "E09000002";
const B = "E09000003";
const C = "E10000016";
const D = "E06000023";

const ROUND_1 = [
  HEADER,
  `${A},100000,2000,100,600000,200,2000000,50,1250000,10,2010,5,50000,yes`,
  `${B},150000,3000,150,1050000,300,3300000,60,1500000,20,100000,6,60000,no`,
  `${C},400000,9000,400,2800000,380,5000000,100,2600000,60,300000,10,100000,y`,
  `${D},120000,2500,90,600000,90,1800000,40,1000000,15,75000,4,40000,`,
];
const ROUND_2 = [
  HEADER,
  `${A},100000,2200,110,660000,210,"£2,100,000",50,1300000,10,8400,5,50000,yes`,
  `${B},150000,3300,7,12345,300,3600000,60,1560000,20,110000,6,66000,no`,
  `${C},400000,9900,420,2940000,400,6000000,110,2900000,66,330000,11,110000,TRUE`,
  `${D},120000,2600,95,650000,100,2000000,45,1100000,15,78000,4,44000,0`,
];

describe("rounds from import to export", () => {
  it("creates two draft rounds, refusing a bad year", async () => {
    const first = await cli("round", "create", "--slug", "2023-24", "--year", "2023-24", "--closes", "2024-07-31");
    expect(first).toMatchObject({ code: 0, stdout: 'Round 2023-24 "Round 2023-24" (2023-24) created as a draft\n' });
    expect((await cli("round", "create", "--slug", "2024-25", "--year", "2024-25", "--name", "Survey 2024-25")).code).toBe(0);
    const again = await cli("round", "create", "--slug", "2024-25", "--year", "2024-25");
    expect(again).toMatchObject({ code: 1, stderr: "Error: A round with the slug 2024-25 already exists\n" });
    const badYear = await cli("round", "create", "--slug", "2025-26", "--year", "2025-27");
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toContain("--year: Financial year must look like 2024-25");
  });

  it("imports a CSV of returns into each round as approved returns", async () => {
    const first = await cli("import", "--round", "2023-24", file("round-1.csv", ROUND_1));
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("Imported 4 return(s) into round 2023-24, each approved and replacing what was there");
    const second = await cli("import", "--round", "2024-25", file("round-2.csv", ROUND_2));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Metrics recomputed for 1 round(s): 2024-25 (4 approved)");
    const statuses = await database.db.selectFrom("returns").select("status").distinct().execute();
    expect(statuses).toEqual([{ status: "approved" }]);
    const audited = await database.db.selectFrom("audit_log").select("action").where("action", "=", "import").execute();
    // one audit row per answer given: 8 returns × 13 answers, less the policy D left blank in 2023-24
    expect(audited).toHaveLength(8 * 13 - 1);
  });

  it("publishes only along the lifecycle: draft → open → closed → published", async () => {
    const early = await cli("publish", "--round", "2024-25");
    expect(early).toMatchObject({
      code: 1,
      stderr: "Error: Round 2024-25: A draft round cannot become published: from draft you can only open the round (open)\n",
    });
    expect((await cli("round", "open", "--round", "2024-25")).stdout).toBe("Round 2024-25 is now open\n");
    expect((await cli("round", "close", "--round", "2024-25")).stdout).toBe("Round 2024-25 is now closed\n");
    const published = await cli("publish", "--round", "2024-25");
    expect(published.code).toBe(0);
    expect(published.stdout).toContain("Round 2024-25 is now published");
    const round = await database.db.selectFrom("rounds").selectAll().where("slug", "=", "2024-25").executeTakeFirstOrThrow();
    expect(round.status).toBe("published");
    expect(round.published_at).not.toBeNull();
    const moves = await database.db
      .selectFrom("audit_log")
      .select(["old_value", "new_value"])
      .where("action", "=", "round.status")
      .orderBy("id")
      .execute();
    expect(moves).toEqual([
      { old_value: "draft", new_value: "open" },
      { old_value: "open", new_value: "closed" },
      { old_value: "closed", new_value: "published" },
    ]);
  });

  it("exports the metrics, long and at full precision, matching values worked by hand", async () => {
    // Change and growth compare only against published rounds (spec §5.3 rule 7): publish the earlier one too.
    for (const move of [["round", "open"], ["round", "close"], ["publish"]])
      expect((await cli(...move, "--round", "2023-24")).code).toBe(0);
    // Published figures change only by withdraw and republish: 2024-25 was flagged out of date, not recomputed.
    expect(await cli("export", "--round", "2024-25", "--what", "metrics")).toMatchObject({
      code: 0,
      stdout: expect.not.stringContaining("growth.unit_cost.post16"),
    });
    for (const move of [["round", "close"], ["publish"]]) expect((await cli(...move, "--round", "2024-25")).code).toBe(0);
    const result = await cli("export", "--round", "2024-25", "--what", "metrics");
    expect(result.code).toBe(0);
    const parsed = parseCsv(result.stdout);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const [header, ...rows] = parsed.rows;
    expect(header).toEqual(["round", "authority_code", "metric", "value"]);
    expect(rows.every((row) => row[0] === "2024-25")).toBe(true);
    const value = (code: string, metric: string) => rows.find((row) => row[1] === code && row[2] === metric)?.[3];

    expect(value(A, "unit_cost.special")).toBe("10000");
    // £12,345 for 7 children: printed in full, not rounded to the pound
    expect(value(B, "unit_cost.send_mainstream")).toBe(String(12345 / 7));
    expect(value(B, "unit_cost.send_mainstream")).toBe("1763.5714285714287");
    // Σ spend / Σ children over the SEND cohorts
    const spendSendA = 660000 + 2100000 + 1300000 + 8400 + 50000;
    expect(value(A, "unit_cost.send")).toBe(String(spendSendA / (110 + 210 + 50 + 10 + 5)));
    expect(value(A, "spend.send")).toBe(String(spendSendA));
    // £201 → £840 a young person: +317.91 %
    expect(Number(value(A, "growth.unit_cost.post16"))).toBeCloseTo(317.91, 2);
    expect(value(A, "growth.unit_cost.post16")).toBe(String((840 / 201 - 1) * 100));
    expect(value(A, "change.ehcps")).toBe(String((2200 / 2000 - 1) * 100));
    expect(value(A, "change.spend.send")).toBe(String((spendSendA / (600000 + 2000000 + 1250000 + 2010 + 50000) - 1) * 100));
    // 2024-25 is the latest year in the shipped deflators, so it is its own price base: real = nominal
    expect(value(A, "real_unit_cost.special")).toBe("10000");
    // no routes given: not available, so no row at all
    expect(value(A, "cost_per_route.special")).toBeUndefined();
    expect(rows.filter((row) => row[2] === "unit_cost.special").map((row) => row[1])).toEqual([D, A, B, C].sort());

    const json = await cli("export", "--round", "2024-25", "--what", "metrics", "--format", "json");
    const objects = JSON.parse(json.stdout) as Array<{ round: string; authority_code: string; metric: string; value: number }>;
    expect(objects).toHaveLength(rows.length);
    expect(objects.find((o) => o.authority_code === B && o.metric === "unit_cost.send_mainstream")).toEqual({
      round: "2024-25",
      authority_code: B,
      metric: "unit_cost.send_mainstream",
      value: 12345 / 7,
    });
    // Withdrawn, the earlier round feeds no growth any more; later tests import into it again.
    expect((await cli("round", "close", "--round", "2023-24")).code).toBe(0);
    const withdrawn = await cli("export", "--round", "2024-25", "--what", "metrics");
    expect(withdrawn.stdout).not.toContain("growth.unit_cost.post16");
  });

  it("exports round statistics with quartiles of the four unit costs worked by hand", async () => {
    const result = await cli("export", "--round", "2024-25", "--what", "stats");
    const lines = result.stdout.split("\r\n");
    expect(lines[0]).toBe("round,metric,n,min,q1,median,q3,max,mean");
    // sorted 10,000 · 12,000 · 15,000 · 20,000; positions 0.75, 1.5, 2.25:
    // Q1 10,000 + 0.75 × 2,000 = 11,500; median 12,000 + 0.5 × 3,000 = 13,500; Q3 15,000 + 0.25 × 5,000 = 16,250;
    // mean 57,000 / 4 = 14,250
    expect(lines).toContain("2024-25,unit_cost.special,4,10000,11500,13500,16250,20000,14250");
    // EHCPs 2,200 · 2,600 · 3,300 · 9,900: Q1 2,500, median 2,950, Q3 4,950, mean 4,500
    expect(lines).toContain("2024-25,ehcps,4,2200,2500,2950,4950,9900,4500");

    const json = JSON.parse((await cli("export", "--round", "2024-25", "--what", "stats", "--format", "json")).stdout);
    expect(json.find((s: { metric: string }) => s.metric === "unit_cost.special")).toEqual({
      round: "2024-25",
      metric: "unit_cost.special",
      n: 4,
      min: 10000,
      q1: 11500,
      median: 13500,
      q3: 16250,
      max: 20000,
      mean: 14250,
    });
  });

  it("exports the approved returns wide, in the import layout", async () => {
    const result = await cli("export", "--round", "2024-25", "--what", "returns");
    const parsed = parseCsv(result.stdout);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const [header, ...rows] = parsed.rows;
    expect(header!.slice(0, 3)).toEqual(["authority_code", "population_0_25", "ehcp.total"]);
    expect(rows.map((row) => row[0])).toEqual([D, A, B, C].sort());
    const rowA = rows.find((row) => row[0] === A)!;
    expect(rowA[header!.indexOf("transport.special.spend")]).toBe("2100000");
    expect(rowA[header!.indexOf("policy.pickup_points")]).toBe("yes");
    expect(rowA[header!.indexOf("hnb.outturn")]).toBe("");
  });

  it("refuses a whole file with any error, naming every row and field, and writes nothing", async () => {
    const before = {
      returns: await count("returns"),
      values: await count("return_values"),
      audit: await count("audit_log"),
      metrics: await countStoredMetrics(database.db),
    };
    const bad = file("bad.csv", [
      `${HEADER},transport.special.taxis,ehcp.age.under_5,ehcp.age.5_10,ehcp.age.11_15,ehcp.age.16_19,ehcp.age.20_25`,
      `${A},100000,2000,100,600000,200,-500,50,1250000,10,2010,5,50000,yes,,,,,,`,
      `${B},150000,3000,150,1050000,many,3300000,60,1500000,20,100000,6,60000,no,,,,,,`,
      `${C},400000,9000,400,2800000,380,5000000,100,2600000,12.5,300000,10,100000,y,,,,,,`,
      `${D},120000,2500,90,600000,90,1800000,40,1000000,15,75000,4,40000,,,100,900,800,500,100`,
      `E99999998,120000,2500,90,600000,90,1800000,40,1000000,15,75000,4,40000,,,,,,,`,
    ]);
    const result = await cli("import", "--round", "2023-24", bad);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        `Error: ${bad} has 6 problem(s), so nothing was imported:`,
        'row 1, column O: unknown column "transport.special.taxis": expected authority_code or a field key of question set version 1',
        'row 2, field transport.special.spend: value "-500": expected 0 or more',
        'row 3, field transport.special.children: value "many": expected a whole number, like 120',
        'row 4, field transport.post16.children: value "12.5": expected a whole number, like 120',
        // 100 + 900 + 800 + 500 + 100 = 2,400 against 2,500 EHCPs
        "row 5, field ehcp.age.under_5: EHCPs by age band add up to 2,400, but the number of EHCPs maintained is 2,500 — correct the breakdown or the total",
        'row 6, field authority_code: value "E99999998": expected the ONS code of an authority in the network, like E09000002',
        "",
      ].join("\n"),
    );
    expect({
      returns: await count("returns"),
      values: await count("return_values"),
      audit: await count("audit_log"),
      metrics: await countStoredMetrics(database.db),
    }).toEqual(before);
  });

  it("reads an Excel workbook through the same checks, refusing it whole on any error, and refuses to change a published round", async () => {
    const before = { returns: await count("returns"), values: await count("return_values"), audit: await count("audit_log") };
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Returns");
    for (const line of ROUND_1) {
      const cells = parseCsv(line);
      if (cells.ok) sheet.addRow(cells.rows[0]!.map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell)));
    }
    sheet.getCell("G3").value = "many";
    const xlsx = path.join(dir, "returns.xlsx");
    writeFileSync(xlsx, Buffer.from(await workbook.xlsx.writeBuffer()));
    const refused = await cli("import", "--round", "2023-24", xlsx);
    expect(refused).toMatchObject({
      code: 1,
      stderr: `Error: ${xlsx} has 1 problem(s), so nothing was imported:\nsheet "Returns", row 3, field transport.special.spend: value "many": expected a whole number of pounds, like 1250000\n`,
    });
    expect({ returns: await count("returns"), values: await count("return_values"), audit: await count("audit_log") }).toEqual(before);

    const published = await cli("import", "--round", "2024-25", path.join(dir, "round-2.csv"));
    expect(published).toMatchObject({
      code: 1,
      stderr: "Error: Round 2024-25 is published: withdraw it first (round close --round 2024-25), then import. Nothing was imported.\n",
    });
  });

  it("replaces the deflators and recomputes every round's real-terms figures", async () => {
    const bad = await cli("deflators", "import", file("bad-deflators.csv", ["financial_year,index", "2023-24,-1"]));
    expect(bad).toMatchObject({
      code: 1,
      stderr:
        "Error: " +
        path.join(dir, "bad-deflators.csv") +
        ' has 1 problem(s), so nothing was changed:\nrow 2, field index: value "-1": expected a positive number\n',
    });

    const result = await cli(
      "deflators",
      "import",
      file("deflators.csv", ["financial_year,index", "2023-24,80", "2024-25,100"]),
      "--released-on",
      "2026-06-30",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Deflators replaced: 2 financial years, 2023-24 to 2024-25");
    expect(result.stdout).toContain("Metrics recomputed for 2 round(s): 2023-24 (4 approved), 2024-25 (4 approved)");
    const metrics = JSON.parse((await cli("export", "--round", "2023-24", "--what", "metrics", "--format", "json")).stdout);
    // A in 2023-24: £2,000,000 / 200 = £10,000 at 2023-24 prices, × 100 / 80 in 2024-25 prices
    expect(
      metrics.find((m: { authority_code: string; metric: string }) => m.authority_code === A && m.metric === "real_unit_cost.special")
        ?.value,
    ).toBe(12_500);
  });
});

describe("importing returns collected before a question was asked", () => {
  it("imports a row with required answers blank as approved and incomplete, and lists it as a notice", async () => {
    expect((await cli("round", "create", "--slug", "2015-16", "--year", "2015-16")).code).toBe(0);
    // Row 3: post-19 transport was not asked in 2015-16, so its children and spend are blank.
    const result = await cli(
      "import",
      "--round",
      "2015-16",
      file("2015-16.csv", [
        HEADER,
        `${A},100000,2000,100,600000,200,2000000,50,1250000,10,2010,5,50000,yes`,
        `${B},150000,3000,150,1050000,300,3300000,60,1500000,20,100000,,,no`,
      ]),
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Imported 2 return(s) into round 2015-16, each approved and replacing what was there");
    expect(result.stdout).toContain("Imported incomplete, without required answers:\nrow 3: post-19 transport not provided\n");
    const statuses = await database.db
      .selectFrom("returns")
      .innerJoin("rounds", "rounds.id", "returns.round_id")
      .select("returns.status")
      .where("rounds.slug", "=", "2015-16")
      .execute();
    expect(statuses).toEqual([{ status: "approved" }, { status: "approved" }]);
  });
});
