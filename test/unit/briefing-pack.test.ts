import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type PackDocument, figureFromHtml, htmlText, packTableFromHtml, packTableFromView } from "../../app/domain/briefing-pack";
import { haloesForPdf, renderPackPdf } from "../../app/utils/pack-pdf.server";

const FIGURE_HTML =
  '<figure class="app-figure"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 100" role="img"><title id="t">Unit cost &amp; more</title><rect width="10" height="10"/></svg>' +
  '<table class="govuk-table"><caption class="govuk-table__caption">Unit cost per child</caption><thead class="govuk-table__head"><tr class="govuk-table__row">' +
  '<th scope="col" class="govuk-table__header">Cohort</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Median</th></tr></thead>' +
  '<tbody class="govuk-table__body"><tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Special school</th><td class="govuk-table__cell govuk-table__cell--numeric">£12,251</td></tr>' +
  '<tr class="govuk-table__row app-own-row"><th scope="row" class="govuk-table__header">Kent<strong class="govuk-tag govuk-tag--blue app-own-tag">You</strong></th><td class="govuk-table__cell govuk-table__cell--numeric">£10,235</td></tr></tbody></table></figure>';

describe("reading a rendered figure back", () => {
  it("gives the chart, its title and its table as the page shows them", () => {
    const figure = figureFromHtml(FIGURE_HTML, "/results/r/figure?figure=policies")!;
    expect(figure.svg).toMatch(/^<svg [\s\S]*<\/svg>$/);
    expect(figure.title).toBe("Unit cost & more");
    expect(figure.imageHref).toBe("/results/r/figure?figure=policies");
    expect(figure.table).toEqual({
      caption: "Unit cost per child",
      columns: [
        { label: "Cohort", numeric: false },
        { label: "Median", numeric: true },
      ],
      rows: [
        ["Special school", "£12,251"],
        ["Kent", "£10,235"],
      ],
      ownRow: 1,
    });
    expect(figure.narrowSvg).toBeNull();
  });

  it("gives the chart's phone layout too, where the figure has one", () => {
    const wide = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 100" role="img"><title>Spend</title></svg>';
    const narrow = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 160" role="img"><title>Spend</title></svg>';
    const figure = figureFromHtml(
      `<figure class="app-figure"><div class="app-figure__chart app-figure__chart--wide">${wide}</div>` +
        `<div class="app-figure__chart app-figure__chart--narrow">${narrow}</div></figure>`,
    )!;
    expect(figure.svg).toBe(wide);
    expect(figure.narrowSvg).toBe(narrow);
  });

  it("has no figure or table where the HTML has none", () => {
    expect(figureFromHtml("<p>Nothing</p>")).toBeNull();
    expect(packTableFromHtml("<p>Nothing</p>")).toBeNull();
  });

  it("decodes entities and drops tags", () => {
    expect(htmlText("Kent&#x27;s &quot;own&quot; <b>figures</b> &amp; &#163;5")).toBe('Kent\'s "own" figures & £5');
  });
});

describe("packTableFromView", () => {
  it("formats numbers by their column's unit and blanks as a dash", () => {
    const table = packTableFromView({
      caption: "Change",
      columns: [
        { key: "policy", label: "Policy" },
        { key: "n", label: "Councils" },
        { key: "change", label: "Change", unit: "gbp" },
        { key: "pp", label: "Points", unit: "percent" },
      ],
      rows: [["Route bundling", 1234, -433.333, null]],
    });
    expect(table.rows).toEqual([["Route bundling", "1,234", "-£433", "—"]]);
    expect(table.columns.map((column) => column.numeric)).toEqual([false, false, true, true]);
  });
});

describe("haloesForPdf", () => {
  it("splits a haloed label into its halo and its text, since the PDF renderer ignores paint-order", () => {
    const label =
      '<text x="1" y="2" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" fill="#505a5f">Median £5</text>';
    expect(haloesForPdf(`<svg>${label}</svg>`)).toBe(
      '<svg><text x="1" y="2" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" fill="#ffffff">Median £5</text><text x="1" y="2" fill="#505a5f">Median £5</text></svg>',
    );
  });
});

describe("renderPackPdf", () => {
  const pack: PackDocument = {
    title: "Briefing pack: Kent",
    subject: "Kent",
    roundName: "2023-24",
    sections: [
      {
        id: "headlines",
        title: "Headlines",
        blocks: [{ kind: "list", items: ["Unit cost per child: £13,239 a child — 57th lowest of 153."] }],
      },
      { id: "key-charts", title: "Key charts", blocks: [figureFromHtml(FIGURE_HTML)!] },
      { id: "notes", title: "Data notes and sources", blocks: [{ kind: "paragraph", text: "Figures come from approved returns." }] },
    ],
  };

  it("draws every section on its own A4 page with its text, in the service font", async () => {
    const pdf = await renderPackPdf(pack);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pack-")), "pack.pdf");
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/Pages:\s+3/);
    // A4 is 595 × 842 points.
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    for (const expected of [
      "Briefing pack: Kent",
      "Headlines",
      "57th lowest of 153",
      "Key charts",
      "Unit cost per child",
      "£12,251",
      "Data notes and sources",
      "page 3 of 3",
    ]) {
      expect(text).toContain(expected);
    }
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    // Only the embedded service font (two weights, subset TrueType): none of PDF's standard fonts.
    const rows = fonts.trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes yes/);
    expect(fonts).not.toMatch(/Helvetica|Times|Courier/);
  });
});
