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

/**
 * What closing or publishing leaves out of the published figures, in words: "25 submitted and 26 draft
 * returns will not be in the published figures" (only approved returns are); null when nothing is.
 */
export function leftOutOfPublication(counts: Readonly<Record<ReturnStatus, number>>): string | null {
  const parts = (["submitted", "queried", "draft"] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status === "draft" ? "draft" : status}`);
  if (parts.length === 0) return null;
  const total = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  const count = (["submitted", "queried", "draft"] as const).reduce((sum, status) => sum + counts[status], 0);
  return `${total} ${count === 1 ? "return" : "returns"} will not be in the published figures: only approved returns are.`;
}

/** The returns a coordinator may approve in bulk: submitted, with no errors and every warning explained. */
export function readyToApprove<R extends { status: ReturnStatus; errorCount: number; unexplainedWarningCount: number }>(
  rows: readonly R[],
): R[] {
  return rows.filter((row) => row.status === "submitted" && row.errorCount === 0 && row.unexplainedWarningCount === 0);
}
