import { type LoaderFunctionArgs } from "@remix-run/node";
import { buildDemandView, demandCsvRows } from "~/domain/sen2-demand";
import { loadDemandInput } from "~/models/public-statistics.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { resolveDemandChoice } from "~/services/demand.server";
import { spreadsheetResponse } from "~/utils/spreadsheet-http.server";

/** CSV of the demand page's series, built by the same functions as the page, each figure with its release. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const choice = await resolveDemandChoice(db, user, new URL(request.url).searchParams);
  const input = await loadDemandInput(db, choice.authority);
  const view = buildDemandView({ ...input, from: choice.from, to: choice.to });
  const rows = demandCsvRows(view, (code, year) => (code ? (input.figures.point(code, "ehcp.total", year)?.releaseName ?? null) : null));
  return spreadsheetResponse(`ehcp-demand-${view.authority.code}`, { csv: rows });
}
