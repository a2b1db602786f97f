/**
 * What every chart layout shares: sizes, palette, domains, ticks, text measuring and legends.
 * Pure functions of numbers and strings — no DOM — so the server renders the same SVG the tests see.
 */
import { max, min } from "d3-array";
import { type ScaleLinear, scaleLinear, scalePoint } from "d3-scale";
import { symbol, symbolDiamond } from "d3-shape";
import { formatMetricValue } from "~/domain/format";
import type { MetricUnit } from "~/domain/metrics";

/** Width of every chart's viewBox unless a page asks for another; CSS scales the SVG to its column. */
export const CHART_WIDTH = 720;
/** Legends, axis titles and messages. */
export const FONT_SIZE = 14;
/** Tick and row labels: the smallest text we draw, still 12px at the viewBox scale. */
export const SMALL_FONT_SIZE = 12;
export const LINE_HEIGHT = 18;
/** Space kept between the viewBox edge and anything drawn. */
export const EDGE = 8;
/** Gap between a mark and its text label. */
export const LABEL_GAP = 6;

/**
 * Okabe–Ito colours, chosen to stay distinct with every common colour-vision deficiency. The viewer's
 * own authority is vermillion against blue, but the two have similar lightness, so own marks always
 * carry a dark outline and a text label too: colour is never the only cue.
 */
export const PALETTE = {
  /** Okabe–Ito blue (5.2:1 on white): everyone who is not the viewer. */
  network: "#0072B2",
  /** Okabe–Ito vermillion (3.9:1 on white): the viewer's own authority or group. */
  own: "#D55E00",
  /** Okabe–Ito sky blue at 40% on white: interquartile boxes and bands, always edged in `network`. */
  band: "#BBE1F6",
  /** GOV.UK text colour: text, outlines of own marks, medians. */
  ink: "#0b0c0c",
  /** GOV.UK secondary text colour (7:1 on white): ticks, quartile lines, "no data". */
  secondary: "#505a5f",
  /** GOV.UK border grey: gridlines, which only support the tick labels. */
  grid: "#b1b4b6",
  background: "#ffffff",
} as const;

export const MEDIAN_STROKE_WIDTH = 2;
/** Quartile lines are dashed so they differ from the solid median without relying on colour. */
export const QUARTILE_DASH = "6 4";

/** The diamond that marks the viewer's own value wherever a chart draws a point, centred on 0,0. */
export const OWN_MARKER_PATH = symbol(symbolDiamond, 150)() ?? "";

/** The part of a layout every chart renderer needs for its frame. */
export interface ChartFrame {
  viewBox: string;
  width: number;
  height: number;
  title: string;
  description: string;
  /** Where "No data" is written when there is nothing to draw; null when there are marks. */
  noData: { x: number; y: number } | null;
}

export interface ChartOptions {
  /** viewBox width; CHART_WIDTH by default. */
  width?: number;
  /** The SVG title; each chart has a plain-English default. */
  title?: string;
}

/**
 * The viewBox width of a chart's phone layout: drawn at about one CSS pixel per unit in a phone's
 * column (a 390px screen leaves 360px), so 12px text stays 12px instead of shrinking to half.
 */
export const NARROW_CHART_WIDTH = 340;

/** Below this, label columns and the plot can no longer share the width. */
const MIN_WIDTH = 320;

/** The viewBox width a page asked for, within reason; CHART_WIDTH otherwise. */
export function chartWidth(options: ChartOptions): number {
  return isDrawable(options.width) ? Math.max(MIN_WIDTH, options.width) : CHART_WIDTH;
}

export const NO_DATA = "No data";

/** Height of a chart that has nothing to draw: room for one line of "No data". */
export const NO_DATA_HEIGHT = 60;

/** The frame of a chart with nothing to draw: it says "No data", in its description and visibly. */
export function noDataFrame(width: number, title: string): ChartFrame {
  return frameOf(width, NO_DATA_HEIGHT, title, `${title}. No data.`, true);
}

export function frameOf(width: number, height: number, title: string, description: string, empty: boolean): ChartFrame {
  return {
    viewBox: `0 0 ${px(width)} ${px(height)}`,
    width: px(width),
    height: px(height),
    title,
    description,
    noData: empty ? { x: px(width / 2), y: px(height / 2) } : null,
  };
}

