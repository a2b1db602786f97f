/**
 * What a reader meets on a page at a given width, measured in Chromium: page-level horizontal scroll
 * and the smallest chart text as drawn; and the whole page as screenshots, for a person to look at.
 */
import path from "node:path";
import type { Page } from "playwright-core";

/** The smallest chart text anyone should have to read, in CSS pixels as rendered. */
export const MIN_TEXT_PX = 12;

/** The whole page in screen-sized pieces, small enough to look at one by one: `<name>-1.png`, `<name>-2.png`… */
export async function screenshots(page: Page, folder: string, name: string, piece = 1200): Promise<void> {
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  for (let top = 0, index = 1; top < height; top += piece, index++) {
    await page.screenshot({
      path: path.join(folder, `${name}-${index}.png`),
      fullPage: true,
      clip: { x: 0, y: top, width, height: Math.min(piece, height - top) },
    });
  }
}

/** Page-level horizontal scroll, and the smallest chart text as drawn (font size × the SVG's rendered scale). */
export async function measureLayout(page: Page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll("svg.app-chart text, svg.app-chart tspan")].filter(
      (element) => (element.textContent ?? "").trim() !== "" && element.getBoundingClientRect().width > 0,
    );
    const sizes = texts.map((element) => {
      const svg = element.closest("svg")!;
      // The font size in the viewBox's units, times how much the viewBox is scaled on screen.
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return { text: element.textContent ?? "", px: parseFloat(getComputedStyle(element).fontSize) * scale };
    });
    const smallest = sizes.reduce<{ text: string; px: number } | null>((a, b) => (a === null || b.px < a.px ? b : a), null);
    // A chart box wider than its column: the chart is read by scrolling it sideways.
    const scrollingCharts = [...document.querySelectorAll(".app-figure__chart, .app-pack__chart")]
      .filter((box) => box.getBoundingClientRect().width > 0 && box.scrollWidth > box.clientWidth + 1)
      .map((box) => box.querySelector("svg title")?.textContent ?? "a chart");
    // A caption wider than the box it scrolls in is cut off at the box's edge.
    const clippedCaptions = [...document.querySelectorAll(".app-table-scroll caption")]
      .filter((caption) => {
        // A visually hidden caption (1px, clipped) is for screen readers: nothing to cut off.
        if (caption.getBoundingClientRect().width <= 1) return false;
        const box = caption.closest(".app-table-scroll")!.getBoundingClientRect();
        // The text's own extent: the caption's box is as wide as its table whatever its text.
        const range = document.createRange();
        range.selectNodeContents(caption);
        const text = range.getBoundingClientRect();
        return text.width > 0 && (text.right > box.right + 1 || text.left < box.left - 1);
      })
      .map((caption) => (caption.textContent ?? "").trim());
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      smallest,
      scrollingCharts,
      clippedCaptions,
    };
  });
}

/**
 * What is wrong with a page's layout at this width, in words; empty when nothing is. A chart that
 * has to be scrolled sideways inside its box counts: phones get a narrow layout of every chart; so
 * does a table's caption cut off by the box its table scrolls in.
 */
export async function layoutProblems(page: Page, name: string): Promise<string[]> {
  const measured = await measureLayout(page);
  const problems: string[] = [];
  if (measured.scrollWidth > measured.innerWidth)
    problems.push(`${name}: page scrolls sideways (${measured.scrollWidth}px wide in ${measured.innerWidth}px)`);
  for (const title of measured.scrollingCharts) problems.push(`${name}: "${title}" scrolls sideways in its box`);
  for (const caption of measured.clippedCaptions) problems.push(`${name}: the caption "${caption}" is cut off by its table's box`);
  if (measured.smallest && measured.smallest.px < MIN_TEXT_PX - 0.05)
    problems.push(`${name}: chart text "${measured.smallest.text}" drawn at ${measured.smallest.px.toFixed(1)}px`);
  return problems;
}
