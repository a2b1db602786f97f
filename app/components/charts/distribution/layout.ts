/**
 * Distribution: one horizontal box plot per group (a cohort, say) — lowest to highest as whiskers,
 * the middle half as a box, the median as a line — with the viewer's own value as a diamond.
 */
import type { MetricUnit } from "~/domain/metrics";
import {
  AXIS_TITLE_SPACE,
  EDGE,
  END_TICK_MARGIN,
  GROUP_ROW_STEP,
  LABEL_GAP,
  LINE_HEIGHT,
  NO_DATA_HEIGHT,
  SMALL_FONT_SIZE,
  axisTitleBelow,
  chartWidth,
  frameOf,
  groupRowLabel,
  isDrawable,
  layoutLegend,
  linearTicks,
  niceScale,
  noDataFrame,
  pointDomain,
  px,
  textWidth,
  valueFormatter,
  type ChartFrame,
  type ChartOptions,
  type GroupRowLabel,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "../shared";
import { pluralise } from "~/domain/format";

/** A group's spread. Lowest and highest are optional: views for members and regional viewers never give them (each is one council's value). */
export interface DistributionStats {
  n: number;
  min?: number;
  q1: number;
  median: number;
  q3: number;
  max?: number;
}

export interface DistributionInput {
  unit: MetricUnit;
  groups: ReadonlyArray<{ label: string; stats: DistributionStats | null; own: number | null }>;
  /** The metric's name, written under the axis. */
  metricLabel?: string;
}

export interface DistributionBox {
  /** Whisker from the lowest to the highest value, when they are given. */
  minX: number | null;
  maxX: number | null;
  /** The box: from the lower quartile, as wide as the middle half. */
  q1X: number;
  boxWidth: number;
  medianX: number;
}

export interface DistributionRow {
  /** The group's name, wrapped, and "12 authorities" under it. */
  label: GroupRowLabel;
  /** Vertical centre of the box and the own marker. */
  centreY: number;
  box: DistributionBox | null;
  /** Where the viewer's own value is marked; null when they did not provide it. */
  ownX: number | null;
  /**
   * The viewer's own value in words, in the right-hand column: "You: £9,120". Null when no group
   * has an own value (a regional viewer or a coordinator has none), so there is no such column.
   */
  ownText: string | null;
  /** Where "No data" is written when the group has no statistics. */
  noDataX: number | null;
}

export type DistributionLegendKey = "own" | "box" | "whisker";

export interface DistributionLayout extends ChartFrame {
  rows: DistributionRow[];
  plot: { left: number; right: number; top: number; bottom: number };
  /** Box height; whisker caps are half as tall. */
  boxHeight: number;
  labelX: number;
  ownTextX: number;
  ticks: Tick[];
  legend: LegendItem<DistributionLegendKey>[];
  axisTitle: PlacedText | null;
}

const BOX_HEIGHT = 24;
const MAX_LABEL_SHARE = 0.3;
/** The plot never gets narrower than this share of the chart, nor than 160 on a wide one. */
const MIN_PLOT_SHARE = 0.3;
const MIN_PLOT_WIDTH = 160;

const LEGEND: ReadonlyArray<{ key: DistributionLegendKey; label: string }> = [
  { key: "own", label: "Your value" },
  { key: "box", label: "Middle half, with the median as a line" },
  { key: "whisker", label: "Lowest to highest" },
];

export function layoutDistribution(input: DistributionInput, options: ChartOptions = {}): DistributionLayout {
  const width = chartWidth(options);

  const groups = input.groups.map((group) => {
    const stats = group.stats;
    const drawable =
      stats !== null &&
      [stats.q1, stats.median, stats.q3].every((value) => isDrawable(value)) &&
      [stats.min, stats.max].every((value) => value === undefined || isDrawable(value));
    return { label: group.label, stats: drawable ? stats : null, own: isDrawable(group.own) ? group.own : null };
  });

  const anyOwn = groups.some((group) => group.own !== null);
  const title = options.title ?? `Spread of values by group${anyOwn ? ", with your value marked" : ""}`;

  if (groups.length === 0) {
    return {
      ...noDataFrame(width, title),
      rows: [],
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      boxHeight: BOX_HEIGHT,
      labelX: 0,
      ownTextX: 0,
      ticks: [],
      legend: [],
      axisTitle: null,
    };
  }

  const values = groups.flatMap((group) => [
    ...(group.stats ? [group.stats.min ?? group.stats.q1, group.stats.max ?? group.stats.q3] : []),
    ...(group.own === null ? [] : [group.own]),
  ]);
  const domain = pointDomain(values);
  const format = valueFormatter(input.unit, domain);
  const ownTexts = groups.map((group) => (anyOwn ? (group.own === null ? "You: not provided" : `You: ${format(group.own)}`) : null));

  // With no value anywhere the scale means nothing: rows say "No data", and no axis or legend is drawn.
  const anyValue = values.length > 0;
  const legend = layoutLegend(
    LEGEND.filter(
      (entry) =>
        anyValue && (entry.key !== "own" || anyOwn) && (entry.key !== "whisker" || groups.some((group) => group.stats?.min !== undefined)),
    ),
    width,
    EDGE,
  );
  const labelColumn = Math.min(Math.max(...groups.map((group) => textWidth(group.label, SMALL_FONT_SIZE))), width * MAX_LABEL_SHARE);
  const ownColumn = anyOwn ? Math.max(...ownTexts.map((text) => textWidth(text ?? "", SMALL_FONT_SIZE))) + 3 * LABEL_GAP : 0;
  const plotLeft = EDGE + labelColumn + 2 * LABEL_GAP;
  // Past the right-hand column there is still room for half of the last tick's label.
  const plotRight = Math.max(
    plotLeft + Math.min(MIN_PLOT_WIDTH, width * MIN_PLOT_SHARE),
    width - EDGE - Math.max(ownColumn, END_TICK_MARGIN),
  );
  const plotTop = legend.bottom + LINE_HEIGHT / 2;
  const plotBottom = plotTop + groups.length * GROUP_ROW_STEP;
  const x = niceScale(domain, [plotLeft, plotRight]);

  const rows = groups.map((group, index): DistributionRow => {
    const rowTop = plotTop + index * GROUP_ROW_STEP;
    const stats = group.stats;
    return {
      label: groupRowLabel(group.label, stats ? pluralise(stats.n, "authority", "authorities") : null, labelColumn, rowTop),
      centreY: px(rowTop + GROUP_ROW_STEP / 2),
      box: stats
        ? {
            minX: stats.min === undefined ? null : px(x(stats.min)),
            maxX: stats.max === undefined ? null : px(x(stats.max)),
            q1X: px(x(stats.q1)),
            boxWidth: px(x(stats.q3) - x(stats.q1)),
            medianX: px(x(stats.median)),
          }
        : null,
      ownX: group.own === null ? null : px(x(group.own)),
      ownText: ownTexts[index]!,
      noDataX: stats ? null : px((plotLeft + plotRight) / 2),
    };
  });

  const sentences = [
    `${title}: ${pluralise(groups.length, "group", "groups")}.`,
    ...groups.map((group) => {
      const stats = group.stats;
      const network = stats
        ? `${pluralise(stats.n, "authority", "authorities")}; median ${format(stats.median)}, middle half ${format(
            stats.q1,
          )} to ${format(stats.q3)}${stats.min === undefined || stats.max === undefined ? "" : `, lowest ${format(stats.min)}, highest ${format(stats.max)}`}`
        : "no data";
      const own = !anyOwn ? "" : group.own === null ? "; your value not provided" : `; your value ${format(group.own)}`;
      return `${group.label}: ${network}${own}.`;
    }),
  ];

  const axisTitle = input.metricLabel && anyValue ? axisTitleBelow(input.metricLabel, plotLeft, plotRight, plotBottom, width) : null;
  const height = plotBottom + SMALL_FONT_SIZE + 4 + (axisTitle ? AXIS_TITLE_SPACE : 0) + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    rows,
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    boxHeight: BOX_HEIGHT,
    labelX: px(plotLeft - 2 * LABEL_GAP),
    ownTextX: px(plotRight + 3 * LABEL_GAP),
    ticks: anyValue ? linearTicks(x, format, input.unit) : [],
    legend: legend.items,
    axisTitle,
  };
}
