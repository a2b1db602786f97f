import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReturn } from "../../db/demo";
import { databaseKind } from "../../db/client";
import type { RoundRow } from "../../db/schema";
import { listRoundMetrics, listRoundStatistics } from "../../app/models/metrics.server";
import { listRoundsRealTerms, recomputeRound, recomputeRoundsFrom } from "../../app/services/recompute.server";
import { writeReturnValues } from "../../app/models/return.server";
import { createRound, transitionRound, updateRound } from "../../app/services/round-changes.server";
import { type TestDatabase, createTestDatabase } from "../support/database";

let database: TestDatabase;
let rounds: RoundRow[];
let authorities: Array<{ id: number; code: string }>;

/** Twelve authorities with synthetic approved returns in 2022-23 and 2023-24. */
beforeAll(async () => {
  database = await createTestDatabase();
  authorities = await database.db.selectFrom("authorities").select(["id", "code"]).orderBy("code").limit(12).execute();
  rounds = await database.db.transaction().execute(async (trx) => {
    const created: RoundRow[] = [];
    for (const [yearIndex, year] of ["2022-23", "2023-24"].entries()) {
      const result = await createRound(trx, { slug: year, name: `Round ${year}`, financialYear: year, questionSetVersion: 1 }, null);
      if (!result.ok) throw new Error(result.message);
      for (const authority of authorities) {
        const values = syntheticReturn(authority.code, yearIndex);
        await writeReturnValues(trx, {
          roundId: result.round.id,
          authorityId: authority.id,
          values,
          status: "approved",
          actorId: null,
          action: "test",
        });
      }
      created.push(result.round);
    }
    // Change and growth compare only against published rounds: publish the first.
    for (const to of ["open", "closed", "published"] as const) {
      const moved = await transitionRound(trx, created[0]!.id, to, null, "http://localhost");
      if (!moved.ok) throw new Error(moved.message);
    }
    return created;
  });
});
afterAll(async () => database?.destroy());

async function snapshot(roundId: number) {
  return { metrics: await listRoundMetrics(database.db, roundId), statistics: await listRoundStatistics(database.db, roundId) };
}

