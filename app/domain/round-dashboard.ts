import { RETURN_STATUSES, type ReturnStatus } from "./round-lifecycle";

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

/** What the coordinator narrowed the list to: ?q= (name or code), ?status=, ?region= (a region code). */
export interface DashboardFilters {
  query: string;
  status: ReturnStatus | null;
  region: string | null;
}

const MAX_QUERY_LENGTH = 100;

/** Reads the filters from a URL; an unknown status or an empty value means "any". */
export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
  const query = (params.get("q") ?? "").trim().replace(/\s+/g, " ").slice(0, MAX_QUERY_LENGTH);
  const status = RETURN_STATUSES.find((candidate) => candidate === params.get("status")) ?? null;
  const region = (params.get("region") ?? "").trim() || null;
  return { query, status, region };
}

/** Case and accents aside: "southend-on-sea" finds "Southend-on-Sea", "bris" finds "Bristol, City of". */
function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLocaleLowerCase("en-GB");
}

/**
 * The rows that match every filter: the query is found anywhere in the authority's name, or is the
 * start of its code ("E0900" finds every London borough), ignoring case.
 */
export function filterDashboardRows<R extends { authorityName: string; authorityCode: string; status: ReturnStatus; regionCode: string }>(
  rows: readonly R[],
  filters: DashboardFilters,
): R[] {
  const query = normalise(filters.query);
  return rows.filter(
    (row) =>
      (filters.status === null || row.status === filters.status) &&
      (filters.region === null || row.regionCode === filters.region) &&
      (query === "" || normalise(row.authorityName).includes(query) || normalise(row.authorityCode).startsWith(query)),
  );
}

/** The regions of the round's authorities, A to Z, each once: the region filter's choices. */
export function dashboardRegions(rows: ReadonlyArray<{ regionCode: string; regionName: string }>): Array<{ code: string; name: string }> {
  const byCode = new Map<string, string>();
  for (const row of rows) byCode.set(row.regionCode, row.regionName);
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
}

/** The dashboard's address with the given filters and sort, leaving out what is at its default. */
export function dashboardSearch(filters: DashboardFilters, sort: DashboardSort, order: SortOrder): string {
  const params = new URLSearchParams();
  if (filters.query) params.set("q", filters.query);
  if (filters.status) params.set("status", filters.status);
  if (filters.region) params.set("region", filters.region);
  if (sort !== "authority") params.set("sort", sort);
  if (order !== "ascending") params.set("order", order);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** "3 of 153 authorities match “kent”, submitted, in South East" — or "153 authorities" unfiltered. */
export function describeDashboardFilters(shown: number, total: number, filters: DashboardFilters, regionName: string | null): string {
  const parts = [
    filters.query ? `match “${filters.query}”` : null,
    filters.status ? filters.status.replace(/_/g, " ") : null,
    filters.region ? `in ${regionName ?? filters.region}` : null,
  ].filter((part): part is string => part !== null);
  const noun = total === 1 ? "authority" : "authorities";
  if (parts.length === 0) return `${total} ${noun}`;
  return `${shown} of ${total} ${noun}: ${parts.join(", ")}`;
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
