/**
 * Group comparison: regions or other groups side by side, each as its middle half (a box from the
 * lower to the upper quartile) and median. A group too small to show (domain spec §5) keeps its row,
 * which says it is suppressed: leaving it out would hide that the group exists.
 *
 * Labels sit in a column left of the boxes; where a label would not fit that column in two lines (a
 * phone's width, long policy names) every label goes on its own line above its box instead. No text
 * is ever crossed by another or by the own value's line: a median label moves to the other side of
 * its box or under it, and the line has a gap where text must still sit across it.
 */
import type { MetricUnit } from "~/domain/metrics";
import {
  AXIS_TITLE_SPACE,
  EDGE,
  END_TICK_MARGIN,
  GROUP_ROW_STEP,
  LABEL_GAP,
  LINE_HEIGHT,
  NO_DATA,
  NO_DATA_HEIGHT,
  SMALL_FONT_SIZE,
  axisTitleBelow,
  centreWithin,
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
  textBox,
  textWidth,
  valueFormatter,
  wrapText,
  type ChartFrame,
  type ChartOptions,
  type GroupRowLabel,
  type LegendItem,
  type PlacedText,
  type TextAnchor,
  type Tick,
} from "../shared";
import { pluralise } from "~/domain/format";

export interface GroupComparisonInput {
  unit: MetricUnit;
  groups: ReadonlyArray<{
    label: string;
    /** Approved returns contributing to the group. */
    n: number;
    suppressed: boolean;
    /** Why a suppressed group is suppressed, when not for being too small (domain/disclosure). */
    message?: string | null;
    stats: { q1: number; median: number; q3: number } | null;
    /** The viewer's own group. */
    highlighted?: boolean;
  }>;
  /** MIN_GROUP_SIZE: groups with fewer contributing returns are suppressed. */
  minGroupSize: number;
  /** What the legend calls the highlighted rows; "Your group" unless a page says otherwise. */
  ownLabel?: string;
  /** The viewer's own value, drawn as a line across every group with its name above: a member's own authority. */
  own?: { label: string; value: number } | null;
  /** The metric's name, written under the axis. */
  metricLabel?: string;
}

export interface GroupComparisonRow {
  label: GroupRowLabel;
  highlighted: boolean;
  suppressed: boolean;
  centreY: number;
  /** The middle half as a box, with the median's position; null when suppressed or without data. */
  box: { x: number; width: number; medianX: number } | null;
  /** "Median £8,000": right of the box, or left of it or under it where the own value's line would cross it. */
  medianText: PlacedText | null;
  /** What stands in for the box, a line or two: the suppression notice, or "No data". */
  message: PlacedText[];
}

export type GroupComparisonLegendKey = "own" | "box" | "ownValue";

export interface GroupComparisonLayout extends ChartFrame {
  rows: GroupComparisonRow[];
  plot: { left: number; right: number; top: number; bottom: number };
  boxHeight: number;
  /** Where group labels are anchored: right-aligned in a column beside the boxes, or left-aligned above them. */
  labelX: number;
  labelAnchor: Extract<TextAnchor, "start" | "end">;
  ticks: Tick[];
  legend: LegendItem<GroupComparisonLegendKey>[];
  /**
   * The viewer's own value: a line from under its label (its diamond at `markerY`) to the bottom of
   * the rows, drawn as `segments` — gaps where it would cross text.
   */
  ownLine: {
    x: number;
    top: number;
    markerY: number;
    bottom: number;
    segments: Array<{ top: number; bottom: number }>;
    label: PlacedText;
  } | null;
  axisTitle: PlacedText | null;
}

const BOX_HEIGHT = 24;
const MAX_LABEL_SHARE = 0.3;
/** Space kept between the own value's line and text beside it. */
const LINE_CLEARANCE = 4;
/** Labels above their boxes: the gap under the label, and the room under the box for a median moved there. */
const ABOVE_LABEL_GAP = 8;
const UNDER_BOX = SMALL_FONT_SIZE + 7;
/** Room for the own value's diamond above the rows when labels sit above the boxes. */
const OWN_MARKER_ROOM = 18;

