import { type LoaderFunctionArgs } from "@remix-run/node";
import { SEND_COHORTS } from "~/domain/cohorts";
import {
  METRICS_DOWNLOAD_COLUMNS,
  compositionView,
  distributionView,
  groupComparisonView,
  metricsDownloadRows,
  rankingView,
  scatterView,
  trendView,
} from "~/domain/disclosure";
import { findMetric } from "~/domain/metrics";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { tableSheet } from "~/domain/workbook";
import {
  type ViewTable,
  compositionTable,
  distributionTable,
  groupComparisonTable,
  placementTable,
  rankingTable,
  scatterTable,
  trendTable,
  viewTableExport,
} from "~/domain/view-tables";
import { decompositionTable, forecastTable } from "~/domain/forecast-report";
import { notFound } from "~/utils/auth.server";
import { loadForecastPage } from "~/services/results-page.server";
import { loadPublishedResults, requireOwnAuthority, requireRoundResults } from "~/utils/results-access.server";
import { requestedFormat, spreadsheetResponse } from "~/utils/spreadsheet-http.server";

/**
 * CSV (or, with format=xlsx, Excel) of any chart's data, built by the same functions as the page, so a
 * download holds exactly what the viewer may see on screen: for members and regional viewers, the
 * rules of domain/disclosure (others at display precision, under each figure's labels); for
 * coordinators, identified and at full precision.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const search = new URL(request.url).searchParams;
  const view = search.get("view");
  const { metric } = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  let table: ViewTable | { columns: string[]; rows: ReadonlyArray<ReadonlyArray<string | number>> };
  switch (view) {
    case "ranking": {
      const ranking = rankingView(results, viewer, metric.key)!;
      const d = ranking.distribution;
      table =
        ranking.mode === "ranked"
          ? rankingTable({ metricLabel: metric.label, unit: metric.unit, rows: ranking.rows })
          : placementTable(metric.label, metric.unit, d.shown ? d : null, ranking.own, d.shown ? null : d.message);
      break;
    }
    case "distribution":
      table = distributionTable("Unit cost per child", "gbp", distributionView(results, viewer, "unit_cost", SEND_COHORTS));
      break;
    case "composition":
      table = compositionTable(compositionView(results, { kind: "member", authorityId: requireOwnAuthority(viewer) }));
      break;
    case "groups": {
      const groups = groupComparisonView(results, viewer, metric.key, {
        kind: "region",
        highlightGroupId: viewer.kind === "regional_viewer" ? viewer.groupId : null,
      });
      table = groupComparisonTable(metric.label, metric.unit, groups);
      break;
    }
    case "scatter": {
      const x = findMetric(search.get("x") ?? "");
      const y = findMetric(search.get("y") ?? "");
      if (!x || !y) throw notFound();
      table = scatterTable(
        { key: x.key, label: x.label, unit: x.unit },
        { key: y.key, label: y.label, unit: y.unit },
        scatterView(results, viewer, x.key, y.key).points,
      );
      break;
    }
    case "trend":
      table = trendTable(
        metric.label,
        metric.unit,
        trendView(await loadPublishedResults(), { kind: "member", authorityId: requireOwnAuthority(viewer) }, metric.key),
      );
      break;
    case "decomposition":
    case "forecast": {
      const page = await loadForecastPage(viewer, results, search);
      if (page.kind !== "report") throw notFound();
      const forecast = page.report.forecasts.find((f) => f.metric === search.get("metric"));
      const found =
        view === "decomposition" ? decompositionTable(page.report, page.subjectName) : forecast ? forecastTable(forecast) : null;
      if (!found) throw notFound();
      table = found;
      break;
    }
    case "metrics":
      table = {
        columns: viewer.kind === "coordinator" ? ["round", "authority", "metric", "value"] : [...METRICS_DOWNLOAD_COLUMNS],
        rows: metricsDownloadRows(results, viewer, null),
      };
      break;
    default:
      throw notFound();
  }
  const exported = "caption" in table ? viewTableExport(table) : table;
  const name = [
    results.round.slug,
    view,
    view === "scatter" || view === "decomposition" ? null : view === "forecast" ? search.get("metric") : metric.key,
  ]
    .filter(Boolean)
    .join("-");
  if (requestedFormat(request) === "csv") return spreadsheetResponse(name, { csv: [exported.columns, ...exported.rows] });
  const title = "caption" in table ? table.caption : `${results.round.name}: metrics`;
  return spreadsheetResponse(name, { xlsx: { title, sheets: [tableSheet(view === "metrics" ? "Metrics" : "Data", exported)] } });
}
