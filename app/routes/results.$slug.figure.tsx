import { type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { tableSheet } from "~/domain/workbook";
import { type ViewTable, viewTableExport } from "~/domain/view-tables";
import { notFound } from "~/utils/auth.server";
import { chartImageResponse } from "~/utils/chart-image.server";
import { loadPoliciesView, loadYearsView } from "~/services/insight.server";
import { requireRoundResults } from "~/utils/results-access.server";
import { spreadsheetResponse } from "~/utils/spreadsheet-http.server";

const querySchema = z.object({
  figure: z.enum(["policies", "years", "own-figures"]),
  format: z.enum(["svg", "png", "csv", "xlsx"]),
});

/**
 * Downloads of the what-works and every-year figures: the chart as SVG or PNG (the page's own SVG,
 * see utils/chart-image.server) and its table as CSV or Excel, built by the same view functions as
 * the pages, so a download holds exactly what the viewer may see there.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const search = new URL(request.url).searchParams;
  const query = querySchema.safeParse(Object.fromEntries(search));
  if (!query.success) throw notFound();
  const { figure, format } = query.data;
  const slug = results.round.slug;
  let html: string | null = null;
  let table: ViewTable | { columns: string[]; rows: ReadonlyArray<ReadonlyArray<string | number>> };
  let name: string;
  if (figure === "policies") {
    const view = await loadPoliciesView(viewer, results);
    html = view.figureHtml;
    table = view.summaryTable;
    name = `${slug}-what-works`;
  } else {
    const view = await loadYearsView(viewer, results, search);
    if (figure === "years") {
      html = view.figureHtml;
      table = view.trendTable;
      name = `${slug}-every-year-${view.metric.key}`;
    } else {
      table = view.ownExport;
      name = `${slug}-own-figures-every-year`;
    }
  }
  if (format === "svg" || format === "png") {
    if (html === null) throw notFound();
    return chartImageResponse(html, format, name);
  }
  const exported = "caption" in table ? viewTableExport(table) : table;
  if (format === "csv") return spreadsheetResponse(name, { csv: [exported.columns, ...exported.rows] });
  const title = "caption" in table ? table.caption : "Your figures in every published round";
  return spreadsheetResponse(name, { xlsx: { title, sheets: [tableSheet("Data", exported)] } });
}
