/**
 * Scatter: two metrics for every authority in a round, the network's medians as reference lines,
 * and only the highlighted (the viewer's own) point labelled.
 */
import { median } from "d3-array";
import type { MetricUnit } from "~/domain/metrics";
import {
  EDGE,
  FONT_SIZE,
  LABEL_GAP,
  LINE_HEIGHT,
  NO_DATA_HEIGHT,
  SMALL_FONT_SIZE,
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
  boxesOverlap,
  textBox,
  textWidth,
  truncateText,
  valueFormatter,
  type ChartFrame,
  type ChartOptions,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "../shared";
import { pluralise } from "~/domain/format";

export interface ScatterAxis {
  label: string;
  unit: MetricUnit;
}

export interface ScatterInput {
  x: ScatterAxis;
  y: ScatterAxis;
  points: ReadonlyArray<{
    /** An opaque key: used only to tell points apart, never drawn. */
    id: string;
    x: number;
    y: number;
    highlighted: boolean;
    /** Drawn beside the point only when it is highlighted. */
    label?: string;
  }>;
}

export interface ScatterPoint {
  id: string;
  cx: number;
  cy: number;
  highlighted: boolean;
  /** Present only for a highlighted point that was given a label. */
  label: PlacedText | null;
}

export type ScatterLegendKey = "own" | "network" | "median";

export interface ScatterLayout extends ChartFrame {
  plot: { left: number; right: number; top: number; bottom: number };
  /** Drawn in this order: highlighted points last, so nothing covers them. */
  points: ScatterPoint[];
  xTicks: Tick[];
  yTicks: Tick[];
  medianX: { position: number; label: PlacedText } | null;
  medianY: { position: number; label: PlacedText } | null;
  xTitle: PlacedText | null;
  yTitle: PlacedText | null;
  legend: LegendItem<ScatterLegendKey>[];
}

export const POINT_RADIUS = 4;
const PLOT_HEIGHT = 360;
/** Past this share of the width a label goes left of its point, so it stays inside the plot. */
const FLIP_LABEL_SHARE = 0.7;

const LEGEND: ReadonlyArray<{ key: ScatterLegendKey; label: string }> = [
  { key: "own", label: "You" },
  { key: "network", label: "Other authorities" },
  { key: "median", label: "Network medians" },
];

export function layoutScatter(input: ScatterInput, options: ChartOptions = {}): ScatterLayout {
  const width = chartWidth(options);
  const title = options.title ?? `${input.y.label} against ${input.x.label}`;
  // Markup order follows the values alone, so it cannot echo the order rows arrived in (which might
  // follow names); highlighted points come last, to be drawn on top.
  const points = input.points
    .filter((point) => isDrawable(point.x) && isDrawable(point.y))
    .sort((a, b) => Number(a.highlighted) - Number(b.highlighted) || a.x - b.x || a.y - b.y);

  if (points.length === 0) {
    return {
      ...noDataFrame(width, title),
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      points: [],
      xTicks: [],
      yTicks: [],
      medianX: null,
      medianY: null,
      xTitle: null,
      yTitle: null,
      legend: [],
    };
  }

  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  // median() of a non-empty array of numbers is a number.
  const medians = { x: median(xs) as number, y: median(ys) as number };
  const xDomain = pointDomain(xs);
  const yDomain = pointDomain(ys);
  const formatX = valueFormatter(input.x.unit, xDomain);
  const formatY = valueFormatter(input.y.unit, yDomain);

  const legend = layoutLegend(
    LEGEND.filter((entry) => entry.key !== "own" || points.some((point) => point.highlighted)),
    width,
    EDGE,
  );
  const yTitleY = legend.bottom + LINE_HEIGHT;
  // A row above the plot for the x median's label.
  const plotTop = yTitleY + LINE_HEIGHT + 4;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const y = niceScale(yDomain, [plotBottom, plotTop], "vertical");
  const yTicks = linearTicks(y, formatY, input.y.unit, "vertical");
  const plotLeft = EDGE + Math.max(...yTicks.map((tick) => textWidth(tick.label, SMALL_FONT_SIZE))) + LABEL_GAP;
  // Half an x tick label of room past the right end of the axis.
  const plotRight = width - EDGE - textWidth(formatX(xDomain[1]), SMALL_FONT_SIZE) / 2;
  const x = niceScale(xDomain, [plotLeft, plotRight]);

  const medianXPosition = px(x(medians.x));
  const medianXText = `Median ${formatX(medians.x)}`;
  const medianYPosition = px(y(medians.y));
  const medianXLabel: PlacedText = {
    x: centreWithin(medianXPosition, medianXText, SMALL_FONT_SIZE, EDGE, width - EDGE),
    y: px(plotTop - 4),
    text: medianXText,
    anchor: "middle",
  };
  const medianYLabel: PlacedText = { x: px(plotRight), y: px(medianYPosition - 4), text: `Median ${formatY(medians.y)}`, anchor: "end" };
  const medianBoxes = [textBox(medianXLabel, SMALL_FONT_SIZE), textBox(medianYLabel, SMALL_FONT_SIZE)];

  const laidOut = points.map((point): ScatterPoint => {
    const cx = px(x(point.x));
    const cy = px(y(point.y));
    const label = point.highlighted && point.label ? placePointLabel(point.label, cx, cy, plotLeft, plotRight, plotTop, medianBoxes) : null;
    return { id: point.id, cx, cy, highlighted: point.highlighted, label };
  });

  const highlighted = points.filter((point) => point.highlighted);
  const sentences = [
    `${title}: ${pluralise(points.length, "authority", "authorities")}, ${input.x.label} across and ${input.y.label} up.`,
    `Network medians: ${input.x.label} ${formatX(medians.x)}, ${input.y.label} ${formatY(medians.y)}.`,
    ...highlighted.map(
      (point) => `${point.label ?? "Highlighted"}: ${input.x.label} ${formatX(point.x)}, ${input.y.label} ${formatY(point.y)}.`,
    ),
  ];

  const xTitleCentre = (plotLeft + plotRight) / 2;
  const height = plotBottom + SMALL_FONT_SIZE + 4 + LINE_HEIGHT + 4 + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    points: laidOut,
    xTicks: linearTicks(x, formatX, input.x.unit),
    yTicks,
    medianX: { position: medianXPosition, label: medianXLabel },
    medianY: { position: medianYPosition, label: medianYLabel },
    xTitle: {
      x: px(xTitleCentre),
      y: px(plotBottom + SMALL_FONT_SIZE + 4 + LINE_HEIGHT + 2),
      text: truncateText(input.x.label, 2 * Math.min(xTitleCentre - EDGE, width - EDGE - xTitleCentre), FONT_SIZE),
      anchor: "middle",
    },
    yTitle: { x: EDGE, y: px(yTitleY), text: truncateText(input.y.label, width - 2 * EDGE, FONT_SIZE), anchor: "start" },
    legend: legend.items,
  };
}

