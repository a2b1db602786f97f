import { METRIC_DEFINITIONS, METRIC_FAMILY_LABELS, type MetricDefinition, findMetric } from "./metrics";

export const DEFAULT_METRIC = "unit_cost.send";
export type Terms = "cash" | "real";

/**
 * Whether a metric has a real-terms form, so a page may offer the cash/real choice for it: only unit
 * costs (money per child) are deflated; counts, rates and shares have no "real terms".
 */
export function offersRealTerms(metric: MetricDefinition): boolean {
  return metric.family === "unit_cost" || metric.family === "real_unit_cost";
}

/**
 * The metric a picker asks for: `metric` (any metric key, default unit cost for SEND) and `terms`.
 * Real terms turn a unit cost into its real-terms twin; other metrics have no real-terms form.
 */
export function resolveMetricChoice(
  params: URLSearchParams,
  options: { realTermsAvailable: boolean },
): {
  metric: MetricDefinition;
  requestedKey: string;
  terms: Terms;
} {
  const requested = findMetric(params.get("metric") ?? "") ?? findMetric(DEFAULT_METRIC)!;
  const base = requested.family === "real_unit_cost" ? findMetric(requested.key.replace(/^real_/, ""))! : requested;
  const wantsReal = params.get("terms") === "real" || requested.family === "real_unit_cost";
  const real = wantsReal && options.realTermsAvailable && offersRealTerms(base) ? findMetric(`real_${base.key}`) : undefined;
  return { metric: real ?? base, requestedKey: base.key, terms: real ? "real" : "cash" };
}

/** The picker's options, grouped by family; real-terms unit costs are reached through the terms choice. */
export function metricOptionGroups(): Array<{ label: string; options: Array<{ value: string; label: string }> }> {
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  for (const metric of METRIC_DEFINITIONS) {
    if (metric.family === "real_unit_cost") continue;
    const label = METRIC_FAMILY_LABELS[metric.family];
    const list = groups.get(label) ?? [];
    list.push({ value: metric.key, label: metric.label });
    groups.set(label, list);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}
