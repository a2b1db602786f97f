import { type LoaderFunctionArgs } from "@remix-run/node";
import { METRICS_DOWNLOAD_COLUMNS, metricsDownloadRows } from "~/domain/disclosure";
import { type ViewTable, viewTableExport } from "~/domain/view-tables";
import { tableSheet } from "~/domain/workbook";
import { notFound } from "~/utils/auth.server";
import { type FigureContext, drawFigure, requireFigure, requireResultsFigures } from "~/services/figures.server";
import { loadOwnFigures } from "~/services/insight.server";
import { requestedFormat, spreadsheetResponse } from "~/utils/spreadsheet-http.server";

type ExportTable = { columns: string[]; rows: ReadonlyArray<ReadonlyArray<string | number>> };

/** Downloads that are tables only (no chart): the viewer's metrics, and a member's own figures in every round. */
const TABLE_DOWNLOADS: Record<string, (ctx: FigureContext) => Promise<{ title: string; sheet: string; table: ExportTable }>> = {
  metrics: async ({ viewer, results }) => ({
    title: `${results.round.name}: metrics`,
    sheet: "Metrics",
    table: {
      columns: viewer.kind === "coordinator" ? ["round", "authority", "metric", "value"] : [...METRICS_DOWNLOAD_COLUMNS],
      rows: metricsDownloadRows(results, viewer, null),
    },
  }),
  "own-figures": async ({ viewer }) => ({
    title: "Your figures in every published round",
    sheet: "Data",
    table: (await loadOwnFigures(viewer)).ownExport,
  }),
};

/**
 * CSV (or, with format=xlsx, Excel) of any figure's data, drawn by the figure registry exactly as on
 * the page, so a download holds exactly what the viewer may see on screen: for members and regional
 * viewers, the rules of domain/disclosure (others at display precision, under each figure's labels);
 * for coordinators, identified and at full precision.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { results, ctx, search } = await requireResultsFigures(request, params.slug);
  const view = search.get("view") ?? "";
  let download: { title: string; sheet: string; table: ViewTable | ExportTable; name: string };
  const tableOnly = Object.hasOwn(TABLE_DOWNLOADS, view) ? TABLE_DOWNLOADS[view]! : undefined;
  if (tableOnly) {
    download = { ...(await tableOnly(ctx)), name: `${results.round.slug}-${view}` };
  } else {
    const { definition, params: figureParams } = requireFigure(ctx, view, search);
    const drawn = await drawFigure(definition, ctx, figureParams);
    if (!drawn) throw notFound();
    const name = [results.round.slug, view, ...Object.values(figureParams)].filter(Boolean).join("-");
    download = { title: drawn.table.caption, sheet: "Data", table: drawn.table, name };
  }
  const exported = "caption" in download.table ? viewTableExport(download.table) : download.table;
  if (requestedFormat(request) === "csv") return spreadsheetResponse(download.name, { csv: [exported.columns, ...exported.rows] });
  return spreadsheetResponse(download.name, { xlsx: { title: download.title, sheets: [tableSheet(download.sheet, exported)] } });
}
