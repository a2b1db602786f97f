import { describe, expect, it } from "vitest";
import { countByStatus, parseDashboardSort, sortDashboardRows, type DashboardRow } from "../../app/domain/round-dashboard";

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
