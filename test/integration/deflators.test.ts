import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRoundMetrics } from "../../app/models/metrics.server";
import { recomputeRound } from "../../app/services/recompute.server";
import { writeReturnValues } from "../../app/models/return.server";
import { createRound } from "../../app/services/round-changes.server";
import { TestClient, pageText } from "../support/client";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { AUTHORITY_A, TEST_PASSWORD, TEST_USERS, createTestUsers } from "../support/users";

let database: TestDatabase;
let server: RunningServer;
let roundId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  await createTestUsers(database.db);
  const authority = await database.db.selectFrom("authorities").select("id").where("code", "=", AUTHORITY_A).executeTakeFirstOrThrow();
  roundId = await database.db.transaction().execute(async (trx) => {
    const created = await createRound(
      trx,
      { slug: "2023-24", name: "Round 2023-24", financialYear: "2023-24", baseYear: "2024-25", questionSetVersion: 1 },
      null,
    );
    if (!created.ok) throw new Error(created.message);
    // £1,000,000 for 100 children: £10,000 a child in 2023-24 prices.
    const values = { "transport.special.spend": 1_000_000, "transport.special.children": 100 };
    await writeReturnValues(trx, {
      roundId: created.round.id,
      authorityId: authority.id,
      values,
      status: "approved",
      actorId: null,
      action: "test",
    });
    await recomputeRound(trx, created.round.id);
    return created.round.id;
  });
  await database.db.transaction().execute(async (trx) => {
    const later = await createRound(trx, { slug: "2031-32", name: "Round 2031-32", financialYear: "2031-32", questionSetVersion: 1 }, null);
    if (!later.ok) throw new Error(later.message);
  });
  server = await startServer({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await database?.destroy();
});

async function coordinator(): Promise<TestClient> {
  const client = new TestClient(server.baseUrl);
  await client.signIn(TEST_USERS.coordinator.email, TEST_PASSWORD);
  return client;
}

function upload(client: TestClient, fields: { csv?: string; source: string; releasedOn: string }) {
  const form = new FormData();
  if (fields.csv !== undefined) form.append("file", new Blob([fields.csv], { type: "text/csv" }), "deflators.csv");
  form.append("source", fields.source);
  form.append("releasedOn", fields.releasedOn);
  return client.request("/admin/deflators", { method: "POST", headers: { Origin: server.baseUrl }, body: form });
}

async function realUnitCost(): Promise<number | undefined> {
  const metrics = await listRoundMetrics(database.db, roundId, { metricKey: "real_unit_cost.special" });
  return metrics[0]?.value;
}

describe("GDP deflators page", () => {
  it("shows the shipped table with its source and release date, and why a round has no real-terms figures", async () => {
    const text = pageText(await (await (await coordinator()).get("/admin/deflators")).text());
    expect(text).toContain("HM Treasury, GDP deflators at market prices");
    expect(text).toContain("Released 31 March 2026");
    expect(text).toMatch(/2024-25 100\b/);
    expect(text).toContain("Round 2023-24 2023-24 In 2024-25 prices");
    expect(text).toContain(
      "Round 2031-32 2031-32 No real-terms figures: the GDP deflator table has no index for 2031-32, the round's financial year",
    );
  });

  it("refuses a file with errors, listing each row's problem, and changes nothing", async () => {
    const before = await database.db.selectFrom("deflators").selectAll().orderBy("financial_year").execute();
    const response = await upload(await coordinator(), {
      csv: "financial_year,index\n2023-24,abc\n2024/25,100\n",
      source: "",
      releasedOn: "2026-13-01",
    });
    expect(response.status).toBe(400);
    const text = pageText(await response.text());
    expect(text).toContain("There is a problem");
    expect(text).toContain("Enter where the deflators come from");
    expect(text).toContain("Release date must be a real date written like 2026-03-31");

    const fileErrors = await upload(await coordinator(), {
      csv: "financial_year,index\n2023-24,abc\n2024/25,100\n",
      source: "HMT",
      releasedOn: "",
    });
    expect(fileErrors.status).toBe(400);
    const fileText = pageText(await fileErrors.text());
    expect(fileText).toContain('row 2, field index: value "abc": expected a positive number');
    expect(fileText).toContain('row 3, field financial_year: value "2024/25": expected a financial year like 2024-25');
    expect(await database.db.selectFrom("deflators").selectAll().orderBy("financial_year").execute()).toEqual(before);
  });

  it("asks for a file when none is chosen", async () => {
    const response = await upload(await coordinator(), { source: "HMT", releasedOn: "" });
    expect(response.status).toBe(400);
    expect(pageText(await response.text())).toContain("Select a CSV file of deflators");
  });

  it("replaces the table and recomputes every round's real-terms figures in one go", async () => {
    // shipped table: 2023-24 is 96.1117… of 2024-25's 100
    expect(await realUnitCost()).toBeCloseTo(10_000 * (100 / 96.1117), 6);
    const client = await coordinator();
    const response = await upload(client, {
      csv: "financial_year,index\r\n2023-24,80\r\n2024-25,100\r\n",
      source: "HM Treasury, test release",
      releasedOn: "2026-06-30",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/deflators");
    const text = pageText(await (await client.get("/admin/deflators")).text());
    expect(text).toContain("Deflators replaced: 2 financial years. Metrics recomputed for 2 rounds.");
    expect(text).toContain("HM Treasury, test release");
    // The release date as GOV.UK writes dates, not as it was typed.
    expect(text).toContain("Released 30 June 2026");
    // £10,000 × 100 / 80
    expect(await realUnitCost()).toBe(12_500);
    expect(await database.db.selectFrom("deflators").selectAll().orderBy("financial_year").execute()).toEqual([
      { financial_year: "2023-24", index: 80 },
      { financial_year: "2024-25", index: 100 },
    ]);
    const audit = await database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "deflators.replaced")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({
      years: 2,
      from: "2023-24",
      to: "2024-25",
      source: "HM Treasury, test release",
      releasedOn: "2026-06-30",
    });
  });
});
