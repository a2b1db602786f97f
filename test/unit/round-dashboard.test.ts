import { describe, expect, it } from "vitest";
import {
  dashboardRegions,
  dashboardSearch,
  describeDashboardFilters,
  filterDashboardRows,
  leftOutOfPublication,
  parseDashboardFilters,
  countByStatus,
  parseDashboardSort,
  readyToApprove,
  sortDashboardRows,
  type DashboardRow,
} from "../../app/domain/round-dashboard";

const rows: DashboardRow[] = [
  { authorityName: "Barnet", status: "approved", updatedAt: "2025-06-03T10:00:00Z", warningCount: 0 },
  { authorityName: "Bexley", status: "submitted", updatedAt: "2025-06-01T10:00:00Z", warningCount: 2 },
  { authorityName: "Brent", status: "not_started", updatedAt: null, warningCount: 0 },
  { authorityName: "Bromley", status: "submitted", updatedAt: "2025-06-02T10:00:00Z", warningCount: 5 },
];
const names = (sorted: DashboardRow[]) => sorted.map((row) => row.authorityName);

describe("round dashboard", () => {
  it("sorts by status with returns awaiting a decision first, then by name", () => {
    expect(names(sortDashboardRows(rows, "status", "ascending"))).toEqual(["Bexley", "Bromley", "Brent", "Barnet"]);
  });

  it("sorts by warnings, most first when descending", () => {
    expect(names(sortDashboardRows(rows, "warnings", "descending"))).toEqual(["Bromley", "Bexley", "Barnet", "Brent"]);
  });

  it("puts never-changed returns first when sorting by last change ascending", () => {
    expect(names(sortDashboardRows(rows, "updated", "ascending"))).toEqual(["Brent", "Bexley", "Bromley", "Barnet"]);
  });

  it("falls back to authority name A to Z for an unknown sort", () => {
    expect(parseDashboardSort(new URLSearchParams("sort=evil&order=sideways"))).toEqual({ sort: "authority", order: "ascending" });
  });

  it("counts returns by status", () => {
    expect(countByStatus(rows)).toEqual({ not_started: 1, draft: 0, submitted: 2, queried: 0, approved: 1 });
  });
});

describe("readyToApprove", () => {
  it("takes only submitted returns with no errors and every warning explained", () => {
    const row = (name: string, status: DashboardRow["status"], errorCount: number, unexplainedWarningCount: number) => ({
      name,
      status,
      errorCount,
      unexplainedWarningCount,
    });
    const ready = readyToApprove([
      row("ready, no warnings", "submitted", 0, 0),
      row("warning not explained", "submitted", 0, 1),
      row("an error", "submitted", 1, 0),
      row("queried", "queried", 0, 0),
      row("draft", "draft", 0, 0),
      row("already approved", "approved", 0, 0),
    ]);
    expect(ready.map((r) => r.name)).toEqual(["ready, no warnings"]);
  });
});

describe("leftOutOfPublication", () => {
  const none = { not_started: 0, draft: 0, submitted: 0, queried: 0, approved: 0 };
  it("names what closing or publishing leaves out, since only approved returns are published", () => {
    expect(leftOutOfPublication({ ...none, submitted: 25, draft: 26, approved: 90, not_started: 12 })).toBe(
      "25 submitted and 26 draft returns will not be in the published figures: only approved returns are.",
    );
    expect(leftOutOfPublication({ ...none, submitted: 1, queried: 2, draft: 3 })).toBe(
      "1 submitted, 2 queried and 3 draft returns will not be in the published figures: only approved returns are.",
    );
    expect(leftOutOfPublication({ ...none, queried: 1 })).toBe(
      "1 queried return will not be in the published figures: only approved returns are.",
    );
    expect(leftOutOfPublication({ ...none, approved: 150, not_started: 3 })).toBeNull();
  });
});

describe("dashboard filters", () => {
  const authorities = [
    { authorityName: "Kent", authorityCode: "E10000016", status: "draft", regionCode: "E12000008", regionName: "South East" },
    { authorityName: "Medway", authorityCode: "E06000035", status: "submitted", regionCode: "E12000008", regionName: "South East" },
    { authorityName: "Camden", authorityCode: "E09000007", status: "submitted", regionCode: "E12000007", regionName: "London" },
    {
      authorityName: "Southend-on-Sea",
      authorityCode: "E06000033",
      status: "approved",
      regionCode: "E12000006",
      regionName: "East of England",
    },
    {
      authorityName: "Bristol, City of",
      authorityCode: "E06000023",
      status: "not_started",
      regionCode: "E12000009",
      regionName: "South West",
    },
  ] as const;
  const names = (rows: ReadonlyArray<{ authorityName: string }>) => rows.map((row) => row.authorityName);
  const none = { query: "", status: null, region: null };

  it("reads ?q=, ?status= and ?region=, tidying the query and ignoring an unknown status", () => {
    expect(parseDashboardFilters(new URLSearchParams("q=%20%20city%20%20of%20&status=submitted&region=E12000008"))).toEqual({
      query: "city of",
      status: "submitted",
      region: "E12000008",
    });
    expect(parseDashboardFilters(new URLSearchParams("status=lost&region="))).toEqual(none);
  });

  it("finds an authority by any part of its name, or by the start of its code, ignoring case", () => {
    expect(names(filterDashboardRows(authorities, { ...none, query: "KENT" }))).toEqual(["Kent"]);
    expect(names(filterDashboardRows(authorities, { ...none, query: "city" }))).toEqual(["Bristol, City of"]);
    expect(names(filterDashboardRows(authorities, { ...none, query: "e0600003" }))).toEqual(["Medway", "Southend-on-Sea"]);
    // A code is matched from its start: "16" is in Kent's code but starts none.
    expect(names(filterDashboardRows(authorities, { ...none, query: "16" }))).toEqual([]);
  });

  it("narrows by status and by region, together", () => {
    expect(names(filterDashboardRows(authorities, { ...none, status: "submitted" }))).toEqual(["Medway", "Camden"]);
    expect(names(filterDashboardRows(authorities, { ...none, region: "E12000008" }))).toEqual(["Kent", "Medway"]);
    expect(names(filterDashboardRows(authorities, { query: "", status: "submitted", region: "E12000008" }))).toEqual(["Medway"]);
  });

  it("offers each region once, A to Z", () => {
    expect(dashboardRegions(authorities).map((region) => region.name)).toEqual(["East of England", "London", "South East", "South West"]);
  });

  it("keeps filters and sort in links, leaving defaults out", () => {
    expect(dashboardSearch(none, "authority", "ascending")).toBe("");
    expect(dashboardSearch({ query: "kent", status: "draft", region: null }, "warnings", "descending")).toBe(
      "?q=kent&status=draft&sort=warnings&order=descending",
    );
  });

  it("says how many authorities the filters leave", () => {
    expect(describeDashboardFilters(5, 5, none, null)).toBe("5 authorities");
    expect(describeDashboardFilters(1, 153, { query: "kent", status: "not_started", region: "E12000008" }, "South East")).toBe(
      "1 of 153 authorities: match “kent”, not started, in South East",
    );
  });
});
