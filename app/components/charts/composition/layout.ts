/**
 * Composition: how spend divides between cohorts — per cohort, a pair of bars, the viewer's share
 * above the network median share. Values are percentages.
 */
import {
  AXIS_TITLE_SPACE,
  EDGE,
  LABEL_GAP,
  LINE_HEIGHT,
  NO_DATA_HEIGHT,
  SMALL_FONT_SIZE,
  axisTitleBelow,
  barDomain,
  barFromZero,
  chartWidth,
  frameOf,
  isDrawable,
  layoutLegend,
  linearTicks,
  niceScale,
  noDataFrame,
  px,
  textWidth,
  valueFormatter,
  valueLabelGutters,
  wrapText,
  type ChartFrame,
  type ChartOptions,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "../shared";
import { pluralise } from "~/domain/format";

export interface CompositionInput {
  rows: ReadonlyArray<{ label: string; own: number | null; networkMedian: number | null }>;
  /** Whose bars are the "own" ones: "You" for a member, the group's name for a regional viewer. */
  ownLabel?: string;
  /** The metric's name, written under the axis. */
  metricLabel?: string;
}

export interface CompositionBar {
  /** Null when the value is not available: only the text is drawn. */
  rect: { x: number; y: number; width: number; height: number } | null;
  /** "You: 31.4%", "Median: no data". */
  text: PlacedText;
  provided: boolean;
}

export interface CompositionRow {
  labelLines: string[];
  labelY: number;
  own: CompositionBar;
  median: CompositionBar;
}

export type CompositionLegendKey = "own" | "median";

export interface CompositionLayout extends ChartFrame {
  rows: CompositionRow[];
  plot: { left: number; right: number; top: number; bottom: number };
  zeroX: number;
  labelX: number;
  ticks: Tick[];
  legend: LegendItem<CompositionLegendKey>[];
  axisTitle: PlacedText | null;
}

const BAR_HEIGHT = 18;
const PAIR_GAP = 4;
const ROW_STEP = 2 * BAR_HEIGHT + PAIR_GAP + 16;
const MAX_LABEL_SHARE = 0.3;

export function layoutComposition(input: CompositionInput, options: ChartOptions = {}): CompositionLayout {
  const width = chartWidth(options);
  const title = options.title ?? "Share of transport spend by cohort: yours and the network median";
  const ownLabel = input.ownLabel ?? "You";
  const rows = input.rows.map((row) => ({
    label: row.label,
    own: isDrawable(row.own) ? row.own : null,
    networkMedian: isDrawable(row.networkMedian) ? row.networkMedian : null,
  }));

  if (rows.length === 0) {
    return {
      ...noDataFrame(width, title),
      rows: [],
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      zeroX: 0,
      labelX: 0,
      ticks: [],
      legend: [],
      axisTitle: null,
    };
  }

  const values = rows.flatMap((row) => [row.own, row.networkMedian].filter(isDrawable));
  const domain = barDomain(values);
  const format = valueFormatter("percent", domain);
  const texts = rows.map((row) => ({
    own: { value: row.own ?? 0, text: row.own === null ? `${ownLabel}: not provided` : `${ownLabel}: ${format(row.own)}` },
    median: {
      value: row.networkMedian ?? 0,
      text: row.networkMedian === null ? "Median: no data" : `Median: ${format(row.networkMedian)}`,
    },
  }));

  const legend = layoutLegend(
    [
      { key: "own", label: ownLabel },
      { key: "median", label: "Network median" },
    ] as const,
    width,
    EDGE,
  );
  const labelColumn = Math.min(Math.max(...rows.map((row) => textWidth(row.label, SMALL_FONT_SIZE))), width * MAX_LABEL_SHARE);
  const gutters = valueLabelGutters(
    texts.flatMap((pair) => [pair.own, pair.median]),
    SMALL_FONT_SIZE,
  );
  const plotLeft = EDGE + labelColumn + 2 * LABEL_GAP;
  const plotRight = width - EDGE;
  const barLeft = plotLeft + gutters.left;
  const barRight = plotRight - gutters.right;
  const plotTop = legend.bottom + LINE_HEIGHT / 2;
  const plotBottom = plotTop + rows.length * ROW_STEP;
  const x = niceScale(domain, [barLeft, barRight]);

  const barOf = (value: number | null, text: string, top: number): CompositionBar => {
    const centre = top + BAR_HEIGHT / 2;
    const baseline = px(centre + SMALL_FONT_SIZE / 3);
    if (value === null) {
      return { rect: null, text: { x: px(x(0) + LABEL_GAP), y: baseline, text, anchor: "start" }, provided: false };
    }
    const geometry = barFromZero(x, value);
    return {
      rect: { x: geometry.x, y: px(top), width: geometry.width, height: BAR_HEIGHT },
      text: { x: geometry.labelX, y: baseline, text, anchor: geometry.labelAnchor },
      provided: true,
    };
  };

  const laidOut = rows.map((row, index): CompositionRow => {
    const top = plotTop + index * ROW_STEP + (ROW_STEP - 2 * BAR_HEIGHT - PAIR_GAP) / 2;
    return {
      // Up to three lines: a row is 56px, and on a phone's 102px column "Dearer journeys (real unit cost)" needs three.
      labelLines: wrapText(row.label, labelColumn, SMALL_FONT_SIZE, 3),
      labelY: px(top + BAR_HEIGHT / 2 + SMALL_FONT_SIZE / 3),
      own: barOf(row.own, texts[index]!.own.text, top),
      median: barOf(row.networkMedian, texts[index]!.median.text, top + BAR_HEIGHT + PAIR_GAP),
    };
  });

  const sentences = [
    `${title}: ${pluralise(rows.length, "cohort", "cohorts")}.`,
    ...rows.map((row) => {
      const whose = input.ownLabel === undefined ? "yours" : input.ownLabel;
      const own = row.own === null ? `${whose} not provided` : `${whose} ${format(row.own)}`;
      const median = row.networkMedian === null ? "network median not available" : `network median ${format(row.networkMedian)}`;
      return `${row.label}: ${own}, ${median}.`;
    }),
  ];

  const axisTitle =
    input.metricLabel && values.length > 0 ? axisTitleBelow(input.metricLabel, plotLeft, plotRight, plotBottom, width) : null;
  const height = plotBottom + SMALL_FONT_SIZE + 4 + (axisTitle ? AXIS_TITLE_SPACE : 0) + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    axisTitle,
    rows: laidOut,
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    zeroX: px(x(0)),
    labelX: px(plotLeft - 2 * LABEL_GAP),
    // With no value anywhere the scale means nothing: rows say what is missing and no axis is drawn.
    ticks: values.length > 0 ? linearTicks(x, format, "percent") : [],
    legend: legend.items,
  };
}
