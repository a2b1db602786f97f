import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertGroup } from "../../app/models/group.server";
import { recomputeRound } from "../../app/services/recompute.server";
import { readResultsVersion } from "../../app/models/results-version.server";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { insertRound } from "../support/rounds";

describe("the results version", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.destroy());

  it("moves with a recompute and a group change, in their own transaction", async () => {
    const db = database.db;
    const round = await insertRound(db, { slug: "2024-25", financialYear: "2024-25", status: "closed" });
    const start = await readResultsVersion(db);
    await db.transaction().execute((trx) => recomputeRound(trx, round.id));
    const afterRecompute = await readResultsVersion(db);
    expect(afterRecompute).toBeGreaterThan(start);
    const authority = await db.selectFrom("authorities").select("id").executeTakeFirstOrThrow();
    await db
      .transaction()
      .execute((trx) => upsertGroup(trx, { slug: "family", name: "Family", kind: "family", authorityIds: [authority.id] }));
    expect(await readResultsVersion(db)).toBeGreaterThan(afterRecompute);
  });

  it("does not move when the change is rolled back", async () => {
    const db = database.db;
    const before = await readResultsVersion(db);
    const round = await db.selectFrom("rounds").select("id").executeTakeFirstOrThrow();
    await expect(
      db.transaction().execute(async (trx) => {
        await recomputeRound(trx, round.id);
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect(await readResultsVersion(db)).toBe(before);
  });
});
