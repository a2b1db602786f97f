/**
 * Trend: the viewer's own value round by round against the network's middle half (lower to upper
 * quartile, a band) and median. Members see only their own line (domain spec §5).
 */
import { area, line } from "d3-shape";
import type { MetricUnit } from "~/domain/metrics";
import {
  EDGE,
  LABEL_GAP,
  NO_DATA_HEIGHT,
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
  valueFormatter,
  yearPoints,
  type ChartFrame,
  type ChartOptions,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "../shared";
import { pluralise } from "~/domain/format";

export interface TrendPoint {
  /** The round's financial year, e.g. "2024-25". */
  year: string;
  own: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
}

export interface TrendInput {
  unit: MetricUnit;
  points: ReadonlyArray<TrendPoint>;
}

export type TrendLegendKey = "own" | "median" | "band";

export interface TrendLayout extends ChartFrame {
  plot: { left: number; right: number; top: number; bottom: number };
  ticks: Tick[];
  years: Array<{ label: string; x: number }>;
  /** SVG path data; empty when there is nothing to draw. Gaps where a round has no value. */
  bandPath: string;
  q1Path: string;
  q3Path: string;
  medianPath: string;
  ownPath: string;
  /**
   * A round whose neighbours have no band draws a zero-width area, which is invisible, so such
   * rounds get a narrow box and a median tick instead.
   */
  isolatedBands: Array<{ x: number; y: number; width: number; height: number }>;
  isolatedMedians: Array<{ x1: number; x2: number; y: number }>;
  ownPoints: Array<{ x: number; y: number }>;
  /** The latest own value, written beside its point. */
  ownLabel: PlacedText | null;
  legend: LegendItem<TrendLegendKey>[];
}

const PLOT_HEIGHT = 260;
const ISOLATED_WIDTH = 16;

const LEGEND: ReadonlyArray<{ key: TrendLegendKey; label: string }> = [
  { key: "own", label: "Your value" },
  { key: "median", label: "Network median" },
  { key: "band", label: "Network middle half (lower to upper quartile)" },
];

function clean(point: TrendPoint): TrendPoint {
  const keep = (value: number | null) => (isDrawable(value) ? value : null);
  return { year: point.year, own: keep(point.own), q1: keep(point.q1), median: keep(point.median), q3: keep(point.q3) };
}

/** Indexes whose value is defined while both neighbours' are not. */
function isolated<T>(items: readonly T[], defined: (item: T) => boolean): number[] {
  return items.flatMap((item, index) => {
    const before = index > 0 && defined(items[index - 1]!);
    const after = index < items.length - 1 && defined(items[index + 1]!);
    return defined(item) && !before && !after ? [index] : [];
  });
}

export function layoutTrend(input: TrendInput, options: ChartOptions = {}): TrendLayout {
  const width = chartWidth(options);
  const title = options.title ?? "Your value by year against the network's median and middle half";
  const points = input.points.map(clean);
  const values = points.flatMap((point) => [point.own, point.q1, point.median, point.q3].filter(isDrawable));

  if (values.length === 0) {
    return {
      ...noDataFrame(width, title),
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      ticks: [],
      years: [],
      bandPath: "",
      q1Path: "",
      q3Path: "",
      medianPath: "",
      ownPath: "",
      isolatedBands: [],
      isolatedMedians: [],
      ownPoints: [],
      ownLabel: null,
      legend: [],
    };
  }

  const domain = pointDomain(values);
  const format = valueFormatter(input.unit, domain);
  const legend = layoutLegend(LEGEND, width, EDGE);
  const {
    y,
    ticks,
    top: plotTop,
    bottom: plotBottom,
    left: plotLeft,
  } = valueAxisUnderLegend(domain, format, input.unit, legend.bottom, PLOT_HEIGHT);

  const indexed = points.map((point, index) => ({ ...point, index }));
  type Indexed = (typeof indexed)[number];
  const withOwn = indexed.filter((point) => point.own !== null);
  const latestOwn = withOwn[withOwn.length - 1];
  const ownLabelText = latestOwn ? format(latestOwn.own!) : "";
  const plotRight = width - EDGE - (latestOwn ? textWidth(ownLabelText, SMALL_FONT_SIZE) + 2 * LABEL_GAP : 0);
  // Year labels are thinned out when they would overlap: every k-th is drawn.
  const yearWidth = Math.max(...points.map((point) => textWidth(point.year, SMALL_FONT_SIZE)));
  const { xOf, labelEvery: every } = yearPoints(points.length, plotLeft, plotRight, yearWidth);

  const hasBand = (point: TrendPoint) => point.q1 !== null && point.q3 !== null;
  const pathOf = (key: "own" | "median" | "q1" | "q3") =>
    line<Indexed>()
      .defined((point) => point[key] !== null)
      .x((point) => xOf(point.index))
      .y((point) => px(y(point[key]!)))(indexed) ?? "";
  const bandPath =
    area<Indexed>()
      .defined(hasBand)
      .x((point) => xOf(point.index))
      .y0((point) => px(y(point.q1!)))
      .y1((point) => px(y(point.q3!)))(indexed) ?? "";

  const sentences = [
    `${title}: ${pluralise(points.length, "year", "years")}.`,
    ...points.map((point) => {
      const own = point.own === null ? "your value not provided" : `your value ${format(point.own)}`;
      const median = point.median === null ? "network median not available" : `network median ${format(point.median)}`;
      const band = hasBand(point) ? `, middle half ${format(point.q1!)} to ${format(point.q3!)}` : "";
      return `${point.year}: ${own}; ${median}${band}.`;
    }),
  ];

  const height = plotBottom + SMALL_FONT_SIZE + 4 + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    ticks,
    years: points.flatMap((point, index) => (index % every === 0 ? [{ label: point.year, x: xOf(index) }] : [])),
    bandPath,
    q1Path: pathOf("q1"),
    q3Path: pathOf("q3"),
    medianPath: pathOf("median"),
    ownPath: pathOf("own"),
    isolatedBands: isolated(indexed, hasBand).map((index) => {
      const point = indexed[index]!;
      const [lower, upper] = [y(point.q1!), y(point.q3!)];
      return {
        x: px(xOf(index) - ISOLATED_WIDTH / 2),
        y: px(Math.min(lower, upper)),
        width: ISOLATED_WIDTH,
        height: px(Math.abs(lower - upper)),
      };
    }),
    isolatedMedians: isolated(indexed, (point) => point.median !== null).map((index) => ({
      x1: px(xOf(index) - ISOLATED_WIDTH / 2),
      x2: px(xOf(index) + ISOLATED_WIDTH / 2),
      y: px(y(indexed[index]!.median!)),
    })),
    ownPoints: withOwn.map((point) => ({ x: xOf(point.index), y: px(y(point.own!)) })),
    // Level with its point: the baseline sits a third of the text height below the centre.
    ownLabel: latestOwn
      ? {
          x: px(xOf(latestOwn.index) + 2 * LABEL_GAP),
          y: px(y(latestOwn.own!) + SMALL_FONT_SIZE / 3),
          text: ownLabelText,
          anchor: "start",
        }
      : null,
    legend: legend.items,
  };
}
