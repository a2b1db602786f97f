/**
 * Demand series: an authority's EHCPs by January census against its region, its statistical
 * neighbours and England, each indexed to the chosen start year (= 100) so lines of very different
 * sizes share one axis. Public figures, every line named (domain spec §5.3 rule 9).
 */
import { line } from "d3-shape";
import {
  EDGE,
  LABEL_GAP,
  SMALL_FONT_SIZE,
  chartWidth,
  frameOf,
  isDrawable,
  layoutLegend,
  noDataFrame,
  pointDomain,
  px,
  textWidth,
  valueAxisUnderLegend,
  yearPoints,
  type ChartFrame,
  type ChartOptions,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "../shared";
import { formatCount } from "~/domain/format";

export type DemandLineKey = "authority" | "region" | "neighbours" | "england";

export interface DemandLine {
  key: DemandLineKey;
  label: string;
  /** Index values (start year = 100) by position in `years`; null where there is no comparable figure. */
  values: ReadonlyArray<number | null>;
}

export interface DemandSeriesInput {
  years: readonly number[];
  baseYear: number;
  lines: readonly DemandLine[];
}

export interface DemandSeriesLayout extends ChartFrame {
  plot: { left: number; right: number; top: number; bottom: number };
  ticks: Tick[];
  years: Array<{ label: string; x: number }>;
  lines: Array<{ key: DemandLineKey; path: string; points: Array<{ x: number; y: number }>; label: PlacedText | null }>;
  /** The start year's vertical reference line. */
  base: { x: number } | null;
  legend: LegendItem<DemandLineKey>[];
}

const PLOT_HEIGHT = 280;

export function layoutDemandSeries(input: DemandSeriesInput, options: ChartOptions = {}): DemandSeriesLayout {
  const width = chartWidth(options);
  const title = options.title ?? `EHCPs by January census, ${input.baseYear} = 100`;
  const values = input.lines.flatMap((l) => l.values.filter(isDrawable));
  if (values.length === 0 || input.years.length === 0) {
    return {
      ...noDataFrame(width, title),
      plot: { left: 0, right: width, top: 0, bottom: 0 },
      ticks: [],
      years: [],
      lines: [],
      base: null,
      legend: [],
    };
  }
  const legend = layoutLegend(
    input.lines.map((l) => ({ key: l.key, label: l.label })),
    width,
    EDGE,
  );
  const {
    y,
    ticks,
    top: plotTop,
    bottom: plotBottom,
    left: plotLeft,
  } = valueAxisUnderLegend(pointDomain([...values, 100]), formatCount, "count", legend.bottom, PLOT_HEIGHT);
  const lastLabels = input.lines.map((l) => {
    const last = [...l.values].reverse().find(isDrawable);
    return last === undefined ? "" : formatCount(last);
  });
  const plotRight = width - EDGE - Math.max(0, ...lastLabels.map((text) => textWidth(text, SMALL_FONT_SIZE))) - 2 * LABEL_GAP;
  const { xOf } = yearPoints(input.years.length, plotLeft, plotRight, textWidth("2025", SMALL_FONT_SIZE));

  const placed = input.lines.map((l, lineIndex) => {
    const indexed = l.values.map((value, index) => ({ value: isDrawable(value) ? value : null, index }));
    const path =
      line<(typeof indexed)[number]>()
        .defined((p) => p.value !== null)
        .x((p) => xOf(p.index))
        .y((p) => px(y(p.value!)))(indexed) ?? "";
    const points = indexed.filter((p) => p.value !== null).map((p) => ({ x: xOf(p.index), y: px(y(p.value!)) }));
    const lastIndex = [...indexed].reverse().find((p) => p.value !== null);
    const label: PlacedText | null = lastIndex
      ? {
          x: px(xOf(lastIndex.index) + LABEL_GAP),
          y: px(y(lastIndex.value!) + SMALL_FONT_SIZE / 3),
          text: lastLabels[lineIndex]!,
          anchor: "start",
        }
      : null;
    return { key: l.key, path, points, label };
  });
  // Lines that end close together would write their end values over each other: spread them apart.
  spreadApart(
    placed.flatMap((l) => (l.label ? [l.label] : [])),
    plotBottom,
  );

  const yearWidth = textWidth("2025", SMALL_FONT_SIZE) + LABEL_GAP;
  const baseIndex = input.years.indexOf(input.baseYear);
  const sentences = [
    `${title}.`,
    ...input.lines.map((l) => {
      const shown = l.values.flatMap((value, i) => (isDrawable(value) ? [`${input.years[i]} ${formatCount(value)}`] : []));
      return `${l.label}: ${shown.length > 0 ? shown.join(", ") : "no comparable figures"}.`;
    }),
  ];
  return {
    ...frameOf(width, plotBottom + SMALL_FONT_SIZE + 4 + EDGE, title, sentences.join(" "), false),
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    ticks,
    years: yearLabels(input.years, input.baseYear, xOf, yearWidth),
    lines: placed,
    base: baseIndex >= 0 ? { x: xOf(baseIndex) } : null,
    legend: legend.items,
  };
}

/**
 * End labels at least a line apart: top to bottom, each pushed down just clear of the one above;
 * any pushed past the plot's bottom are pulled back up, pushing those above them up in turn.
 */
function spreadApart(labels: readonly PlacedText[], bottom: number): void {
  const step = SMALL_FONT_SIZE + 2;
  const sorted = [...labels].sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i++) sorted[i]!.y = px(Math.max(sorted[i]!.y, sorted[i - 1]!.y + step));
  for (let i = sorted.length - 1; i >= 0; i--) {
    const limit = i === sorted.length - 1 ? bottom : sorted[i + 1]!.y - step;
    sorted[i]!.y = px(Math.min(sorted[i]!.y, limit));
  }
}

/** The years labelled under the axis: the start year always (the lines are indexed to it), then, from the first, each that clears every label kept. */
function yearLabels(
  years: readonly number[],
  baseYear: number,
  xOf: (index: number) => number,
  yearWidth: number,
): Array<{ label: string; x: number }> {
  const baseIndex = years.indexOf(baseYear);
  const kept = baseIndex >= 0 ? [xOf(baseIndex)] : [];
  years.forEach((_, index) => {
    const x = xOf(index);
    if (kept.every((other) => Math.abs(x - other) >= yearWidth)) kept.push(x);
  });
  return years.flatMap((year, index) => (kept.includes(xOf(index)) ? [{ label: String(year), x: xOf(index) }] : []));
}
