/**
 * Golden-SVG helpers, after Observable Plot's snapshot tests: render on the "server", round every
 * decimal in attributes to 3 places so floating-point noise cannot fail a snapshot, and break the
 * markup at element boundaries so a changed snapshot reads as a small diff.
 */
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect } from "vitest";

export function renderSvg(element: ReactElement): string {
  return renderToStaticMarkup(element);
}

/**
 * Rounds the numbers in attribute values (coordinates, path data). Text is left alone: what a
 * person reads ("150.0", "31.4%") is exactly what the golden file should pin down.
 */
export function normaliseNumbers(markup: string): string {
  return markup.replace(/="([^"]*)"/g, (_, value: string) => {
    const rounded = value.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (number) => String(+(+number).toFixed(3)));
    return `="${rounded}"`;
  });
}

/**
 * One element per line, except inside text, where whitespace between tspans would be drawn.
 * (Whitespace between other SVG elements is ignored, so the file stays a faithful, viewable SVG.)
 */
function breakLines(markup: string): string {
  return markup.replace(/><(?=(?:svg|title|desc|g|\/g|rect|line|path|circle|text)[\s>])/g, ">\n<");
}

export function goldenSvg(element: ReactElement): string {
  return `${breakLines(normaliseNumbers(renderSvg(element)))}\n`;
}

/** What every rendered chart must satisfy, whatever its data. */
export function expectWellFormedChart(markup: string): void {
  expect(markup).not.toMatch(/NaN|Infinity/);
  // The Content-Security-Policy forbids inline styles.
  expect(markup).not.toContain("style=");
  expect(markup).toMatch(/^<svg [^>]*viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"[^>]*role="img"/);
  const labelledBy = /aria-labelledby="([^" ]+) ([^" ]+)"/.exec(markup);
  expect(labelledBy).not.toBeNull();
  expect(markup).toContain(`<title id="${labelledBy![1]}">`);
  expect(markup).toContain(`<desc id="${labelledBy![2]}">`);
  // Text is at least 12px at the viewBox scale.
  for (const [, size] of markup.matchAll(/font-size="([\d.]+)"/g)) expect(Number(size)).toBeGreaterThanOrEqual(12);
}

/** The text of the chart's <desc>, entities decoded. */
export function descriptionOf(markup: string): string {
  const match = /<desc[^>]*>([^<]*)<\/desc>/.exec(markup);
  return (match?.[1] ?? "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** An empty chart: "No data" said in the description and shown, and not one mark drawn. */
export function expectNoDataChart(markup: string): void {
  expectWellFormedChart(markup);
  expect(descriptionOf(markup)).toContain("No data");
  expect(markup).toContain(">No data</text>");
  expect(markup).not.toMatch(/<(rect|line|path|circle)[\s>]/);
}

/** Every number anywhere in a layout is finite: NaN or Infinity would reach an SVG attribute. */
export function expectFiniteNumbers(value: unknown, path = "layout"): void {
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => expectFiniteNumbers(item, `${path}[${index}]`));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) expectFiniteNumbers(item, `${path}.${key}`);
  } else if (typeof value === "string") {
    expect(value, path).not.toMatch(/NaN|Infinity/);
  }
}
