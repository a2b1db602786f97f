import { type LoaderFunctionArgs } from "@remix-run/node";
import { suppressionMessage } from "~/domain/anonymity.server";
import { SEND_COHORTS } from "~/domain/cohorts";
import { compositionView, distributionView, groupComparisonView, metricsDownloadRows, rankingView, scatterView, trendView } from "~/domain/comparisons.server";
import { findMetric } from "~/domain/metrics";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { tableSheet } from "~/domain/workbook";
import { type ViewTable, compositionTable, distributionTable, groupComparisonTable, rankingTable, scatterTable, trendTable, viewTableExport } from "~/domain/view-tables";
import { notFound } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { loadPublishedResults, requireOwnAuthority, requireRoundResults } from "~/utils/results-access.server";
import { requestedFormat, spreadsheetResponse } from "~/utils/spreadsheet-http.server";

/**
 * CSV (or, with format=xlsx, Excel) of any chart's data, built by the same functions as the page, so a
 * download holds exactly what the viewer may see on screen (pseudonyms for members and regional
 * viewers), at full precision.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const search = new URL(request.url).searchParams;
  const view = search.get("view");
  const { metric } = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  let table: ViewTable | { columns: string[]; rows: ReadonlyArray<ReadonlyArray<string | number>> };
  switch (view) {
    case "ranking": {
      const ranking = rankingView(results, viewer, metric.key)!;
      table = rankingTable({ metricLabel: metric.label, unit: metric.unit, rows: ranking.rows });
      break;
    }
    case "distribution":
      table = distributionTable("Unit cost per child", "gbp", distributionView(results, viewer, "unit_cost", SEND_COHORTS));
      break;
    case "composition":
      table = compositionTable(compositionView(results, { kind: "member", authorityId: requireOwnAuthority(viewer) }));
      break;
    case "groups": {
      const groups = groupComparisonView(results, metric.key, { kind: "region", minGroupSize, highlightGroupId: viewer.kind === "regional_viewer" ? viewer.groupId : null });
      table = groupComparisonTable(metric.label, metric.unit, groups, suppressionMessage(minGroupSize));
      break;
    }
    case "scatter": {
      const x = findMetric(search.get("x") ?? "");
      const y = findMetric(search.get("y") ?? "");
      if (!x || !y) throw notFound();
      table = scatterTable({ key: x.key, label: x.label, unit: x.unit }, { key: y.key, label: y.label, unit: y.unit }, scatterView(results, viewer, x.key, y.key));
      break;
    }
    case "trend":
      table = trendTable(metric.label, metric.unit, trendView(await loadPublishedResults(), requireOwnAuthority(viewer), metric.key));
      break;
    case "metrics":
      table = { columns: ["round", "authority", "metric", "value"], rows: metricsDownloadRows(results, viewer, null) };
      break;
    default:
      throw notFound();
  }
  const exported = "caption" in table ? viewTableExport(table) : table;
  const name = [results.round.slug, view, view === "scatter" ? null : metric.key].filter(Boolean).join("-");
  if (requestedFormat(request) === "csv") return spreadsheetResponse(name, { csv: [exported.columns, ...exported.rows] });
  const title = "caption" in table ? table.caption : `${results.round.name}: metrics`;
  return spreadsheetResponse(name, { xlsx: { title, sheets: [tableSheet(view === "metrics" ? "Metrics" : "Data", exported)] } });
}
