import { type LoaderFunctionArgs } from "@remix-run/node";
import { buildDemandView } from "~/domain/sen2-demand";
import { loadDemandInput } from "~/models/public-statistics.server";
import { resolveDemandChoice } from "~/services/demand.server";
import { demandFigure } from "~/services/figures.server";
import { notFound, requireUser } from "~/utils/auth.server";
import { chartImageResponse } from "~/utils/chart-image.server";
import { getDb } from "~/utils/db.server";

/** The demand page's chart as an image, `format=svg` or `format=png`: the page's own SVG (see utils/chart-image.server). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams;
  const format = search.get("format");
  if (format !== "svg" && format !== "png") throw notFound();
  const db = getDb();
  const choice = await resolveDemandChoice(db, user, search);
  if (choice.years.length === 0) throw notFound();
  const view = buildDemandView({ ...(await loadDemandInput(db, choice.authority)), from: choice.from, to: choice.to });
  return chartImageResponse(demandFigure(view).html, format, `ehcp-demand-${view.authority.code}`);
}
