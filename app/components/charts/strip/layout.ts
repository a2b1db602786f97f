/**
 * Strip chart: one metric across a round as one dot per authority along a single axis, dots that
 * would overlap stacked upwards, over the network's middle half (a shaded band) and median, with
 * the viewer's own value as a diamond named above the dots. It replaces a ranking of 150-odd bars:
 * the whole network fits in a couple of hundred pixels, the axis need not start at zero, and the
 * only text inside the plot is the own value's name, on a line of its own, so nothing overlaps.
 * Every value, label and rank is in the table beside the chart.
 */
import type { MetricUnit } from "~/domain/metrics";
import {
  AXIS_TITLE_SPACE,
  EDGE,
  FONT_SIZE,
  LINE_HEIGHT,
  NO_DATA_HEIGHT,
  SMALL_FONT_SIZE,
  axisTitleBelow,
  centreWithin,
  chartWidth,
  frameOf,
  isDrawable,
  layoutLegend,
  linearTicks,
  niceScale,
  noDataFrame,
  pointDomain,
  px,
  valueFormatter,
  type ChartFrame,
  type ChartOptions,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "../shared";
import { pluralise } from "~/domain/format";

export interface StripInput {
  metricLabel: string;
  unit: MetricUnit;
  points: ReadonlyArray<{
    /** An opaque key: used only to tell points apart, never drawn. */
    id: string;
    /** The viewer's own authority's name for their own point; other labels are never drawn. */
    label: string;
    value: number;
    own: boolean;
  }>;
  stats: { q1: number; median: number; q3: number } | null;
}

export interface StripDot {
  id: string;
  cx: number;
  cy: number;
  /** 0 on the axis, counting up the stack. */
  level: number;
}

export type StripLegendKey = "own" | "dot" | "band" | "median";

export interface StripLayout extends ChartFrame {
  dots: StripDot[];
  dotRadius: number;
  /** The viewer's own value: a diamond above the dots, its name over it and a line down to the axis. */
  own: { x: number; markerY: number; lineTop: number; label: PlacedText } | null;
  band: { x: number; width: number } | null;
  medianX: number | null;
  plot: { left: number; right: number; top: number; bottom: number };
  ticks: Tick[];
  legend: LegendItem<StripLegendKey>[];
  axisTitle: PlacedText | null;
}

/** Dot diameter: two dots closer than this on the axis go on different levels of the stack. */
export const DOT_DIAMETER = 6;
/** Height of the lane above the dots that holds the own value's diamond. */
const OWN_LANE = 18;

/**
 * Stacks dots along an axis so that none overlaps another: in order of position, each dot goes on
 * the lowest level whose last dot is at least `diameter` to its left. Positions are exact (never
 * moved sideways), so a dot's place on the axis is its value. Returns each dot's level, in input order.
 */
export function stackDots(positions: readonly number[], diameter: number): number[] {
  const order = positions.map((x, index) => ({ x, index })).sort((a, b) => a.x - b.x || a.index - b.index);
  const lastOnLevel: number[] = [];
  const levels = new Array<number>(positions.length);
  for (const { x, index } of order) {
    let level = lastOnLevel.findIndex((last) => x - last >= diameter);
    if (level === -1) level = lastOnLevel.length;
    lastOnLevel[level] = x;
    levels[index] = level;
  }
  return levels;
}

export function layoutStrip(input: StripInput, options: ChartOptions = {}): StripLayout {
  const width = chartWidth(options);
  const title = options.title ?? `${input.metricLabel}: every authority`;
  const points = input.points.filter((point) => isDrawable(point.value));
  const stats =
    input.stats && isDrawable(input.stats.q1) && isDrawable(input.stats.median) && isDrawable(input.stats.q3) ? input.stats : null;

  if (points.length === 0) {
    return {
      ...noDataFrame(width, title),
      dots: [],
      dotRadius: DOT_DIAMETER / 2,
      own: null,
      band: null,
      medianX: null,
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      ticks: [],
      legend: [],
      axisTitle: null,
    };
  }

  const values = points.map((point) => point.value);
  const domain = pointDomain(stats ? [...values, stats.q1, stats.median, stats.q3] : values);
  const format = valueFormatter(input.unit, domain);
  const ownPoint = points.find((point) => point.own) ?? null;
  const others = points.filter((point) => !point.own);

  const legend = layoutLegend(
    [
      ...(ownPoint ? [{ key: "own" as const, label: "Your value" }] : []),
      { key: "dot" as const, label: ownPoint ? "Another authority" : "One authority" },
      ...(stats
        ? [
            { key: "band" as const, label: `Middle half: ${format(stats.q1)} to ${format(stats.q3)}` },
            { key: "median" as const, label: `Median ${format(stats.median)}` },
          ]
        : []),
    ],
    width,
    EDGE,
  );

  // Half a tick label of room at either end, so the first and last ticks' labels stay inside.
  const plotLeft = EDGE + 30;
  const plotRight = width - EDGE - 30;
  const x = niceScale(domain, [plotLeft, plotRight]);

  const levels = stackDots(
    others.map((point) => x(point.value)),
    DOT_DIAMETER,
  );
  const topLevel = Math.max(0, ...levels);
  const ownLabelRow = ownPoint ? LINE_HEIGHT + 4 : 0;
  const plotTop = legend.bottom + LINE_HEIGHT / 2 + ownLabelRow;
  const dotsTop = plotTop + (ownPoint ? OWN_LANE : 0);
  const plotBottom = dotsTop + (topLevel + 1) * DOT_DIAMETER + 4;

  const dots = others.map((point, index): StripDot => ({
    id: point.id,
    cx: px(x(point.value)),
    // Level 0 sits just above the axis; each level one diameter higher.
    cy: px(plotBottom - 2 - DOT_DIAMETER / 2 - levels[index]! * DOT_DIAMETER),
    level: levels[index]!,
  }));

  const ownText = ownPoint ? `${ownPoint.label}: ${format(ownPoint.value)}` : "";
  const own = ownPoint
    ? {
        x: px(x(ownPoint.value)),
        markerY: px(plotTop + OWN_LANE / 2),
        lineTop: px(plotTop + OWN_LANE / 2),
        label: {
          x: centreWithin(x(ownPoint.value), ownText, FONT_SIZE, EDGE, width - EDGE),
          y: px(plotTop - 6),
          text: ownText,
          anchor: "middle" as const,
        },
      }
    : null;

  const sorted = [...values].sort((a, b) => a - b);
  const ownRank = ownPoint ? sorted.filter((value) => value < ownPoint.value).length + 1 : null;
  const sentences = [
    `${title}: ${pluralise(points.length, "authority", "authorities")}, one dot each.`,
    ...(ownPoint ? [`${ownPoint.label}: ${format(ownPoint.value)}, ranked ${ownRank} of ${points.length} from the lowest.`] : []),
    `Lowest ${format(sorted[0]!)}, highest ${format(sorted[sorted.length - 1]!)}.`,
    ...(stats ? [`Median ${format(stats.median)}; middle half ${format(stats.q1)} to ${format(stats.q3)}.`] : []),
  ];

  const axisTitle = axisTitleBelow(input.metricLabel, plotLeft, plotRight, plotBottom, width);
  const height = plotBottom + SMALL_FONT_SIZE + 4 + AXIS_TITLE_SPACE + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    dots,
    dotRadius: DOT_DIAMETER / 2,
    own,
    band: stats ? { x: px(x(stats.q1)), width: px(x(stats.q3) - x(stats.q1)) } : null,
    medianX: stats ? px(x(stats.median)) : null,
    plot: { left: px(plotLeft), right: px(plotRight), top: px(dotsTop), bottom: px(plotBottom) },
    ticks: linearTicks(x, format, input.unit),
    legend: legend.items,
    axisTitle,
  };
}