export function suppressionNotice(minGroupSize: number): string {
  return `suppressed: fewer than ${minGroupSize} authorities`;
}

function crossedBy(lineX: number | null, text: PlacedText): boolean {
  if (lineX === null) return false;
  const box = textBox(text, SMALL_FONT_SIZE);
  return lineX > box.left - LINE_CLEARANCE && lineX < box.right + LINE_CLEARANCE;
}

function inside(text: PlacedText, left: number, right: number): boolean {
  const box = textBox(text, SMALL_FONT_SIZE);
  return box.left >= left - 0.01 && box.right <= right + 0.01;
}

const placed = (x: number, y: number, text: string, anchor: TextAnchor): PlacedText => ({ x: px(x), y: px(y), text, anchor });

/**
 * Where a row's median label goes: right of its box; where the own value's line would cross it
 * there, left of the box, or under it (centred on the median, else either side of the line).
 */
function placeMedianText(
  text: string,
  box: { left: number; right: number; median: number },
  centreY: number,
  ownX: number | null,
  bounds: { left: number; right: number },
): PlacedText {
  const beside = centreY + SMALL_FONT_SIZE / 3;
  const under = centreY + BOX_HEIGHT / 2 + SMALL_FONT_SIZE + 1;
  const half = textWidth(text, SMALL_FONT_SIZE) / 2;
  const candidates = [
    placed(box.right + LABEL_GAP, beside, text, "start"),
    placed(box.left - LABEL_GAP, beside, text, "end"),
    placed(Math.min(Math.max(box.median, bounds.left + half), bounds.right - half), under, text, "middle"),
    ...(ownX === null ? [] : [placed(ownX + LABEL_GAP, under, text, "start"), placed(ownX - LABEL_GAP, under, text, "end")]),
  ];
  return candidates.find((c) => inside(c, bounds.left, bounds.right) && !crossedBy(ownX, c)) ?? candidates[0]!;
}

/**
 * A suppression notice or "No data" in the row's space, in one or two lines, clear of the own
 * value's line where it can be: across the plot, else right of the line, else left of it.
 */
function placeMessage(text: string, centreY: number, ownX: number | null, bounds: { left: number; right: number }): PlacedText[] {
  const regions = [
    bounds,
    ...(ownX === null
      ? []
      : [
          { left: ownX + LABEL_GAP, right: bounds.right },
          { left: bounds.left, right: ownX - LABEL_GAP },
        ]),
  ];
  const whole = text.split(/\s+/).join(" ");
  const laidOut = regions
    .filter((region) => region.right > region.left)
    .map((region) => {
      const lines = wrapText(text, region.right - region.left, SMALL_FONT_SIZE, 2);
      const first = centreY + SMALL_FONT_SIZE / 3 - ((lines.length - 1) * LINE_HEIGHT) / 2;
      const placedLines = lines.map((line, index) => placed(region.left, first + index * LINE_HEIGHT, line, "start"));
      return { placedLines, whole: lines.join(" ") === whole };
    });
  const clear = laidOut.find((option) => option.whole && option.placedLines.every((line) => !crossedBy(ownX, line)));
  return (clear ?? laidOut[0]!).placedLines;
}

