/**
 * The briefing pack as plain data: sections of paragraphs, lists, tables and charts (SVG markup), in
 * the order a director reads them. The page (HTML, with an A4 print stylesheet) and the PDF are two
 * renderings of the same document, so they cannot say different things.
 */
import { formatMetricValue } from "./format";
import type { ViewTable } from "./view-tables";

/** A table whose cells are already the text a reader sees; `numeric` right-aligns a column. */
export interface PackTable {
  caption: string;
  columns: ReadonlyArray<{ label: string; numeric: boolean }>;
  rows: ReadonlyArray<ReadonlyArray<string>>;
  /** Row to emphasise: the viewer's own authority or group. */
  ownRow?: number;
}

export type PackBlock =
  | { kind: "paragraph"; text: string; lead?: boolean }
  | { kind: "list"; items: readonly string[] }
  | { kind: "table"; table: PackTable }
  | {
      kind: "figure";
      title: string;
      svg: string;
      /** The same chart's phone layout, where the figure has one: shown instead of `svg` on a small screen, never printed. */
      narrowSvg: string | null;
      table: PackTable | null;
      imageHref: string | null;
      caption?: string;
    };

export interface PackSection {
  id: string;
  title: string;
  blocks: PackBlock[];
}

export interface PackDocument {
  title: string;
  subject: string;
  roundName: string;
  sections: PackSection[];
}

/** A ViewTable as the reader sees it: numbers formatted by their column's unit, blanks as a dash (what DataTable shows). */
export function packTableFromView(table: ViewTable): PackTable {
  return {
    caption: table.caption,
    columns: table.columns.map((column, index) => ({ label: column.label, numeric: index > 0 && column.unit !== undefined })),
    rows: table.rows.map((row) =>
      row.map((cell, index) => {
        const unit = table.columns[index]?.unit;
        if (cell === null || cell === undefined) return "—";
        if (typeof cell === "number") return unit ? formatMetricValue(unit, cell) : cell.toLocaleString("en-GB");
        return String(cell);
      }),
    ),
    ...(table.ownRow === undefined ? {} : { ownRow: table.ownRow }),
  };
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Text of an HTML fragment: tags dropped (visually hidden text kept: it is part of what a screen reader hears), entities decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The data table of a figure the results pages render (components/view-table's DataTable), read back
 * from its HTML: the pack then shows exactly the table the page shows, through whatever rules built it.
 */
export function packTableFromHtml(html: string): PackTable | null {
  const table = /<table[^>]*>([\s\S]*?)<\/table>/.exec(html)?.[1];
  if (!table) return null;
  const caption = htmlText(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? "");
  const head = /<thead[^>]*>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? "";
  const columns = [...head.matchAll(/<th([^>]*)>([\s\S]*?)<\/th>/g)].map((match) => ({
    label: htmlText(match[2]!),
    numeric: /--numeric/.test(match[1]!),
  }));
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  let ownRow: number | undefined;
  const rows = [...body.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)].map((match, index) => {
    if (/app-own-row/.test(match[1]!)) ownRow = index;
    // The "You" tag of the own row is drawn again from ownRow wherever the table is shown.
    const cells = match[2]!.replace(/<strong[^>]*app-own-tag[^>]*>[\s\S]*?<\/strong>/g, "");
    return [...cells.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => htmlText(cell[1]!));
  });
  return { caption, columns, rows, ...(ownRow === undefined ? {} : { ownRow }) };
}

/** The first `<svg>…</svg>` of an HTML fragment, exactly as the page carries it. */
export function firstSvg(html: string): string | null {
  const start = html.indexOf("<svg");
  const end = html.indexOf("</svg>", start);
  return start < 0 || end < 0 ? null : html.slice(start, end + "</svg>".length);
}

/** Marks the phone layout's box in a figure's HTML (components/view-table's ChartFigure). */
const NARROW_CHART_CLASS = "app-figure__chart--narrow";

/** The first chart of a rendered figure, its phone layout if it has one, and its title. */
export function figureFromHtml(html: string, imageHref: string | null = null): Extract<PackBlock, { kind: "figure" }> | null {
  const svg = firstSvg(html);
  if (svg === null) return null;
  const title = htmlText(/<title[^>]*>([\s\S]*?)<\/title>/.exec(svg)?.[1] ?? "");
  const narrowAt = html.indexOf(NARROW_CHART_CLASS);
  const narrowSvg = narrowAt < 0 ? null : firstSvg(html.slice(narrowAt));
  return { kind: "figure", title, svg, narrowSvg, table: packTableFromHtml(html), imageHref };
}
