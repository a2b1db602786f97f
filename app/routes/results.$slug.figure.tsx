import { type LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/utils/auth.server";
import { chartImageResponse } from "~/utils/chart-image.server";
import { renderRegisteredFigure, requireFigure, requireResultsFigures } from "~/services/figures.server";

/**
 * A figure's chart as an image, `format=svg` or `format=png`: the very SVG the page draws (the
 * registry's figure, from the figure cache when the page has drawn it), made standalone, and a PNG
 * rendered from it on the server with the service font (see utils/chart-image.server).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { results, ctx, search } = await requireResultsFigures(request, params.slug);
  const format = search.get("format");
  if (format !== "svg" && format !== "png") throw notFound();
  const { definition, params: figureParams } = requireFigure(ctx, search.get("figure"), search);
  const rendered = await renderRegisteredFigure(definition, ctx, figureParams);
  if (!rendered) throw notFound();
  const name = [results.round.slug, definition.name, ...Object.values(figureParams)].filter(Boolean).join("-");
  return chartImageResponse(rendered.html, format, name);
}
