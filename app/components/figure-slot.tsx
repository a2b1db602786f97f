import { createContext, useContext } from "react";

/**
 * A figure rendered on the server (see utils/figure-cache.server): its element id and, when the
 * response is single-fetch data for a client-side navigation, its HTML. In a document the HTML is
 * not in the data at all: the server render takes it from `FigureMarkup` (filled by the loader for
 * that one request), and hydration keeps the markup already in the page, so it travels once.
 */
export interface FigureSlot {
  id: string;
  html: string | null;
}

/** The HTML of this document's figures by id, provided by entry.server for the render. */
export const FigureMarkup = createContext<ReadonlyMap<string, string> | null>(null);

function htmlInDocument(id: string): string {
  return typeof document === "undefined" ? "" : (document.getElementById(id)?.innerHTML ?? "");
}

/** A server-rendered figure: from the data, from this render's markup, or (hydrating) as the page already has it. */
export function PrerenderedFigure({ figure }: { figure: FigureSlot }) {
  const markup = useContext(FigureMarkup);
  const html = figure.html ?? markup?.get(figure.id) ?? htmlInDocument(figure.id);
  return <div id={figure.id} className="app-figure-container" dangerouslySetInnerHTML={{ __html: html }} />;
}
