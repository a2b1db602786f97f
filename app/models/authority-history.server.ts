import type { Executor } from "../../db/schema";
import type { FieldValue } from "../domain/values";
import { unpackMetricResults } from "./metrics.server";
import { decodeReturnValue } from "./return.server";

export interface HistoryRound {
  slug: string;
  financialYear: string;
  published: boolean;
  /** The authority's approved answers in that round. */
  values: Record<string, FieldValue>;
  /** Its computed metrics in that round. */
  metrics: Record<string, number>;
}

/**
 * Every round in which each of the given authorities has an approved return, oldest first, with
 * answers and metrics (two queries in all). Identified data: callers decide who may see it.
 */
export async function listApprovedHistory(db: Executor, authorityIds: readonly number[]): Promise<Map<number, HistoryRound[]>> {
  const byAuthority = new Map<number, HistoryRound[]>();
  if (authorityIds.length === 0) return byAuthority;
  const [values, metrics] = await Promise.all([
    db
      .selectFrom("return_values")
      .innerJoin("returns", "returns.id", "return_values.return_id")
      .innerJoin("rounds", "rounds.id", "returns.round_id")
      .select([
        "returns.authority_id",
        "rounds.slug",
        "rounds.financial_year",
        "rounds.status",
        "return_values.field_key",
        "return_values.number_value",
        "return_values.text_value",
        "return_values.boolean_value",
      ])
      .where("returns.status", "=", "approved")
      .where("returns.authority_id", "in", [...authorityIds])
      .execute(),
    db
      .selectFrom("round_metric_results")
      .innerJoin("rounds", "rounds.id", "round_metric_results.round_id")
      .select(["rounds.slug", "round_metric_results.metric_key", "round_metric_results.results"])
      .execute(),
  ]);
  const rounds = new Map<string, HistoryRound>();
  for (const row of values) {
    const key = `${row.authority_id}|${row.slug}`;
    let round = rounds.get(key);
    if (!round) {
      round = { slug: row.slug, financialYear: row.financial_year, published: row.status === "published", values: {}, metrics: {} };
      rounds.set(key, round);
      byAuthority.set(row.authority_id, [...(byAuthority.get(row.authority_id) ?? []), round]);
    }
    round.values[row.field_key] = decodeReturnValue(row);
  }
  for (const row of metrics) {
    for (const metric of unpackMetricResults(row.metric_key, row.results)) {
      const round = rounds.get(`${metric.authorityId}|${row.slug}`);
      if (round) round.metrics[row.metric_key] = metric.value;
    }
  }
  for (const list of byAuthority.values()) list.sort((a, b) => a.financialYear.localeCompare(b.financialYear));
  return byAuthority;
}
