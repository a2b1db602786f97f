import { describe, expect, it } from "vitest";
import { TrendChart, layoutTrend, type TrendInput } from "../../app/components/charts/trend/trend";
import { PALETTE } from "../../app/components/charts/shared";
import { PNG_SCALE, extractSvg, standaloneSvg, svgToPng } from "../../app/utils/chart-image.server";
import { serviceFontFiles, woffToSfnt } from "../../app/utils/service-font.server";
import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { decodePng } from "../support/png";

const input: TrendInput = {
  unit: "gbp",
  points: [
    { year: "2021-22", own: 100, q1: 80, median: 100, q3: 120 },
    { year: "2022-23", own: 125, q1: 90, median: 110, q3: 130 },
    { year: "2023-24", own: 140, q1: 100, median: 120, q3: 140 },
  ],
};
const onPage = renderToStaticMarkup(<TrendChart {...input} title="Unit cost: your authority against the network" />, {
  identifierPrefix: "years-",
});
const figureHtml = `<figure class="app-figure">${onPage}<details><table></table></details></figure>`;

function hex(colour: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

describe("standaloneSvg", () => {
  const svg = standaloneSvg(extractSvg(figureHtml));

  it("is the page's SVG, byte for byte, with only a size and the service font added", async () => {
    const layout = layoutTrend(input);
    const [declaration, body] = svg.split("\n");
    expect(declaration).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(body).toBe(
      onPage.replace(
        "<svg ",
        `<svg width="${layout.width}" height="${layout.height}" font-family="&quot;GDS Transport&quot;, arial, sans-serif" `,
      ),
    );
    await expect(svg).toMatchFileSnapshot("./__snapshots__/chart-image-trend.svg");
  });

  it("refuses a figure without a chart", () => {
    expect(() => extractSvg("<p>No chart</p>")).toThrow("The figure has no chart");
  });
});

describe("svgToPng", () => {
  const svg = standaloneSvg(onPage);
  const png = decodePng(svgToPng(svg));
  const layout = layoutTrend(input);

  it("is twice the chart's size", () => {
    expect(PNG_SCALE).toBe(2);
    expect(png.width).toBe(layout.width * 2);
    expect(png.height).toBe(Math.round(layout.height * 2));
  });

  it("draws the own authority's marks in the own colour where the layout puts them, on white", () => {
    for (const point of layout.ownPoints) {
      // The centre of each own diamond.
      expect(png.pixel(Math.round(point.x * 2), Math.round(point.y * 2)).slice(0, 3), `own point at ${point.x},${point.y}`).toEqual(
        hex(PALETTE.own),
      );
    }
    expect(png.pixel(2, 2)).toEqual([255, 255, 255, 255]);
  });
});

describe("service font", () => {
  it("unpacks GOV.UK Frontend's WOFF to a TrueType font", () => {
    const files = serviceFontFiles();
    for (const file of [files.regular, files.bold]) {
      const font = readFileSync(file);
      // sfnt version 1.0 (TrueType outlines) or OTTO (CFF), then a table directory with a name table.
      expect([0x00010000, 0x4f54544f]).toContain(font.readUInt32BE(0));
      const tables = font.readUInt16BE(4);
      const tags = Array.from({ length: tables }, (_, i) => font.toString("latin1", 12 + i * 16, 16 + i * 16));
      expect(tags).toEqual(expect.arrayContaining(["name", "cmap", "glyf"]));
    }
  });

  it("refuses a file that is not WOFF", () => {
    expect(() => woffToSfnt(Buffer.from("not a font at all, not at all, not at all, not at all"))).toThrow("Not a WOFF 1 font file");
  });
});