/**
 * The own point's name: beside it, on the side with more room (left past FLIP_LABEL_SHARE of the
 * plot), above it or, at the top of the plot, below; where that would cover a median's label, the
 * other side or the other way up, whichever is first clear.
 */
function placePointLabel(
  text: string,
  cx: number,
  cy: number,
  plotLeft: number,
  plotRight: number,
  plotTop: number,
  avoid: ReadonlyArray<ReturnType<typeof textBox>>,
): PlacedText {
  const flip = cx > plotLeft + (plotRight - plotLeft) * FLIP_LABEL_SHARE;
  const above = px(cy - 2 * LABEL_GAP);
  const below = px(cy + FONT_SIZE + 2 * LABEL_GAP);
  const sides = flip ? (["end", "start"] as const) : (["start", "end"] as const);
  const heights = above < plotTop + FONT_SIZE ? [below, above] : [above, below];
  const candidates = heights.flatMap((labelY) =>
    sides.map((anchor): PlacedText => {
      const room = anchor === "end" ? cx - plotLeft - 2 * LABEL_GAP : plotRight - cx - 2 * LABEL_GAP;
      return {
        x: px(anchor === "end" ? cx - 2 * LABEL_GAP : cx + 2 * LABEL_GAP),
        y: labelY,
        text: truncateText(text, room, FONT_SIZE),
        anchor,
      };
    }),
  );
  // Another place only if it keeps as much of the name as the first (the side with more room).
  const kept = candidates[0]!.text.length;
  const clear = (candidate: PlacedText) =>
    candidate.text.length >= kept &&
    candidate.y - FONT_SIZE >= plotTop - 0.01 &&
    avoid.every((box) => !boxesOverlap(textBox(candidate, FONT_SIZE), box));
  return candidates.find(clear) ?? candidates[0]!;
}
