/**
 * Ranking: one metric across a round as horizontal bars, lowest value at the top (rank 1 = lowest,
 * domain spec §4), with the viewer's own bar highlighted and the network's quartiles marked.
 */
import { scaleBand } from "d3-scale";
import type { MetricUnit } from "~/domain/metrics";
import { rankValues } from "~/domain/statistics";
import {
  EDGE,
  END_TICK_MARGIN,
  FONT_SIZE,
  LABEL_GAP,
  LINE_HEIGHT,
  NO_DATA_HEIGHT,
  SMALL_FONT_SIZE,
  barDomain,
  barFromZero,
  centreWithin,
  chartWidth,
  frameOf,
  isDrawable,
  linearTicks,
  niceScale,
  noDataFrame,
  pluralise,
  px,
  textWidth,
  truncateText,
  valueFormatter,
  valueLabelGutters,
  type ChartFrame,
  type ChartOptions,
  type PlacedText,
  type TextAnchor,
  type Tick,
} from "../shared";

export interface RankingInput {
  metricLabel: string;
  unit: MetricUnit;
  bars: ReadonlyArray<{
    /** An opaque key: used only to tell bars apart, never drawn. */
    id: string;
    /** A pseudonym, or the viewer's own authority's name. */
    label: string;
    value: number;
    highlighted: boolean;
  }>;
  stats: { q1: number; median: number; q3: number } | null;
}

export interface RankingBar {
  id: string;
  /** The label as drawn: shortened with an ellipsis when it would not fit its column. */
  label: string;
  value: number;
  valueLabel: string;
  /** 1 = lowest; equal values share the lower rank. */
  rank: number;
  highlighted: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Vertical centre of the row: both labels are drawn on it, shifted by dy="0.35em". */
  centreY: number;
  labelX: number;
  valueX: number;
  valueAnchor: TextAnchor;
}

export interface ReferenceLine {
  kind: "q1" | "median" | "q3";
  x: number;
  /** The line runs from just under its label down to the bottom of the bars. */
  top: number;
  bottom: number;
  label: PlacedText;
}

export interface RankingLayout extends ChartFrame {
  bars: RankingBar[];
  plot: { left: number; right: number; top: number; bottom: number };
  zeroX: number;
  ticks: Tick[];
  referenceLines: ReferenceLine[];
  /** The metric's name under the axis; null when there is nothing to draw. */
  axisTitle: PlacedText | null;
}

/** Vertical space per bar: 153 bars make a tall chart, which scrolls with the page. */
const ROW_STEP = 20;
/** A label column never takes more than this share of the width; longer labels are shortened. */
const MAX_LABEL_SHARE = 0.35;
/**
 * Three rows above the bars, one per reference line's label (median, lower, upper quartile): on
 * rows of their own, labels cannot collide however close the values are.
 */
const REFERENCE_ROWS = { median: 0, q1: 1, q3: 2 } as const;
const STATS_HEADER = 3 * LINE_HEIGHT + 4;

const REFERENCE_NAMES = { q1: "Lower quartile", median: "Median", q3: "Upper quartile" } as const;

/**
 * The lower quartile's label goes left of its line and the upper quartile's right of it, away from
 * the median, so no line crosses another's label; the median's is centred. A label that would leave
 * the viewBox is centred on its line instead, moved just enough to fit.
 */
function referenceLabelX(kind: ReferenceLine["kind"], position: number, text: string, width: number): { x: number; anchor: TextAnchor } {
  const textLength = textWidth(text, SMALL_FONT_SIZE);
  if (kind === "q1" && position - LABEL_GAP - textLength >= EDGE) return { x: px(position - LABEL_GAP), anchor: "end" };
  if (kind === "q3" && position + LABEL_GAP + textLength <= width - EDGE) return { x: px(position + LABEL_GAP), anchor: "start" };
  return { x: centreWithin(position, text, SMALL_FONT_SIZE, EDGE, width - EDGE), anchor: "middle" };
}