export function layoutGroupComparison(input: GroupComparisonInput, options: ChartOptions = {}): GroupComparisonLayout {
  const width = chartWidth(options);
  const title = options.title ?? "Median and middle half by group";
  const notice = suppressionNotice(input.minGroupSize);
  const groups = input.groups.map((group) => {
    // The rule is applied upstream; applying it again here means a slip there still cannot draw a
    // small group, nor let its values stretch the axis.
    const suppressed = group.suppressed || group.n < input.minGroupSize;
    const stats = group.stats;
    const drawable = !suppressed && stats !== null && isDrawable(stats.q1) && isDrawable(stats.median) && isDrawable(stats.q3);
    return {
      label: group.label,
      n: group.n,
      notice: group.message ?? notice,
      suppressed,
      highlighted: group.highlighted === true,
      stats: drawable ? stats : null,
    };
  });

  if (groups.length === 0) {
    return {
      ...noDataFrame(width, title),
      rows: [],
      plot: { left: 0, right: width, top: 0, bottom: NO_DATA_HEIGHT },
      boxHeight: BOX_HEIGHT,
      labelX: 0,
      labelAnchor: "end",
      ticks: [],
      legend: [],
      ownLine: null,
      axisTitle: null,
    };
  }

  const own = input.own && isDrawable(input.own.value) ? input.own : null;
  const values = groups.flatMap((group) => (group.stats ? [group.stats.q1, group.stats.median, group.stats.q3] : []));
  const domain = pointDomain(own && values.length > 0 ? [...values, own.value] : values);
  const format = valueFormatter(input.unit, domain);
  const medianTexts = groups.map((group) => (group.stats ? `Median ${format(group.stats.median)}` : ""));

  const legend = layoutLegend(
    [
      { key: "box" as const, label: "Middle half, with the median as a line" },
      ...(groups.some((group) => group.highlighted) ? [{ key: "own" as const, label: input.ownLabel ?? "Your group" }] : []),
      ...(own && values.length > 0 ? [{ key: "ownValue" as const, label: "Your value" }] : []),
    ],
    width,
    EDGE,
  );
  const labelColumn = Math.min(Math.max(...groups.map((group) => textWidth(group.label, SMALL_FONT_SIZE))), width * MAX_LABEL_SHARE);
  // Beside the boxes while every label fits the column in two lines; otherwise above them, at full width.
  const besideFits = groups.every(
    (group) => wrapText(group.label, labelColumn, SMALL_FONT_SIZE, 2).join(" ") === group.label.split(/\s+/).join(" "),
  );
  const above = !besideFits;
  const plotLeft = above ? EDGE + END_TICK_MARGIN : EDGE + labelColumn + 2 * LABEL_GAP;
  const plotRight = width - EDGE - Math.max(...medianTexts.map((text) => textWidth(text, SMALL_FONT_SIZE))) - LABEL_GAP;
  // The own value's name goes on a line of its own above the rows, so it crosses no box or label;
  // with labels above the boxes its diamond goes there too, clear of the first label.
  const ownRow = own && values.length > 0 ? LINE_HEIGHT + 4 + (above ? OWN_MARKER_ROOM : 0) : 0;
  const plotTop = legend.bottom + LINE_HEIGHT / 2 + ownRow;
  const x = niceScale(domain, [plotLeft, plotRight]);
  const ownX = own && values.length > 0 ? px(x(own.value)) : null;
  const labelX = above ? EDGE : plotLeft - 2 * LABEL_GAP;
  const textBounds = { left: above ? EDGE : plotLeft, right: width - EDGE };

  let rowTop = plotTop;
  const rows = groups.map((group, index): GroupComparisonRow => {
    const stats = group.stats;
    const count = group.suppressed ? null : pluralise(group.n, "authority", "authorities");
    const label = groupRowLabel(group.label, count, above ? width - 2 * EDGE : labelColumn, rowTop);
    const labelBlock = above ? (label.lines.length + (count === null ? 0 : 1)) * LINE_HEIGHT + ABOVE_LABEL_GAP : 0;
    const rowHeight = above ? labelBlock + BOX_HEIGHT + UNDER_BOX : GROUP_ROW_STEP;
    const centreY = px(above ? rowTop + labelBlock + BOX_HEIGHT / 2 : rowTop + GROUP_ROW_STEP / 2);
    rowTop += rowHeight;
    const box = stats
      ? { x: px(x(Math.min(stats.q1, stats.q3))), width: px(Math.abs(x(stats.q3) - x(stats.q1))), medianX: px(x(stats.median)) }
      : null;
    return {
      label,
      highlighted: group.highlighted,
      suppressed: group.suppressed,
      centreY,
      box,
      medianText:
        stats && box
          ? placeMedianText(medianTexts[index]!, { left: box.x, right: box.x + box.width, median: box.medianX }, centreY, ownX, textBounds)
          : null,
      message: stats
        ? []
        : placeMessage(group.suppressed ? group.notice : NO_DATA, centreY, ownX, {
            left: above ? EDGE : plotLeft + LABEL_GAP,
            right: width - EDGE,
          }),
    };
  });
  const plotBottom = rowTop;

  const ownText = own ? `${own.label}: ${format(own.value)}` : "";
  const lineTop = above ? plotTop - OWN_MARKER_ROOM / 2 : plotTop;
  const ownLine =
    own && ownX !== null
      ? {
          x: ownX,
          top: px(lineTop),
          markerY: px(above ? plotTop - OWN_MARKER_ROOM / 2 : plotTop + 7),
          bottom: px(plotBottom),
          segments: lineSegments(ownX, lineTop, plotBottom, rowTexts(rows, labelX, above ? "start" : "end")),
          label: {
            x: centreWithin(ownX, ownText, SMALL_FONT_SIZE, EDGE, width - EDGE),
            y: px(plotTop - 6 - (above ? OWN_MARKER_ROOM : 0)),
            text: ownText,
            anchor: "middle" as const,
          },
        }
      : null;

  const sentences = [
    `${title}: ${pluralise(groups.length, "group", "groups")}.`,
    ...(ownLine ? [`${ownText}.`] : []),
    ...groups.map((group) => {
      const detail = group.suppressed
        ? group.notice
        : group.stats
          ? `${pluralise(group.n, "authority", "authorities")}; median ${format(group.stats.median)}, middle half ${format(
              group.stats.q1,
            )} to ${format(group.stats.q3)}`
          : "no data";
      return `${group.label}${group.highlighted ? ` (${(input.ownLabel ?? "Your group").toLowerCase()})` : ""}: ${detail}.`;
    }),
  ];

  const axisTitle =
    input.metricLabel && values.length > 0 ? axisTitleBelow(input.metricLabel, plotLeft, plotRight, plotBottom, width) : null;
  const height = plotBottom + SMALL_FONT_SIZE + 4 + (axisTitle ? AXIS_TITLE_SPACE : 0) + EDGE;
  return {
    ...frameOf(width, height, title, sentences.join(" "), false),
    rows,
    plot: { left: px(plotLeft), right: px(plotRight), top: px(plotTop), bottom: px(plotBottom) },
    boxHeight: BOX_HEIGHT,
    labelX: px(labelX),
    labelAnchor: above ? "start" : "end",
    // Without any group to draw the scale means nothing: rows carry their notices and no axis is drawn.
    ticks: values.length > 0 ? linearTicks(x, format, input.unit) : [],
    legend: legend.items,
    ownLine,
    axisTitle,
  };
}

