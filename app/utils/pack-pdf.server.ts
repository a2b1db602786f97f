/**
 * The briefing pack as an A4 PDF, drawn by PDFKit from the same PackDocument as the page, with the
 * charts' own SVG placed by svg-to-pdfkit (vector, so they print sharp) and the service font
 * embedded (see docs/decisions/011-chart-images-and-pdf.md).
 */
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { PackBlock, PackDocument, PackTable } from "~/domain/briefing-pack";
import { serviceFontFiles } from "./service-font.server";

const MARGIN = 50;
const INK = "#0b0c0c";
const SECONDARY = "#505a5f";
const RULE = "#b1b4b6";
const OWN_ROW = "#f3f2f1";
const REGULAR = "Service";
const BOLD = "Service-Bold";

type Doc = InstanceType<typeof PDFDocument>;

function contentWidth(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN;
}

/** A new page when `height` more points would not fit on this one. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  doc.font(BOLD).fontSize(size);
  ensureRoom(doc, doc.heightOfString(text, { width: contentWidth(doc) }) + 40);
  doc.fillColor(INK).text(text, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

function paragraph(doc: Doc, text: string, lead = false): void {
  doc.font(REGULAR).fontSize(lead ? 13 : 11);
  ensureRoom(doc, doc.heightOfString(text, { width: contentWidth(doc) }));
  doc.fillColor(INK).text(text, MARGIN, doc.y, { width: contentWidth(doc), lineGap: 2 });
  doc.moveDown(0.6);
}

function list(doc: Doc, items: readonly string[]): void {
  doc.font(REGULAR).fontSize(11);
  for (const item of items) {
    const width = contentWidth(doc) - 14;
    ensureRoom(doc, doc.heightOfString(item, { width }));
    const top = doc.y;
    doc.fillColor(INK).text("•", MARGIN, top, { width: 10 });
    doc.text(item, MARGIN + 14, top, { width, lineGap: 2 });
    doc.moveDown(0.3);
  }
  doc.moveDown(0.4);
}

/** Column widths: the first (labels) gets a larger share; the rest share what is left evenly. */
function columnWidths(doc: Doc, table: PackTable): number[] {
  const width = contentWidth(doc);
  const count = table.columns.length;
  if (count === 1) return [width];
  const textColumns = table.columns.filter((column) => !column.numeric).length;
  const firstShare = count <= 3 ? 0.45 : textColumns > 1 ? 0.25 : 0.3;
  const first = width * firstShare;
  return [first, ...Array.from({ length: count - 1 }, () => (width - first) / (count - 1))];
}

function tableRow(
  doc: Doc,
  cells: readonly string[],
  widths: readonly number[],
  numeric: readonly boolean[],
  options: { bold: boolean; fill?: string; size: number },
): void {
  const padding = 3;
  doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size);
  const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 2 * padding }))) + 2 * padding;
  ensureRoom(doc, height);
  const top = doc.y;
  if (options.fill) doc.rect(MARGIN, top, contentWidth(doc), height).fill(options.fill);
  let x = MARGIN;
  cells.forEach((cell, i) => {
    doc.fillColor(INK).text(cell, x + padding, top + padding, { width: widths[i]! - 2 * padding, align: numeric[i] ? "right" : "left" });
    x += widths[i]!;
  });
  doc
    .moveTo(MARGIN, top + height)
    .lineTo(MARGIN + contentWidth(doc), top + height)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc.x = MARGIN;
  doc.y = top + height;
}