export interface Tick {
  value: number;
  /** The pixel position along the axis. */
  position: number;
  label: string;
}

/** Rounds a coordinate to 0.01px: finer is invisible and only makes the markup heavier. */
export function px(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Values a chart can draw. Metrics are never NaN or Infinity by construction (domain spec §4); a
 * non-finite value reaching a chart is a bug upstream, and it is left out rather than drawn as NaN.
 */
export function isDrawable(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A domain for bars: bars grow from zero, so zero is always inside it; [0, 1] when all are zero. */
export function barDomain(values: readonly number[]): [number, number] {
  const lo = Math.min(0, min(values) ?? 0);
  const hi = Math.max(0, max(values) ?? 0);
  return lo === hi ? [0, 1] : [lo, hi];
}

/**
 * A domain for points, boxes and lines, which need not start at zero. All-equal values would give a
 * zero-width domain (every value mapped to NaN), so it is padded by 10% of the value, or by 1 at zero.
 */
export function pointDomain(values: readonly number[]): [number, number] {
  const lo = min(values);
  const hi = max(values);
  if (lo === undefined || hi === undefined) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** Pixels per tick: tick labels are wide on a horizontal axis, one line high on a vertical one. */
export const TICK_SPACING = { horizontal: 90, vertical: 50 } as const;
export type AxisOrientation = keyof typeof TICK_SPACING;

/** About one tick per TICK_SPACING pixels of axis, and never fewer than two. */
function tickCount(scale: ScaleLinear<number, number>, orientation: AxisOrientation): number {
  const [start, end] = scale.range() as [number, number];
  return Math.max(2, Math.floor(Math.abs(end - start) / TICK_SPACING[orientation]));
}

/** A linear scale whose domain is widened to round tick values, so the axis starts and ends on a tick. */
export function niceScale(
  domain: readonly [number, number],
  range: readonly [number, number],
  orientation: AxisOrientation = "horizontal",
): ScaleLinear<number, number> {
  const scale = scaleLinear().domain(domain).range(range);
  return scale.nice(tickCount(scale, orientation));
}

/** A line chart's vertical value axis, and where its plot starts: just past the widest tick label. */
export interface ValueAxis {
  y: ScaleLinear<number, number>;
  ticks: Tick[];
  top: number;
  bottom: number;
  left: number;
}

/** The value axis of a chart over years: `height` pixels of nice scale over `domain`, under the legend. */
export function valueAxisUnderLegend(
  domain: readonly [number, number],
  format: (value: number) => string,
  unit: MetricUnit,
  legendBottom: number,
  height: number,
): ValueAxis {
  const top = legendBottom + LINE_HEIGHT;
  const bottom = top + height;
  const y = niceScale(domain, [bottom, top], "vertical");
  const ticks = linearTicks(y, format, unit, "vertical");
  const left = EDGE + Math.max(0, ...ticks.map((tick) => textWidth(tick.label, SMALL_FONT_SIZE))) + LABEL_GAP;
  return { y, ticks, top, bottom, left };
}

/**
 * `count` years spread evenly from `left` to `right`, half a step in from each end, and how often
 * to label them: every `labelEvery`-th, so that labels `labelWidth` wide never touch.
 */
export function yearPoints(
  count: number,
  left: number,
  right: number,
  labelWidth: number,
): { xOf: (index: number) => number; labelEvery: number } {
  const x = scalePoint<number>()
    .domain(Array.from({ length: count }, (_, index) => index))
    .range([left, right])
    .padding(0.5);
  return {
    xOf: (index) => px(x(index) as number), // every index is in the domain
    labelEvery: Math.max(1, Math.ceil((labelWidth + LABEL_GAP) / Math.max(x.step(), 1))),
  };
}

/** Room past the end of a horizontal axis for half of a wide tick label ("£20,000"). */
export const END_TICK_MARGIN = 30;

/** Decimal places formatMetricValue shows for each unit: a tick finer than that would repeat a label. */
const UNIT_DECIMALS: Record<MetricUnit, number> = {
  gbp: 0,
  count: 0,
  percent: 1,
  ratio: 1,
  rate_per_100: 1,
  rate_per_10k: 1,
};

/**
 * A formatter for values on one chart. Where the chart shows a negative value (a fall in a change
 * metric) positive percentages carry "+", so the two directions read alike.
 */
export function valueFormatter(unit: MetricUnit, domain: readonly [number, number]): (value: number) => string {
  const signed = domain[0] < 0;
  // `+ 0` turns -0 into 0, which Intl would print as "-0".
  return (value) => formatMetricValue(unit, value + 0, { signed });
}

/**
 * Ticks for a scale from niceScale, labelled as the metric is displayed. Ticks finer than the
 * unit's precision ("£0", "£0", "£1") are dropped rather than mislabelled.
 */
export function linearTicks(
  scale: ScaleLinear<number, number>,
  format: (value: number) => string,
  unit: MetricUnit,
  orientation: AxisOrientation = "horizontal",
): Tick[] {
  const factor = 10 ** UNIT_DECIMALS[unit];
  const ticks = scale
    .ticks(tickCount(scale, orientation))
    .filter((value) => Math.abs(Math.round(value * factor) - value * factor) < 1e-6)
    .map((value) => ({ value: value + 0, position: px(scale(value)), label: format(value) }));
  return orientation === "horizontal" ? thinTicks(ticks, SMALL_FONT_SIZE) : ticks;
}

/** Space kept between two tick labels side by side. */
export const TICK_LABEL_GAP = 8;

/**
 * Ticks whose centred labels would touch or overlap are thinned: every second tick is kept, then
 * every third, and so on, until each kept label clears the next by TICK_LABEL_GAP. On a narrow
 * chart d3 may offer more ticks than fit ("0.0%20.0%40.0%"); the first tick is always kept.
 */
export function thinTicks(ticks: readonly Tick[], fontSize: number): Tick[] {
  const clear = (kept: readonly Tick[]) =>
    kept.every((tick, index) => {
      const next = kept[index + 1];
      if (!next) return true;
      const halfWidths = (textWidth(tick.label, fontSize) + textWidth(next.label, fontSize)) / 2;
      return Math.abs(next.position - tick.position) - halfWidths >= TICK_LABEL_GAP;
    });
  for (let step = 1; step < ticks.length; step++) {
    const kept = ticks.filter((_, index) => index % step === 0);
    if (clear(kept)) return kept;
  }
  return ticks.slice(0, 1);
}

/** Average glyph width of a sans-serif face, in ems; generous so estimates rarely fall short. */
const GLYPH_WIDTH_EM = 0.6;

/**
 * The width text will take. The server cannot measure text, so this is an estimate from the
 * character count: good enough to size label columns and keep labels apart.
 */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * GLYPH_WIDTH_EM;
}

/** Shortens text to fit `width`, ending in an ellipsis; the full text is in the description. */
export function truncateText(text: string, width: number, fontSize: number): string {
  const fits = Math.floor(width / (fontSize * GLYPH_WIDTH_EM));
  // Trailing spaces and punctuation before the ellipsis would read as a typo ("Bournemouth,…").
  return text.length <= fits ? text : `${text.slice(0, Math.max(1, fits - 1)).replace(/[\s,;:.-]+$/, "")}…`;
}

/**
 * Breaks text into lines no wider than `width`, at spaces, at most `maxLines` lines (the last one
 * shortened with an ellipsis if the text is longer still).
 */
export function wrapText(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (current !== "" && textWidth(candidate, fontSize) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== "") lines.push(current);
  if (lines.length <= maxLines) return lines.map((line) => truncateText(line, width, fontSize));
  // Lines were broken because joining them overflowed, so the joined remainder is always shortened.
  const rest = lines.slice(maxLines - 1).join(" ");
  return [...lines.slice(0, maxLines - 1), rest].map((line) => truncateText(line, width, fontSize));
}

export interface LegendItem<K extends string> {
  key: K;
  label: string;
  /** Left edge of the swatch; the text starts LEGEND_SWATCH + LABEL_GAP further right. */
  x: number;
  /** Vertical centre of the row. */
  y: number;
}

export const LEGEND_SWATCH = 18;

/** Places legend entries in rows from the left edge, starting a new row when one would overflow. */
export function layoutLegend<K extends string>(
  entries: ReadonlyArray<{ key: K; label: string }>,
  width: number,
  top: number,
): { items: LegendItem<K>[]; bottom: number } {
  const items: LegendItem<K>[] = [];
  let x = EDGE;
  let y = top + LINE_HEIGHT / 2;
  for (const entry of entries) {
    const itemWidth = LEGEND_SWATCH + LABEL_GAP + textWidth(entry.label, FONT_SIZE);
    if (x > EDGE && x + itemWidth > width - EDGE) {
      x = EDGE;
      y += LINE_HEIGHT + 4;
    }
    items.push({ key: entry.key, label: entry.label, x: px(x), y: px(y) });
    x += itemWidth + 24;
  }
  return { items, bottom: entries.length === 0 ? top : y + LINE_HEIGHT / 2 };
}

export type TextAnchor = "start" | "middle" | "end";

/** A line of text placed by a layout: `y` is its baseline. */
export interface PlacedText {
  x: number;
  y: number;
  text: string;
  anchor: TextAnchor;
}

/** The box a line of placed text takes, from its width estimate and its baseline: ascenders above, descenders below. */
export function textBox(text: PlacedText, fontSize: number): { left: number; right: number; top: number; bottom: number } {
  const width = textWidth(text.text, fontSize);
  const left = text.anchor === "start" ? text.x : text.anchor === "end" ? text.x - width : text.x - width / 2;
  return { left, right: left + width, top: text.y - 0.8 * fontSize, bottom: text.y + 0.25 * fontSize };
}

/** Whether two boxes share any area (touching edges do not count). */
export function boxesOverlap(
  a: { left: number; right: number; top: number; bottom: number },
  b: { left: number; right: number; top: number; bottom: number },
): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Where a horizontal bar from zero to `value` sits, and where its value label goes: past its end. */
export function barFromZero(
  scale: ScaleLinear<number, number>,
  value: number,
): { x: number; width: number; labelX: number; labelAnchor: TextAnchor } {
  const zero = scale(0);
  const end = scale(value);
  return {
    x: px(Math.min(zero, end)),
    width: px(Math.abs(end - zero)),
    labelX: px(value < 0 ? end - LABEL_GAP : end + LABEL_GAP),
    labelAnchor: value < 0 ? "end" : "start",
  };
}

/**
 * Room to keep either side of the bars for labels past their ends: positive bars are labelled on
 * the right, negative bars on the left, so a left gutter only exists when some value is negative.
 */
export function valueLabelGutters(
  labels: ReadonlyArray<{ value: number; text: string }>,
  fontSize: number,
): { left: number; right: number } {
  const widest = (negative: boolean) =>
    max(
      labels.filter((label) => label.value < 0 === negative),
      (label) => textWidth(label.text, fontSize) + LABEL_GAP,
    ) ?? 0;
  return { left: widest(true), right: widest(false) };
}

/** The x for centred text at `x`, moved just enough that the text stays between `left` and `right`. */
export function centreWithin(x: number, text: string, fontSize: number, left: number, right: number): number {
  const half = textWidth(text, fontSize) / 2;
  return px(Math.min(Math.max(x, left + half), right - half));
}

/** Rows of the group charts (distribution, group comparison): a label of up to two lines, then a count. */
export const GROUP_ROW_STEP = 3 * LINE_HEIGHT + 8;

/** A group's name, wrapped, with the first line's baseline at `y`, and a count line under it. */
export interface GroupRowLabel {
  lines: string[];
  y: number;
  count: { text: string; y: number } | null;
}

export function groupRowLabel(label: string, count: string | null, columnWidth: number, rowTop: number): GroupRowLabel {
  const lines = wrapText(label, columnWidth, SMALL_FONT_SIZE, 2);
  return {
    lines,
    y: px(rowTop + LINE_HEIGHT),
    count: count === null ? null : { text: count, y: px(rowTop + (lines.length + 1) * LINE_HEIGHT) },
  };
}

/** Height the metric's name takes under an axis's tick labels. */
export const AXIS_TITLE_SPACE = LINE_HEIGHT + 4;

/**
 * The metric's name centred under a horizontal axis whose tick labels sit just below `plotBottom`,
 * shortened to the width available: every chart says what it measures, not only its title.
 */
export function axisTitleBelow(text: string, plotLeft: number, plotRight: number, plotBottom: number, width: number): PlacedText {
  const centre = (plotLeft + plotRight) / 2;
  return {
    x: px(centre),
    y: px(plotBottom + SMALL_FONT_SIZE + 4 + LINE_HEIGHT + 2),
    text: truncateText(text, 2 * Math.min(centre - EDGE, width - EDGE - centre), FONT_SIZE),
    anchor: "middle",
  };
}