export function layoutRanking(input: RankingInput, options: ChartOptions = {}): RankingLayout {
  const width = chartWidth(options);
  const title = options.title ?? `${input.metricLabel}, lowest to highest`;
  const bars = input.bars.filter((bar) => isDrawable(bar.value));
  const stats =
    input.stats && isDrawable(input.stats.q1) && isDrawable(input.stats.median) && isDrawable(input.stats.q3) ? input.stats : null;

  if (bars.length === 0) {
    return {
      ...noDataFrame(width, title),
      bars: [],
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      zeroX: 0,
      ticks: [],
      referenceLines: [],
      axisTitle: null,
    };
  }

  const values = bars.map((bar) => bar.value);
  const domain = barDomain(stats ? [...values, stats.q1, stats.median, stats.q3] : values);
  // Labels are measured before the scale exists, and a nice domain never changes sign: format
  // with the raw domain.
  const format = valueFormatter(input.unit, domain);
  // Ties are ordered by label so the order depends only on values and pseudonyms, never on the
  // order the rows arrived in (which might follow names).
  const sorted = [...bars].sort((a, b) => a.value - b.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  // Keyed by position, not id, so that even a repeated id could not stack two bars in one row.
  const ranks = rankValues(sorted.map((bar, index) => ({ id: index, value: bar.value })));
  const valueLabels = sorted.map((bar) => ({ value: bar.value, text: format(bar.value) }));
  const referenceTexts = stats
    ? (["q1", "median", "q3"] as const).map((kind) => ({
        kind,
        value: stats[kind],
        text: `${REFERENCE_NAMES[kind]} ${format(stats[kind])}`,
      }))
    : [];

  const widestLabel = Math.max(...sorted.map((bar) => textWidth(bar.label, SMALL_FONT_SIZE)));
  const labelColumn = Math.min(widestLabel, width * MAX_LABEL_SHARE);
  const gutters = valueLabelGutters(valueLabels, SMALL_FONT_SIZE);
  const plotLeft = EDGE + labelColumn + LABEL_GAP;
  const plotRight = width - EDGE;
  const barLeft = plotLeft + gutters.left;
  const barRight = plotRight - Math.max(gutters.right, END_TICK_MARGIN);
  const plotTop = EDGE + (stats ? STATS_HEADER : 0);
  const plotBottom = plotTop + sorted.length * ROW_STEP;

  const x = niceScale(domain, [barLeft, barRight]);
  // paddingOuter = paddingInner / 2 makes every step exactly ROW_STEP.
  const y = scaleBand<number>()
    .domain(sorted.map((_, index) => index))
    .range([plotTop, plotBottom])
    .paddingInner(0.2)
    .paddingOuter(0.1);

  const laidOut = sorted.map((bar, index): RankingBar => {
    const geometry = barFromZero(x, bar.value);
    const top = y(index) as number; // every index is in the domain
    return {
      id: bar.id,
      label: truncateText(bar.label, labelColumn, SMALL_FONT_SIZE),
      value: bar.value,
      valueLabel: valueLabels[index]!.text,
      rank: (ranks.get(index) as { rank: number }).rank,
      highlighted: bar.highlighted,
      x: geometry.x,
      y: px(top),
      width: geometry.width,
      height: px(y.bandwidth()),
      centreY: px(top + y.bandwidth() / 2),
      labelX: px(plotLeft - LABEL_GAP),
      valueX: geometry.labelX,
      valueAnchor: geometry.labelAnchor,
    };
  });

  const referenceLines = referenceTexts.map(({ kind, value, text }): ReferenceLine => {
    const position = px(x(value));
    const baseline = EDGE + (REFERENCE_ROWS[kind] + 1) * LINE_HEIGHT - 4;
    return {
      kind,
      x: position,
      top: px(baseline + 4),
      bottom: px(plotBottom),
      label: { ...referenceLabelX(kind, position, text, width), y: px(baseline), text },
    };
  });

  const n = sorted.length;
  const sentences = [
    `${title}: ${pluralise(n, "value", "values")}, ranked from the lowest (rank 1).`,
    // The full label, not the drawn one, which may have been shortened.
    ...sorted.flatMap((bar, index) =>
      bar.highlighted ? [`${bar.label}: ${laidOut[index]!.valueLabel}, ranked ${laidOut[index]!.rank} of ${n}.`] : [],
    ),
    `Lowest ${laidOut[0]!.valueLabel}, highest ${laidOut[n - 1]!.valueLabel}.`,
    ...(stats ? [`Median ${format(stats.median)}; lower quartile ${format(stats.q1)}; upper quartile ${format(stats.q3)}.`] : []),
  ];

  const axisCentre = (barLeft + barRight) / 2;
  const height = plotBottom + SMALL_FONT_SIZE + 4 + LINE_HEIGHT + 4 + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    bars: laidOut,
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    zeroX: px(x(0)),
    ticks: linearTicks(x, format, input.unit),
    referenceLines,
    axisTitle: {
      x: px(axisCentre),
      y: px(plotBottom + SMALL_FONT_SIZE + 4 + LINE_HEIGHT + 2),
      text: truncateText(input.metricLabel, 2 * Math.min(axisCentre - EDGE, width - EDGE - axisCentre), FONT_SIZE),
      anchor: "middle",
    },
  };
}
