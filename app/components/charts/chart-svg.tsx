/**
 * The SVG pieces every chart renderer shares. Styling is by SVG presentation attributes and class
 * names only: the Content-Security-Policy forbids inline `style`.
 */
import { useId, type ReactNode } from "react";
import {
  FONT_SIZE,
  LABEL_GAP,
  LEGEND_SWATCH,
  LINE_HEIGHT,
  MEDIAN_STROKE_WIDTH,
  NARROW_CHART_WIDTH,
  NO_DATA,
  OWN_MARKER_PATH,
  PALETTE,
  SMALL_FONT_SIZE,
  type ChartFrame,
  type GroupRowLabel,
  type LegendItem,
  type PlacedText,
  type Tick,
} from "./shared";

/**
 * The chart's `<svg>`: a fixed viewBox that CSS scales to its column, announced as one image whose
 * name is the title and description (`aria-labelledby` on both reads well in every screen reader,
 * unlike `aria-describedby` on SVG). `useId` keeps the ids unique on a page with several charts and
 * identical between server and client renders.
 */
export function ChartSvg({ frame, name, children }: { frame: ChartFrame; name: string; children: ReactNode }) {
  const id = useId();
  const titleId = `${id}title`;
  const descId = `${id}desc`;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={frame.viewBox}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      className={`app-chart app-chart--${name}${frame.width <= NARROW_CHART_WIDTH ? " app-chart--narrow" : ""}`}
      fontSize={FONT_SIZE}
      fill={PALETTE.ink}
    >
      <title id={titleId}>{frame.title}</title>
      <desc id={descId}>{frame.description}</desc>
      {frame.noData ? (
        <text x={frame.noData.x} y={frame.noData.y} dy="0.35em" textAnchor="middle" fill={PALETTE.secondary}>
          {NO_DATA}
        </text>
      ) : (
        children
      )}
    </svg>
  );
}

/** Vertical gridlines from `top` to `bottom` with tick labels below: the value axis of bar and box charts. */
export function BottomAxis({ ticks, top, bottom }: { ticks: readonly Tick[]; top: number; bottom: number }) {
  return (
    <g className="app-chart__axis" fontSize={SMALL_FONT_SIZE} fill={PALETTE.secondary} textAnchor="middle">
      {ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={tick.position} x2={tick.position} y1={top} y2={bottom} stroke={PALETTE.grid} strokeWidth={1} />
          <text x={tick.position} y={bottom + SMALL_FONT_SIZE + 4}>
            {tick.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A legend swatch for a box plot: the box in the given colours with its median line across. */
export function BoxSwatch({ fill, stroke, strokeWidth }: { fill: string; stroke: string; strokeWidth: number }) {
  return (
    <g>
      <rect x={0} y={-7} width={LEGEND_SWATCH} height={14} fill={fill} stroke={stroke} strokeWidth={strokeWidth} />
      <line x1={LEGEND_SWATCH / 2} x2={LEGEND_SWATCH / 2} y1={-7} y2={7} stroke={PALETTE.ink} strokeWidth={MEDIAN_STROKE_WIDTH} />
    </g>
  );
}

/** Financial-year labels under a time axis. */
export function YearAxis({ years, bottom }: { years: ReadonlyArray<{ label: string; x: number }>; bottom: number }) {
  return (
    <g className="app-chart__years" fontSize={SMALL_FONT_SIZE} fill={PALETTE.secondary} textAnchor="middle">
      {years.map((year) => (
        <text key={year.label} x={year.x} y={bottom + SMALL_FONT_SIZE + 4}>
          {year.label}
        </text>
      ))}
    </g>
  );
}

/** Horizontal gridlines from `left` to `right` with tick labels to the left. */
export function LeftAxis({ ticks, left, right }: { ticks: readonly Tick[]; left: number; right: number }) {
  return (
    <g className="app-chart__axis" fontSize={SMALL_FONT_SIZE} fill={PALETTE.secondary} textAnchor="end">
      {ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={left} x2={right} y1={tick.position} y2={tick.position} stroke={PALETTE.grid} strokeWidth={1} />
          <text x={left - LABEL_GAP} y={tick.position} dy="0.35em">
            {tick.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * A white outline drawn under text, so a label stays legible where a gridline or reference line
 * crosses it (the stroke is painted first, then the fill over it).
 */
export const HALO = { stroke: PALETTE.background, strokeWidth: 3, strokeLinejoin: "round", paintOrder: "stroke" } as const;

/** Text placed by a layout, haloed: labels sit on gridlines and reference lines. */
export function Label({ text, ...attributes }: { text: PlacedText; fontSize?: number; fontWeight?: "bold"; fill?: string }) {
  return (
    <text x={text.x} y={text.y} textAnchor={text.anchor} {...HALO} {...attributes}>
      {text.text}
    </text>
  );
}

/** Lines of a wrapped label, the first baseline at `y`. */
export function WrappedText({
  lines,
  x,
  y,
  lineHeight,
  ...attributes
}: {
  lines: readonly string[];
  x: number;
  y: number;
  lineHeight: number;
  textAnchor: "start" | "end";
  fontWeight?: "bold";
} & Partial<typeof HALO>) {
  return (
    <text x={x} y={y} {...attributes}>
      {lines.map((line, index) => (
        <tspan key={index} x={x} dy={index === 0 ? 0 : lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

/**
 * A group row's label, right-aligned at `x` (or left-aligned, above its box), with its count in
 * secondary text underneath. Above a box gridlines run behind it, so it is haloed there.
 */
export function GroupLabel({
  label,
  x,
  fontWeight,
  anchor = "end",
}: {
  label: GroupRowLabel;
  x: number;
  fontWeight?: "bold";
  anchor?: "start" | "end";
}) {
  const halo = anchor === "start" ? HALO : {};
  return (
    <g className="app-chart__group-label">
      <WrappedText lines={label.lines} x={x} y={label.y} lineHeight={LINE_HEIGHT} textAnchor={anchor} fontWeight={fontWeight} {...halo} />
      {label.count && (
        <text x={x} y={label.count.y} textAnchor={anchor} fill={PALETTE.secondary} {...halo}>
          {label.count.text}
        </text>
      )}
    </g>
  );
}

/** The viewer's own value: a diamond with a dark outline, so it stands apart by shape as well as colour. */
export function OwnMarker({ x, y }: { x: number; y: number }) {
  return (
    <path
      className="app-chart__own-marker"
      d={OWN_MARKER_PATH}
      transform={`translate(${x},${y})`}
      fill={PALETTE.own}
      stroke={PALETTE.ink}
      strokeWidth={1.5}
    />
  );
}

/** A legend row: each chart draws its own swatches, this places them and their text. */
export function Legend<K extends string>({ items, swatch }: { items: readonly LegendItem<K>[]; swatch: (key: K) => ReactNode }) {
  return (
    <g className="app-chart__legend">
      {items.map((item) => (
        <g key={item.key} transform={`translate(${item.x},${item.y})`}>
          {swatch(item.key)}
          <text x={LEGEND_SWATCH + LABEL_GAP} y={0} dy="0.35em">
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}
