import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBER_AUTHORITY, DEMO_NEW_MEMBER_AUTHORITY, DEMO_USERS, seedDemo } from "../../db/demo";
import { readyToApprove } from "../../app/domain/round-dashboard";
import { loadRoundReview } from "../../app/services/return-workspace.server";
import { seedReference } from "../../db/seed";
import { databaseKind } from "../../db/client";
import { type TestDatabase, createTestDatabase } from "../support/database";

async function snapshot(db: TestDatabase["db"]) {
  const tables = [
    "authorities",
    "groups",
    "group_members",
    "statistical_neighbours",
    "deflators",
    "users",
    "rounds",
    "returns",
    "return_values",
    "warning_explanations",
  ] as const;
  const result: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  const kent = await db.selectFrom("authorities").selectAll().where("code", "=", "E10000016").executeTakeFirstOrThrow();
  const deflators = await db.selectFrom("deflators").selectAll().orderBy("financial_year").execute();
  return { counts: result, kent: { ...kent, created_at: "" }, deflators };
}

describe(`database on ${databaseKind(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "file:")}`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase({ reference: false });
  });
  afterAll(async () => test.destroy());

  it("migrates up to a schema with every table the service needs", async () => {
    const tables = (await test.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "authorities",
        "groups",
        "group_members",
        "statistical_neighbours",
        "users",
        "rounds",
        "returns",
        "return_values",
        "comments",
        "audit_log",
        "deflators",
        "reference_sources",
        "round_metric_results",
        "round_statistics",
        "sessions",
        "throttle_counters",
        "service_secrets",
      ]),
    );
  });

  it("loads the 153 authorities, nine regions, ten neighbours each and the deflators", async () => {
    const summary = await seedReference(test.db);
    expect(summary).toMatchObject({ authorities: 153, regions: 9, neighbourLinks: 1530 });
    expect(summary.deflators).toBeGreaterThan(10);
    const london = await test.db
      .selectFrom("groups")
      .innerJoin("group_members", "group_members.group_id", "groups.id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("groups.slug", "=", "london")
      .executeTakeFirstOrThrow();
    expect(Number(london.n)).toBe(33);
    const bristol = await test.db.selectFrom("authorities").selectAll().where("code", "=", "E06000023").executeTakeFirstOrThrow();
    expect(bristol).toMatchObject({ name: "Bristol, City of", region_name: "South West", dfe_code: "801" });
    const hartlepoolNearest = await test.db
      .selectFrom("statistical_neighbours as sn")
      .innerJoin("authorities as a", "a.id", "sn.authority_id")
      .innerJoin("authorities as n", "n.id", "sn.neighbour_id")
      .select(["n.name", "sn.proximity"])
      .where("a.code", "=", "E06000001")
      .where("sn.rank", "=", 1)
      .executeTakeFirstOrThrow();
    expect(hartlepoolNearest).toEqual({ name: "Redcar and Cleveland", proximity: "Very close" });
  });

  it("changes nothing when the reference and demo seeds run a second time", async () => {
    await seedDemo(test.db);
    const before = await snapshot(test.db);
    await seedReference(test.db);
    const again = await seedDemo(test.db);
    expect(again).toEqual({ users: 0, rounds: 0, returns: 0 });
    expect(await snapshot(test.db)).toEqual(before);
    expect(before.counts.users).toBe(DEMO_USERS.length);
    expect(before.counts.rounds).toBe(3);
  });

  it("dates the demo rounds from today, with a member who has not started and approved returns whose warnings are explained", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const rounds = await test.db.selectFrom("rounds").selectAll().where("slug", "like", "demo-%").orderBy("financial_year").execute();
    expect(rounds.map((round) => round.status)).toEqual(["published", "published", "open"]);
    const open = rounds[2]!;
    expect(open.opens_on! < today && today < open.closes_on!).toBe(true);
    for (const published of rounds.slice(0, 2)) expect(published.closes_on! < today).toBe(true);

    const byCode = async (round: (typeof rounds)[number]) =>
      new Map((await loadRoundReview(test.db, round)).map((row) => [row.authorityCode, row]));
    const openReview = await byCode(open);
    expect(openReview.get(DEMO_MEMBER_AUTHORITY)!.status).toBe("draft");
    expect(openReview.get(DEMO_NEW_MEMBER_AUTHORITY)!.status).toBe("not_started");
    expect(DEMO_USERS.filter((user) => user.authorityCode === DEMO_NEW_MEMBER_AUTHORITY).map((user) => user.email)).toEqual([
      "new.member@example.org",
    ]);

    let warned = 0;
    for (const round of rounds) {
      for (const row of (await byCode(round)).values()) {
        if (row.status !== "approved") continue;
        expect({ code: row.authorityCode, round: round.slug, unexplained: row.unexplainedWarningCount }).toEqual({
          code: row.authorityCode,
          round: round.slug,
          unexplained: 0,
        });
        if (row.warningCount > 0) warned++;
      }
    }
    // Not a vacuous check: the demo's approved returns do carry warnings, each explained.
    expect(warned).toBeGreaterThan(20);
    // Some submitted returns are ready for bulk approval, and some still wait for explanations.
    const submitted = [...openReview.values()].filter((row) => row.status === "submitted");
    const ready = readyToApprove(submitted);
    expect(ready.length).toBeGreaterThan(0);
    expect(ready.length).toBeLessThan(submitted.length);
  });

  it("refuses a user whose role and scope disagree, in the database itself", async () => {
    const now = new Date().toISOString();
    await expect(
      test.db
        .insertInto("users")
        .values({
          email: "x@example.org",
          name: "X",
          role: "member",
          authority_id: null,
          group_id: null,
          active: 1,
          created_at: now,
          updated_at: now,
          password_hash: null,
        })
        .execute(),
    ).rejects.toThrow();
  });
});
