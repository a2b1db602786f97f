import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { runCli } from "../support/cli";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { completeReturn, insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, AUTHORITY_B, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

// Shipped deflators (2024-25 = 100): 2021-22 85.3036, 2022-23 91.2996, 2023-24 96.1117.
const YEARS = ["2021-22", "2022-23", "2023-24"] as const;
let database: TestDatabase;
let server: RunningServer;

/** Authority A: EHCPs grow exactly 10 % a year; special-school children double and spend triples. */
function authorityA(index: number) {
  return completeReturn({
    "ehcp.total": 1000 * 1.1 ** index,
    "transport.special.children": index === 0 ? 100 : index === 1 ? 150 : 200,
    "transport.special.spend": index === 0 ? 1_000_000 : index === 1 ? 2_000_000 : 3_000_000,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  for (const [index, year] of YEARS.entries()) {
    const round = await insertRound(database.db, { slug: year, financialYear: year, status: "published" });
    await insertReturn(database.db, { roundId: round.id, authorityCode: AUTHORITY_A, status: "approved", values: authorityA(index) });
    await insertReturn(database.db, {
      roundId: round.id,
      authorityCode: AUTHORITY_B,
      status: "approved",
      values: syntheticReturn(AUTHORITY_B, index),
    });
    await database.db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
  }
  server = await startServer({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("forecast and decompose on the command line", () => {
  it("forecasts an exact 10 % a year series with no uncertainty", async () => {
    const result = await runCli(database.url, "forecast", "--round", "2023-24", "--authority", AUTHORITY_A, "--metric", "ehcps");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.history).toEqual([
      { year: 2021, value: 1000 },
      { year: 2022, value: 1100 },
      { year: 2023, value: 1210.0000000000002 },
    ]);
    expect(json.annual_growth).toBeCloseTo(0.1, 10);
    expect(json.forecast.map((p: { year: number }) => p.year)).toEqual([2024, 2025, 2026]);
    expect(json.forecast[0].central).toBeCloseTo(1331, 6);
    expect(json.forecast[0].high - json.forecast[0].low).toBeCloseTo(0, 6);
  });

  it("says there is not enough history before three rounds", async () => {
    const result = await runCli(database.url, "forecast", "--round", "2022-23", "--authority", AUTHORITY_A, "--metric", "spend.send");
    expect(JSON.parse(result.stdout)).toMatchObject({
      forecast: [],
      annual_growth: null,
      reason: expect.stringContaining("Not enough history"),
    });
  });

  it("decomposes special-school spend: ×3 spend = ×2 children × inflation × real unit cost", async () => {
    const result = await runCli(
      database.url,
      "decompose",
      "--authority",
      AUTHORITY_A,
      "--from",
      "2021-22",
      "--to",
      "2023-24",
      "--cohort",
      "special",
    );
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const inflation = 96.1117 / 85.3036 - 1;
    expect(json.spend_change).toBeCloseTo(2, 12);
    expect(json.volume).toBeCloseTo(1, 12);
    expect(json.inflation).toBeCloseTo(inflation, 12);
    // (£15,000 / D1) / (£10,000 / D0) − 1.
    expect(json.real_unit_cost).toBeCloseTo(1.5 / (1 + inflation) - 1, 12);
    expect(json.shares.volume + json.shares.inflation + json.shares.real_unit_cost).toBeCloseTo(1, 12);
  });

  it("refuses an unknown metric with exit code 2", async () => {
    const result = await runCli(database.url, "forecast", "--round", "2023-24", "--authority", AUTHORITY_A, "--metric", "nonsense");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--metric must be one of ehcps, children.send, spend.send, unit_cost.send, spend.total");
  });
});

describe("the forecasts page", () => {
  it("shows a member their own decomposition, forecasts and scenarios, and nobody else's figures", async () => {
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    const html = await (await member.get("/results/2023-24/forecasts?cohort=special&ittChildren=10&ittCost=2000")).text();
    const text = pageText(html);
    expect(text).toContain("Forecasts and scenarios: Barking and Dagenham");
    expect(text).toMatch(/Of the 200% rise in spend, \d+% came from more children/);
    expect(text).toMatch(/Implied growth \+10\.0% a year/);
    // Travel training: 10 × (SEND unit cost − £2,000).
    expect(text).toContain("10 children complete travel training at £2,000 each");
    expect(html).not.toContain("Barnet");
  });

  it("shows a regional viewer only a suppressed group below the minimum size, and lets a coordinator choose any authority", async () => {
    const viewer = new TestClient(server.baseUrl);
    await viewer.signIn(TEST_USERS.viewer.email, TEST_PASSWORD);
    const page = pageText(await (await viewer.get("/results/2023-24/forecasts")).text());
    // Only two London authorities have returns here: fewer than 5.
    expect(page).toContain("London: suppressed: fewer than 5 authorities, in every year.");
    expect(page).not.toMatch(/Barking|Barnet/);
    const coordinator = new TestClient(server.baseUrl);
    await coordinator.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
    expect(pageText(await (await coordinator.get(`/results/2023-24/forecasts?authority=${AUTHORITY_B}`)).text())).toContain(
      "Forecasts and scenarios: Barnet",
    );
  });
});
