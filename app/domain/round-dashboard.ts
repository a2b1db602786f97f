import type { ReturnStatus } from "./round-lifecycle";

export const DASHBOARD_SORTS = ["authority", "status", "updated", "warnings"] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];
export type SortOrder = "ascending" | "descending";

export interface DashboardRow {
  authorityName: string;
  status: ReturnStatus;
  updatedAt: string | null;
  warningCount: number;
}

// The order a coordinator works through: what needs a decision first.
const STATUS_ORDER: Record<ReturnStatus, number> = { submitted: 0, queried: 1, draft: 2, not_started: 3, approved: 4 };

/** Reads ?sort= and ?order= from a URL, falling back to the authority name A to Z. */
export function parseDashboardSort(params: URLSearchParams): { sort: DashboardSort; order: SortOrder } {
  const sort = DASHBOARD_SORTS.find((candidate) => candidate === params.get("sort")) ?? "authority";
  const order: SortOrder = params.get("order") === "descending" ? "descending" : "ascending";
  return { sort, order };
}

/** Rows sorted by the chosen column; ties fall back to the authority name so the order is stable. */
export function sortDashboardRows<R extends DashboardRow>(rows: readonly R[], sort: DashboardSort, order: SortOrder): R[] {
  const direction = order === "ascending" ? 1 : -1;
  const byName = (a: R, b: R) => a.authorityName.localeCompare(b.authorityName, "en-GB");
  const compare: Record<DashboardSort, (a: R, b: R) => number> = {
    authority: byName,
    status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
    updated: (a, b) => (a.updatedAt ?? "").localeCompare(b.updatedAt ?? ""),
    warnings: (a, b) => a.warningCount - b.warningCount,
  };
  return [...rows].sort((a, b) => direction * compare[sort](a, b) || byName(a, b));
}

export function countByStatus(rows: ReadonlyArray<{ status: ReturnStatus }>): Record<ReturnStatus, number> {
  const counts: Record<ReturnStatus, number> = { not_started: 0, draft: 0, submitted: 0, queried: 0, approved: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}
