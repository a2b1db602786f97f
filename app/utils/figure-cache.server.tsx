import type { AppLoadContext } from "@remix-run/node";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { FigureSlot } from "~/components/figure-slot";

const MAX_ENTRIES = 2_000;

export interface RenderedFigure<M> {
  html: string;
  /** What the page says about the figure besides drawing it (e.g. whether others are shown). */
  meta: M;
}

const cache = new Map<string, RenderedFigure<unknown>>();

/**
 * A chart figure (SVG, data table, download links) rendered to HTML once and reused. Published
 * results do not change until republished, so neither the view data nor the render of hundreds of
 * marks need happen per request: `draw` runs only on a miss. The key must name everything the figure
 * depends on, so it is built by the figure registry (services/figures.server) from the figure's name,
 * the results versions, the viewer's view and every parameter: one viewer's figure can never be
 * served to another.
 */
export async function cachedFigure<M>(
  key: string,
  idPrefix: string,
  draw: () => Promise<{ element: ReactElement; meta: M } | null>,
): Promise<RenderedFigure<M> | null> {
  const hit = cache.get(key) as RenderedFigure<M> | undefined;
  if (hit !== undefined) {
    // Refresh the entry's place in the least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const drawn = await draw();
  if (drawn === null) return null;
  const rendered = { html: renderFigureMarkup(drawn.element, idPrefix), meta: drawn.meta };
  cache.set(key, rendered);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return rendered;
}

/** A figure's HTML; `idPrefix` keeps the ids inside it (titles, descriptions) unique on the page. */
export function renderFigureMarkup(element: ReactElement, idPrefix: string): string {
  return renderToStaticMarkup(element, { identifierPrefix: idPrefix });
}

/**
 * What a loader returns for a figure: in a document request the HTML goes only into the markup (kept
 * for entry.server in the request's load context), never into the hydration data as well; in a
 * single-fetch data request (a client-side navigation) it is the data.
 */
export function figureSlot(context: AppLoadContext, id: string, html: string): FigureSlot {
  if (context.documentRequest !== true) return { id, html };
  (context.figureMarkup ??= new Map()).set(id, html);
  return { id, html: null };
}
