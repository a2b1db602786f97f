import { area, line } from "d3-shape";
import type { MetricUnit } from "~/domain/metrics";
import {
  EDGE,
  FONT_SIZE,
  LABEL_GAP,
  SMALL_FONT_SIZE,
  type ChartFrame,
  type ChartOptions,
  type LegendItem,
  type Tick,
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
} from "../shared";
import { scaleLinear } from "d3-scale";

export interface ForecastInput {
  metricLabel: string;
  unit: MetricUnit;
  /** The authority's own approved values, by the financial year's start year. */
  history: ReadonlyArray<{ year: number; value: number }>;
  /** Central forecast and 80% prediction interval for the years after the last. */
  forecast: ReadonlyArray<{ year: number; central: number; low: number; high: number }>;
}

export type ForecastLegendKey = "history" | "central" | "band";

export interface ForecastLayout extends ChartFrame {
  plot: { left: number; right: number; top: number; bottom: number };
  ticks: Tick[];
  years: Array<{ label: string; x: number }>;
  historyPath: string | null;
  historyPoints: Array<{ x: number; y: number }>;
  centralPath: string | null;
  bandPath: string | null;
  legend: LegendItem<ForecastLegendKey>[];
}

const PLOT_HEIGHT = 260;

/** "2024-25" from 2024. */
const financialYear = (start: number) => `${start}-${String((start + 1) % 100).padStart(2, "0")}`;

/**
 * History as a solid line with points, the central forecast dashed on from the last actual value,
 * and the 80% prediction interval as a band. The y axis fits every value, interval included.
 */
export function layoutForecast(input: ForecastInput, options: ChartOptions = {}): ForecastLayout {
  const width = chartWidth(options);
  const title = options.title ?? `${input.metricLabel}: history and forecast`;
  const history = input.history.filter((point) => isDrawable(point.value));
  const forecast = input.forecast.filter((point) => [point.central, point.low, point.high].every(isDrawable));
  if (history.length === 0) {
    return {
      ...noDataFrame(width, title),
      plot: { left: 0, right: 0, top: 0, bottom: 0 },
      ticks: [],
      years: [],
      historyPath: null,
      historyPoints: [],
      centralPath: null,
      bandPath: null,
      legend: [],
    };
  }
  const legend = layoutLegend<ForecastLegendKey>(
    [
      { key: "history", label: "Approved returns" },
      ...(forecast.length > 0
        ? [
            { key: "central" as const, label: "Central forecast" },
            { key: "band" as const, label: "80% prediction interval" },
          ]
        : []),
    ],
    width,
    EDGE,
  );
  const values = [...history.map((p) => p.value), ...forecast.flatMap((p) => [p.low, p.high])];
  const domain = pointDomain(values);
  const format = valueFormatter(input.unit, domain);
  const { y, ticks, top, bottom, left } = valueAxisUnderLegend(domain, format, input.unit, legend.bottom, PLOT_HEIGHT);
  const right = width - EDGE - FONT_SIZE;
  const years = [...history.map((p) => p.year), ...forecast.map((p) => p.year)];
  const x = scaleLinear()
    .domain([Math.min(...years), Math.max(...years) === Math.min(...years) ? Math.min(...years) + 1 : Math.max(...years)])
    .range([left + 30, right - 30]);
  // Year labels are thinned out where they would touch (a phone's width, a long SEN2 series): from
  // the first, each one drawn clears the last drawn by a label's width and a gap.
  const yearWidth = textWidth(financialYear(years[0]!), SMALL_FONT_SIZE) + LABEL_GAP;
  const yearLabels: Array<{ label: string; x: number }> = [];
  for (const year of years) {
    const at = px(x(year));
    if (yearLabels.length === 0 || at - yearLabels.at(-1)!.x >= yearWidth) yearLabels.push({ label: financialYear(year), x: at });
  }
  const last = history[history.length - 1]!;
  const bridge = forecast.length > 0 ? [{ year: last.year, central: last.value, low: last.value, high: last.value }, ...forecast] : [];
  return {
    ...frameOf(width, bottom + SMALL_FONT_SIZE + 16, title, describe(input, history, forecast), false),
    plot: { left, right, top, bottom },
    ticks,
    years: yearLabels,
    historyPath: line<{ year: number; value: number }>(
      (p) => px(x(p.year)),
      (p) => px(y(p.value)),
    )(history),
    historyPoints: history.map((p) => ({ x: px(x(p.year)), y: px(y(p.value)) })),
    centralPath:
      bridge.length > 0
        ? line<(typeof bridge)[number]>(
            (p) => px(x(p.year)),
            (p) => px(y(p.central)),
          )(bridge)
        : null,
    bandPath:
      bridge.length > 0
        ? area<(typeof bridge)[number]>()
            .x((p) => px(x(p.year)))
            .y0((p) => px(y(p.low)))
            .y1((p) => px(y(p.high)))(bridge)
        : null,
    legend: legend.items,
  };
}

function describe(input: ForecastInput, history: ForecastInput["history"], forecast: ForecastInput["forecast"]): string {
  const format = (value: number) => valueFormatter(input.unit, [0, 1])(value);
  const past = history.map((p) => `${financialYear(p.year)} ${format(p.value)}`).join(", ");
  const future = forecast
    .map((p) => `${financialYear(p.year)} ${format(p.central)} (80% interval ${format(p.low)} to ${format(p.high)})`)
    .join(", ");
  return `${input.metricLabel}. Approved returns: ${past}.${future ? ` Forecast: ${future}.` : ""}`;
}
