/**
 * Group comparison: regions or other groups side by side, each as its middle half (a box from the
 * lower to the upper quartile) and median. A group too small to show (domain spec §5) keeps its row,
 * which says it is suppressed: leaving it out would hide that the group exists.
 */
import type { MetricUnit } from "~/domain/metrics";
import {
  AXIS_TITLE_SPACE,
  EDGE,
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
  /** "Median £8,000", right of the box. */
  medianText: PlacedText | null;
  /** What stands in for the box: the suppression notice, or "No data". */
  message: PlacedText | null;
}

export type GroupComparisonLegendKey = "own" | "box" | "ownValue";

export interface GroupComparisonLayout extends ChartFrame {
  rows: GroupComparisonRow[];
  plot: { left: number; right: number; top: number; bottom: number };
  boxHeight: number;
  labelX: number;
  ticks: Tick[];
  legend: LegendItem<GroupComparisonLegendKey>[];
  /** The viewer's own value: a line from under its label (its diamond at `markerY`) to the bottom of the rows. */
  ownLine: { x: number; top: number; markerY: number; bottom: number; label: PlacedText } | null;
  axisTitle: PlacedText | null;
}

const BOX_HEIGHT = 24;
const MAX_LABEL_SHARE = 0.3;

export function suppressionNotice(minGroupSize: number): string {
  return `suppressed: fewer than ${minGroupSize} authorities`;
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
  const plotLeft = EDGE + labelColumn + 2 * LABEL_GAP;
  const plotRight = width - EDGE - Math.max(...medianTexts.map((text) => textWidth(text, SMALL_FONT_SIZE))) - LABEL_GAP;
  // The own value's name goes on a line of its own above the rows, so it crosses no box or label.
  const ownRow = own && values.length > 0 ? LINE_HEIGHT + 4 : 0;
  const plotTop = legend.bottom + LINE_HEIGHT / 2 + ownRow;
  const plotBottom = plotTop + groups.length * GROUP_ROW_STEP;
  const x = niceScale(domain, [plotLeft, plotRight]);

  const rows = groups.map((group, index): GroupComparisonRow => {
    const rowTop = plotTop + index * GROUP_ROW_STEP;
    const centreY = px(rowTop + GROUP_ROW_STEP / 2);
    const baseline = px(centreY + SMALL_FONT_SIZE / 3);
    const stats = group.stats;
    const count = group.suppressed ? null : pluralise(group.n, "authority", "authorities");
    const box = stats
      ? { x: px(x(Math.min(stats.q1, stats.q3))), width: px(Math.abs(x(stats.q3) - x(stats.q1))), medianX: px(x(stats.median)) }
      : null;
    return {
      label: groupRowLabel(group.label, count, labelColumn, rowTop),
      highlighted: group.highlighted,
      suppressed: group.suppressed,
      centreY,
      box,
      medianText: stats
        ? { x: px(x(Math.max(stats.q1, stats.q3)) + LABEL_GAP), y: baseline, text: medianTexts[index]!, anchor: "start" }
        : null,
      message: stats
        ? null
        : { x: px(plotLeft + LABEL_GAP), y: baseline, text: group.suppressed ? group.notice : NO_DATA, anchor: "start" },
    };
  });

  const ownText = own ? `${own.label}: ${format(own.value)}` : "";
  const ownLine =
    own && values.length > 0
      ? {
          x: px(x(own.value)),
          top: px(plotTop),
          markerY: px(plotTop + 7),
          bottom: px(plotBottom),
          label: {
            x: centreWithin(x(own.value), ownText, SMALL_FONT_SIZE, EDGE, width - EDGE),
            y: px(plotTop - 6),
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
    labelX: px(plotLeft - 2 * LABEL_GAP),
    // Without any group to draw the scale means nothing: rows carry their notices and no axis is drawn.
    ticks: values.length > 0 ? linearTicks(x, format, input.unit) : [],
    legend: legend.items,
    ownLine,
    axisTitle,
  };
}