function table(doc: Doc, packTable: PackTable): void {
  const widths = columnWidths(doc, packTable);
  const numeric = packTable.columns.map((column) => column.numeric);
  const size = packTable.columns.length > 6 ? 8 : 9;
  doc.font(BOLD).fontSize(10);
  ensureRoom(doc, doc.heightOfString(packTable.caption, { width: contentWidth(doc) }) + 40);
  doc.fillColor(INK).text(packTable.caption, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
  tableRow(
    doc,
    packTable.columns.map((column) => column.label),
    widths,
    numeric,
    { bold: true, size },
  );
  packTable.rows.forEach((row, index) => {
    const cells = packTable.columns.map((_, i) => row[i] ?? "");
    tableRow(doc, cells, widths, numeric, {
      bold: index === packTable.ownRow,
      size,
      ...(index === packTable.ownRow ? { fill: OWN_ROW } : {}),
    });
  });
  doc.moveDown(0.8);
}

/**
 * svg-to-pdfkit does not know `paint-order`, so a haloed label (a white stroke meant to sit under the
 * text) would be painted over its own letters. Each such label becomes two: the halo alone, then the
 * text without a stroke — what a browser and resvg draw.
 */
export function haloesForPdf(svg: string): string {
  return svg.replace(
    /<text([^>]*?) paint-order="stroke"([^>]*)>([\s\S]*?)<\/text>/g,
    (_match, before: string, after: string, content: string) => {
      const attributes = `${before}${after}`;
      const halo = `${attributes.replace(/ fill="[^"]*"/g, "")} fill="#ffffff"`;
      const text = attributes.replace(/ stroke(-width|-linejoin)?="[^"]*"/g, "");
      return `<text${halo}>${content}</text><text${text}>${content}</text>`;
    },
  );
}

/** The chart at the content width (shorter if it is taller than a page), on a fresh page when it would not fit. */
function figure(doc: Doc, block: Extract<PackBlock, { kind: "figure" }>): void {
  const match = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(block.svg);
  const [viewWidth, viewHeight] = match ? [Number(match[1]), Number(match[2])] : [720, 400];
  // Tall charts (one row per policy side) may take a whole page rather than shrink their text.
  const maxHeight = doc.page.height - 2 * MARGIN - 60;
  const width = Math.min(contentWidth(doc), (maxHeight * viewWidth) / viewHeight);
  const height = (width * viewHeight) / viewWidth;
  doc.font(REGULAR).fontSize(11);
  const captionHeight = block.caption ? doc.heightOfString(block.caption, { width: contentWidth(doc) }) + 6 : 0;
  ensureRoom(doc, captionHeight + height + 20);
  if (block.caption) {
    doc.fillColor(INK).text(block.caption, MARGIN, doc.y, { width: contentWidth(doc) });
    doc.y += 6;
  }
  const top = doc.y;
  SVGtoPDF(doc, haloesForPdf(block.svg), MARGIN, top, {
    width,
    height,
    assumePt: false,
    fontCallback: (_family: string, bold: boolean) => (bold ? BOLD : REGULAR),
  });
  doc.x = MARGIN;
  doc.y = top + height + 8;
  doc
    .font(REGULAR)
    .fontSize(8)
    .fillColor(SECONDARY)
    .text(block.title, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.8);
  if (block.table) table(doc, block.table);
}

/** The pack as PDF bytes. */
export function renderPackPdf(pack: PackDocument): Promise<Buffer> {
  const fonts = serviceFontFiles();
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: pack.title, Subject: pack.roundName, Creator: "Benchmark Network" },
    lang: "en-GB",
    displayTitle: true,
    bufferPages: true,
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font(REGULAR).fontSize(12).fillColor(SECONDARY).text(pack.roundName, MARGIN, MARGIN);
  heading(doc, pack.title, 24);
  pack.sections.forEach((section, index) => {
    // Each section after the headlines starts on a new page, as the print stylesheet does.
    if (index > 0) doc.addPage();
    heading(doc, section.title, 17);
    for (const block of section.blocks) {
      switch (block.kind) {
        case "paragraph":
          paragraph(doc, block.text, block.lead);
          break;
        case "list":
          list(doc, block.items);
          break;
        case "table":
          table(doc, block.table);
          break;
        case "figure":
          figure(doc, block);
          break;
      }
    }
  });
  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor(SECONDARY)
      .text(`${pack.title} · ${pack.roundName} · page ${page + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 15, {
        width: contentWidth(doc),
        align: "center",
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
