import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

const MAX_ENTRIES = 2_000;
const cache = new Map<string, string>();

/**
 * A chart figure (SVG, data table, download link) rendered to HTML once and reused. Published
 * results do not change until republished, so the expensive render of hundreds of marks need not
 * happen per request. The key must name everything the figure depends on: the round's results
 * version, the viewer's view of it (own authority, group, or coordinator) and the page's choices —
 * so one viewer's figure can never be served to another.
 */
export function renderFigure(key: string, idPrefix: string, element: ReactElement): string {
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Refresh the entry's place in the least-recently-used order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const html = renderToStaticMarkup(element, { identifierPrefix: idPrefix });
  cache.set(key, html);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return html;
}