/** Every line of text the rows draw, as placed: labels, counts, medians and notices. */
export function rowTexts(rows: readonly GroupComparisonRow[], labelX: number, labelAnchor: TextAnchor): PlacedText[] {
  return rows.flatMap((row) => [
    ...row.label.lines.map((line, index) => placed(labelX, row.label.y + index * LINE_HEIGHT, line, labelAnchor)),
    ...(row.label.count ? [placed(labelX, row.label.count.y, row.label.count.text, labelAnchor)] : []),
    ...(row.medianText ? [row.medianText] : []),
    ...row.message,
  ]);
}

/** The own value's line from top to bottom, with a gap wherever it would cross a line of text. */
function lineSegments(x: number, top: number, bottom: number, texts: readonly PlacedText[]): Array<{ top: number; bottom: number }> {
  const gaps = texts
    .filter((text) => crossedBy(x, text))
    .map((text) => textBox(text, SMALL_FONT_SIZE))
    .sort((a, b) => a.top - b.top);
  const segments: Array<{ top: number; bottom: number }> = [];
  let from = top;
  for (const gap of gaps) {
    if (gap.top - 2 > from) segments.push({ top: px(from), bottom: px(gap.top - 2) });
    from = Math.max(from, gap.bottom + 2);
  }
  if (bottom > from) segments.push({ top: px(from), bottom: px(bottom) });
  return segments;
}
