import { describe, expect, it } from "vitest";
import {
  leftOutOfPublication,
  countByStatus,
  parseDashboardSort,
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
