/**
 * The service font (GDS Transport, as GOV.UK Frontend ships it) for charts drawn outside a browser:
 * PNG images by resvg and PDF pages by PDFKit. GOV.UK Frontend ships the font only as WOFF and WOFF2;
 * resvg reads TrueType or OpenType files, so the WOFF files are unpacked to TrueType here (WOFF 1 is
 * the TrueType tables, each zlib-compressed, behind a small header), written once per process to a
 * temporary folder, and handed to both renderers. No font is downloaded and none is committed.
 * See docs/decisions/011-chart-images-and-pdf.md.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";

/** The family name charts ask for, as the page's CSS names it. */
export const SERVICE_FONT_FAMILY = "GDS Transport";
/** What a standalone SVG asks for: the service font, then what a computer without it has. */
export const SERVICE_FONT_STACK = `"${SERVICE_FONT_FAMILY}", arial, sans-serif`;

/** Unpacks a WOFF 1 file to the TrueType/OpenType font it wraps. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < 44 || woff.toString("latin1", 0, 4) !== "wOFF") throw new Error("Not a WOFF 1 font file");
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : Buffer.from(stored);
    if (data.length !== origLength) throw new Error("A WOFF table did not unpack to its stated length");
    return { tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + numTables * 16;
  const padded = (length: number) => (length + 3) & ~3;
  const total = tables.reduce((sum, table) => sum + padded(table.data.length), headerLength);
  const sfnt = Buffer.alloc(total);
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(searchRange, 6);
  sfnt.writeUInt16BE(entrySelector, 8);
  sfnt.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    sfnt.writeUInt32BE(table.tag, record);
    sfnt.writeUInt32BE(table.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(sfnt, offset);
    offset += padded(table.data.length);
  });
  return sfnt;
}

export interface ServiceFontFiles {
  regular: string;
  bold: string;
}

let files: ServiceFontFiles | null = null;

/** TrueType files of the service font's regular and bold weights (GOV.UK's "light" file is its normal weight). */
export function serviceFontFiles(): ServiceFontFiles {
  if (files) return files;
  const fontsDir = path.join(
    path.dirname(createRequire(__filename).resolve("govuk-frontend/package.json")),
    "dist",
    "govuk",
    "assets",
    "fonts",
  );
  const woffs = readdirWoff(fontsDir);
  const outDir = path.join(tmpdir(), "benchmark-network-fonts");
  mkdirSync(outDir, { recursive: true });
  const unpack = (file: string) => {
    const woff = readFileSync(path.join(fontsDir, file));
    const target = path.join(outDir, `${createHash("sha256").update(woff).digest("hex").slice(0, 16)}.ttf`);
    writeFileSync(target, woffToSfnt(woff));
    return target;
  };
  files = { regular: unpack(woffs.light), bold: unpack(woffs.bold) };
  return files;
}

function readdirWoff(dir: string): { light: string; bold: string } {
  // File names carry a content hash that changes between GOV.UK Frontend releases.
  const names = readdirSync(dir);
  const find = (weight: string) => {
    const name = names.find((file) => file.startsWith(`${weight}-`) && file.endsWith(".woff"));
    if (!name) throw new Error(`GOV.UK Frontend no longer ships a ${weight} WOFF font in ${dir}`);
    return name;
  };
  return { light: find("light"), bold: find("bold") };
}
