/**
 * Chart images for download ("save chart image"): the very SVG the page draws, made standalone, and a
 * PNG rendered from that SVG on the server by resvg with the service font. Nothing is drawn twice, so
 * the image cannot differ from the chart on screen (see docs/decisions/011-chart-images-and-pdf.md).
 */
import { Resvg } from "@resvg/resvg-js";
import { firstSvg } from "~/domain/briefing-pack";
import { SERVICE_FONT_FAMILY, SERVICE_FONT_STACK, serviceFontFiles } from "./service-font.server";

/** PNGs are drawn at twice the viewBox size: sharp on a slide or in a committee paper. */
export const PNG_SCALE = 2;

/** The first `<svg …>` element of an HTML fragment, as the page carries it. */
export function extractSvg(html: string): string {
  const svg = firstSvg(html);
  if (svg === null) throw new Error("The figure has no chart");
  return svg;
}

function viewBoxSize(svg: string): { width: number; height: number } {
  const match = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!match) throw new Error("A chart SVG needs a viewBox starting at 0 0");
  return { width: Number(match[1]), height: Number(match[2]) };
}

/**
 * The on-page SVG as a file of its own: an XML declaration, a size (the viewBox's, which pages scale
 * by CSS) and the service font (which the page's stylesheet gives it); every other byte is the page's.
 */
export function standaloneSvg(svg: string): string {
  const { width, height } = viewBoxSize(svg);
  const fontFamily = SERVICE_FONT_STACK.replace(/"/g, "&quot;");
  const opened = svg.replace(/^<svg /, `<svg width="${width}" height="${height}" font-family="${fontFamily}" `);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${opened}\n`;
}

/** A PNG of a standalone SVG at PNG_SCALE, on white, with the service font. */
export function svgToPng(svg: string): Buffer {
  const fonts = serviceFontFiles();
  const resvg = new Resvg(svg, {
    background: "#ffffff",
    fitTo: { mode: "zoom", value: PNG_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold],
      defaultFontFamily: SERVICE_FONT_FAMILY,
      sansSerifFamily: SERVICE_FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}

/** The HTTP response for a chart image: `format` is "svg" or "png"; the name is its file name without extension. */
export function chartImageResponse(figureHtml: string, format: "svg" | "png", name: string): Response {
  const svg = standaloneSvg(extractSvg(figureHtml));
  const safeName = name.replace(/[^a-z0-9._-]+/gi, "-");
  const headers = { "Content-Disposition": `attachment; filename="${safeName}.${format}"`, "Cache-Control": "private, no-store" };
  if (format === "svg") return new Response(svg, { headers: { ...headers, "Content-Type": "image/svg+xml; charset=utf-8" } });
  return new Response(new Uint8Array(svgToPng(svg)), { headers: { ...headers, "Content-Type": "image/png" } });
}
