import { describe, expect, test } from "vitest";
import { formatExport, metricsExportTable, returnsExportTable, statisticsExportTable } from "~/domain/exports";
import { QUESTION_SET_V1 } from "~/domain/question-set";
import { parseReturnsCsv } from "~/domain/returns-file";

describe("metrics export", () => {
  const table = metricsExportTable("2024-25", [
    { authorityCode: "E09000002", metricKey: "unit_cost.special", value: 12345 / 7 },
    { authorityCode: "E09000002", metricKey: "change.ehcps", value: -12.5 },
  ]);

  test("is long CSV round,authority_code,metric,value at full precision", () => {
    expect(formatExport(table, "csv")).toBe(
      "round,authority_code,metric,value\r\n2024-25,E09000002,unit_cost.special,1763.5714285714287\r\n2024-25,E09000002,change.ehcps,-12.5\r\n",
    );
  });

  test("is the same rows as JSON objects, numbers as JSON numbers", () => {
    expect(JSON.parse(formatExport(table, "json"))).toEqual([
      { round: "2024-25", authority_code: "E09000002", metric: "unit_cost.special", value: 12345 / 7 },
      { round: "2024-25", authority_code: "E09000002", metric: "change.ehcps", value: -12.5 },
    ]);
  });
});

test("statistics export has one row per metric with n, min, quartiles, max and mean", () => {
  const table = statisticsExportTable("2024-25", [
    { metricKey: "ehcps", n: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4, mean: 2.5 },
  ]);
  expect(formatExport(table, "csv")).toBe("round,metric,n,min,q1,median,q3,max,mean\r\n2024-25,ehcps,4,1,1.75,2.5,3.25,4,2.5\r\n");
});

describe("returns export", () => {
  const values = {
    population_0_25: 200000,
    "ehcp.total": 4000,
    "transport.send_mainstream.children": 500,
    "transport.send_mainstream.spend": 3000000,
    "transport.special.children": 800,
    "transport.special.spend": 8000000,
    "transport.independent_special.children": 200,
    "transport.independent_special.spend": 5000000,
    "transport.post16.children": 400,
    "transport.post16.spend": 2000000,
    "transport.post19.children": 50,
    "transport.post19.spend": 500000,
    "dsg.cumulative_deficit": -250000,
    "policy.pickup_points": true,
  };
  const table = returnsExportTable(QUESTION_SET_V1, [{ authorityCode: "E09000002", values }]);

  test("has every field key in question-set order, blanks empty", () => {
    expect(table.columns).toEqual(["authority_code", ...QUESTION_SET_V1.fields.map((f) => f.key)]);
    const json = JSON.parse(formatExport(table, "json"));
    expect(json[0]).toMatchObject({
      authority_code: "E09000002",
      "dsg.cumulative_deficit": -250000,
      "policy.pickup_points": true,
      "hnb.outturn": null,
    });
  });

  test("imports back to the same answers", () => {
    const result = parseReturnsCsv(formatExport(table, "csv"), {
      questionSet: QUESTION_SET_V1,
      authorityCodes: new Set(["E09000002"]),
      purpose: "approve",
    });
    expect(result.ok).toBe(true);
    const imported = result.ok ? result.returns[0]!.values : {};
    expect(Object.fromEntries(Object.entries(imported).filter(([, value]) => value !== null))).toEqual(values);
  });
});