describe(`pipeline on ${databaseKind(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "file:")}`, () => {
  it("materialises every approved return's metrics, with ranks and statistics", async () => {
    const { metrics, statistics } = await snapshot(rounds[1]!.id);
    const unitCosts = metrics.filter((m) => m.metricKey === "unit_cost.special");
    expect(unitCosts).toHaveLength(12);
    expect(unitCosts.map((m) => m.rank).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(metrics.filter((m) => m.metricKey === "growth.ehcps")).toHaveLength(12);
    expect(statistics.find((s) => s.metricKey === "unit_cost.special")?.n).toBe(12);
    // the first round has nothing earlier to compare with
    expect((await listRoundMetrics(database.db, rounds[0]!.id)).some((m) => m.metricKey.startsWith("change."))).toBe(false);
  });

  it("is idempotent: recomputing again changes nothing", async () => {
    const before = await snapshot(rounds[1]!.id);
    await database.db.transaction().execute((trx) => recomputeRound(trx, rounds[1]!.id));
    await database.db.transaction().execute((trx) => recomputeRound(trx, rounds[1]!.id));
    expect(await snapshot(rounds[1]!.id)).toEqual(before);
  });

  it("stores exactly the new results: rows written only where they changed, rows of metrics no longer computed deleted", async () => {
    const roundId = rounds[1]!.id;
    const before = await snapshot(roundId);
    // A stored row that differs from what the recompute makes, and rows of a metric it no longer makes.
    const stored = await database.db
      .selectFrom("round_metric_results")
      .select(["metric_key", "results"])
      .where("round_id", "=", roundId)
      .where("metric_key", "=", "unit_cost.special")
      .executeTakeFirstOrThrow();
    const altered = JSON.parse(stored.results) as { values: number[] };
    altered.values = altered.values.map((value) => value + 1);
    await database.db
      .updateTable("round_metric_results")
      .set({ results: JSON.stringify(altered) })
      .where("round_id", "=", roundId)
      .where("metric_key", "=", "unit_cost.special")
      .execute();
    await database.db
      .insertInto("round_metric_results")
      .values({ round_id: roundId, metric_key: "retired.metric", results: stored.results })
      .execute();
    await database.db
      .insertInto("round_statistics")
      .values({ round_id: roundId, metric_key: "retired.metric", n: 1, min: 1, q1: 1, median: 1, q3: 1, max: 1, mean: 1 })
      .execute();
    await database.db
      .updateTable("round_statistics")
      .set({ median: 0 })
      .where("round_id", "=", roundId)
      .where("metric_key", "=", "unit_cost.special")
      .execute();
    await database.db.transaction().execute((trx) => recomputeRound(trx, roundId));
    expect(await snapshot(roundId)).toEqual(before);
  });

  it("serialises two recomputes of one round that run at once", async () => {
    const before = await snapshot(rounds[1]!.id);
    await Promise.all([1, 2].map(() => database.db.transaction().execute((trx) => recomputeRound(trx, rounds[1]!.id))));
    expect(await snapshot(rounds[1]!.id)).toEqual(before);
  });

  it("moves a later round's change metrics when an earlier return leaves the comparison", async () => {
    const [first, second] = rounds as [RoundRow, RoundRow];
    const authority = authorities[0]!;
    const changeOf = async () =>
      (await listRoundMetrics(database.db, second.id)).find((m) => m.authorityId === authority.id && m.metricKey === "change.ehcps");
    expect(await changeOf()).toBeDefined();
    await database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("returns")
        .set({ status: "submitted" })
        .where("round_id", "=", first.id)
        .where("authority_id", "=", authority.id)
        .execute();
      await recomputeRoundsFrom(trx, first.id);
    });
    expect(await changeOf()).toBeUndefined();
    expect((await listRoundMetrics(database.db, first.id, { metricKey: "ehcps" })).map((m) => m.authorityId)).not.toContain(authority.id);
  });

  it("refuses a move the lifecycle does not allow, writing nothing", async () => {
    const auditBefore = await database.db.selectFrom("audit_log").select("id").where("action", "=", "round.status").execute();
    const result = await database.db
      .transaction()
      .execute((trx) => transitionRound(trx, rounds[1]!.id, "published", null, "http://localhost"));
    expect(result).toEqual({ ok: false, message: "A draft round cannot become published: from draft you can only open the round (open)" });
    expect(await database.db.selectFrom("audit_log").select("id").where("action", "=", "round.status").execute()).toEqual(auditBefore);
  });

  it("stamps published_at on publishing and clears it on withdrawal, when a withdrawn round stops feeding change", async () => {
    const id = rounds[0]!.id;
    const move = (to: "open" | "closed" | "published") =>
      database.db.transaction().execute((trx) => transitionRound(trx, id, to, null, "http://localhost"));
    const contributors = () =>
      database.db
        .selectFrom("round_contributors")
        .select(["set_key", "authority_id"])
        .where("round_id", "=", id)
        .orderBy("set_key")
        .orderBy("authority_id")
        .execute();
    const fixed = await contributors();
    expect(fixed.filter((row) => row.set_key === "network")).toHaveLength(12);
    const changes = async () => (await listRoundMetrics(database.db, rounds[1]!.id)).filter((m) => m.metricKey === "change.ehcps").length;
    expect(await changes()).toBeGreaterThan(0);
    const withdrawn = await move("closed");
    expect(withdrawn.ok && withdrawn.round).toMatchObject({ status: "closed", published_at: null });
    expect(await changes()).toBe(0);
    const published = await move("published");
    expect(published.ok && published.round.published_at).toBeTruthy();
    expect(published.ok && published.recomputed.map((r) => r.slug)).toEqual(["2022-23", "2023-24"]);
    expect(await changes()).toBeGreaterThan(0);
    // Republishing keeps the contributor sets of the first publication.
    expect(await contributors()).toEqual(fixed);
  });

  it("recomputes real-terms figures when the base year changes, and says why when it has no deflator", async () => {
    const round = rounds[1]!;
    const realOf = async () => (await listRoundMetrics(database.db, round.id, { metricKey: "real_unit_cost.special" }))[0];
    const nominal = (await listRoundMetrics(database.db, round.id, { metricKey: "unit_cost.special" }))[0]!;
    const deflators = Object.fromEntries(
      (await database.db.selectFrom("deflators").selectAll().execute()).map((d) => [d.financial_year, Number(d.index)]),
    );

    await database.db.transaction().execute((trx) => updateRound(trx, round.id, { name: round.name, baseYear: "2022-23" }, null));
    const real = await realOf();
    expect(real?.authorityId).toBe(nominal.authorityId);
    expect(real?.value).toBeCloseTo((nominal.value * deflators["2022-23"]!) / deflators["2023-24"]!, 8);

    await database.db.transaction().execute((trx) => updateRound(trx, round.id, { name: round.name, baseYear: "1990-91" }, null));
    expect(await realOf()).toBeUndefined();
    const status = (await listRoundsRealTerms(database.db)).find((r) => r.slug === round.slug);
    expect(status?.realTerms).toEqual({
      available: false,
      baseYear: "1990-91",
      reason: "No real-terms figures: the GDP deflator table has no index for 1990-91, the price base year",
    });
    const audit = await database.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "round.updated")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toEqual({ base_year: { from: "2022-23", to: "1990-91" } });
  });
});
