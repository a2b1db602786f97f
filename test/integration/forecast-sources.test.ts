/**
 * The forecasts page's EHCP series over HTTP against the built app (issue 13 item 6, issue 15): a
 * member's own SEN2 figures before the network's rounds, a group's SEN2 total where SEN2 has every
 * member, each point's source in the table and the CSV, and a regional viewer's chart naming their
 * group, not "You". SEN2 figures for the authorities here are replaced by hand-picked ones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeRoundsFrom } from "../../app/services/recompute.server";
import { registerUser } from "../../app/services/user-admin.server";
import { upsertGroup } from "../../app/models/group.server";
import { hashPassword } from "../../app/utils/password.server";
import { syntheticReturn } from "../../db/demo";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { completeReturn, insertReturn, insertRound } from "../support/rounds";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

const YEARS = ["2021-22", "2022-23", "2023-24"] as const;
/** One county in each of five regions, so no region's figure is within a few councils of the family's. */
const FAMILY = ["E10000016", "E10000012", "E10000008", "E10000017", "E10000034"];
const OTHERS = ["E06000001", "E06000002", "E08000001", "E08000002"];
let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const db = database.db;
  const ids = await db.selectFrom("authorities").select(["id", "code"]).where("code", "in", FAMILY).execute();
  await upsertGroup(db, { slug: "test-family", name: "Test family", kind: "family", authorityIds: ids.map((row) => row.id) });
  const registered = await registerUser(
    db,
    {
      email: "family.viewer@example.org",
      name: "Family Viewer",
      role: "regional_viewer",
      authorityCode: null,
      groupSlug: "test-family",
      passwordHash: await hashPassword(TEST_PASSWORD),
    },
    null,
  );
  if (!registered.ok) throw new Error(registered.message);

  // Hand-picked SEN2 totals: A has 826 (January 2020) and 909 (January 2021) before its first round;
  // the family's five have 100…500 in January 2022, each +10 % a year, and Essex lacks January 2021.
  const release = await db
    .insertInto("sen2_releases")
    .values({
      name: "SEN2 test",
      reporting_year: 2099,
      source: "test",
      files: "[]",
      content_hash: "test",
      figure_count: 0,
      loaded_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom("sen2_figures")
    .where("authority_code", "in", [AUTHORITY_A, ...FAMILY])
    .where("breakdown", "=", "ehcp.total")
    .execute();
  const figure = (code: string, census: number, value: number) => ({
    release_id: release.id,
    census_year: census,
    authority_code: code,
    breakdown: "ehcp.total",
    value,
  });
  const rows = [figure(AUTHORITY_A, 2020, 826), figure(AUTHORITY_A, 2021, 909)];
  for (const [index, code] of FAMILY.entries()) {
    if (code !== "E10000012") rows.push(figure(code, 2021, 1_000_000));
    for (const [step, census] of [2022, 2023, 2024].entries()) rows.push(figure(code, census, Math.round(100 * (index + 1) * 1.1 ** step)));
  }
  await db.insertInto("sen2_figures").values(rows).execute();

  for (const [index, year] of YEARS.entries()) {
    const round = await insertRound(db, { slug: year, financialYear: year, status: "published" });
    await insertReturn(db, {
      roundId: round.id,
      authorityCode: AUTHORITY_A,
      status: "approved",
      values: completeReturn({ "ehcp.total": Math.round(1000 * 1.1 ** index) }),
    });
    for (const code of [...FAMILY, ...OTHERS]) {
      await insertReturn(db, { roundId: round.id, authorityCode: code, status: "approved", values: syntheticReturn(code, index) });
    }
    await db.transaction().execute((trx) => recomputeRoundsFrom(trx, round.id));
  }
  server = await startServer({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

describe("a member's EHCP forecast", () => {
  it("begins with their own SEN2 figures before the network's rounds, and says so in the page, the table and the CSV", async () => {
    const member = new TestClient(server.baseUrl);
    await member.signIn(TEST_USERS.memberA.email, TEST_PASSWORD);
    const text = pageText(await (await member.get("/results/2023-24/forecasts")).text());
    // 826, 909, 1,000, 1,100, 1,210: very nearly +10 % a year.
    expect(text).toContain(
      "Implied growth +10.0% a year. Sources: DfE SEN2 (SEN2 test) for 2019-20 to 2020-21; approved return for 2021-22 to 2023-24.",
    );
    expect(text).toMatch(/2019 826 DfE SEN2 \(SEN2 test\)/);
    expect(text).toMatch(/2021 1,000 Approved return/);
    const csv = await (await member.get("/results/2023-24/download?view=forecast&metric=ehcps")).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("year,value,source,central,low,high");
    expect(lines.slice(1, 6).map((line) => line.split(",").slice(0, 3).join(","))).toEqual([
      "2019,826,DfE SEN2 (SEN2 test)",
      "2020,909,DfE SEN2 (SEN2 test)",
      "2021,1000,Approved return",
      "2022,1100,Approved return",
      "2023,1210,Approved return",
    ]);
  });
});

describe("a regional viewer's forecasts", () => {
  it("forecast the group's SEN2 total where SEN2 has every member, and the chart names the group, not 'You'", async () => {
    const viewer = new TestClient(server.baseUrl);
    await viewer.signIn("family.viewer@example.org", TEST_PASSWORD);
    const html = await (await viewer.get("/results/2023-24/forecasts")).text();
    const text = pageText(html);
    expect(text).toContain("Forecasts and scenarios: Test family (the median authority)");
    // 100+200+300+400+500 = 1,500 (January 2022), then 1,650 and 1,815; January 2021 lacks Essex, so is left out.
    expect(text).toContain("EHCPs maintained by the 5 authorities of Test family (total)");
    expect(text).toMatch(/2021 1,500 DfE SEN2 \(SEN2 test\), total of every authority in the group/);
    expect(text).toMatch(/2023 1,815 DfE SEN2/);
    expect(text).not.toContain("1,000,000");
    expect(text).toContain("Implied growth +10.0% a year.");
    expect(text).toContain("Each factor's share of the change in spend: Test family against the network median");
    expect(html).toMatch(/Test family: -?\d/);
    expect(html).not.toMatch(/You: /);
  });
});
