import { BottomAxis, ChartSvg, Label, Legend, OwnMarker } from "../chart-svg";
import { LEGEND_SWATCH, MEDIAN_STROKE_WIDTH, PALETTE, type ChartOptions } from "../shared";
import { DOT_DIAMETER, layoutStrip, type StripInput, type StripLegendKey } from "./layout";

export { layoutStrip, stackDots, type StripInput, type StripLayout } from "./layout";

function LegendSwatch({ kind }: { kind: StripLegendKey }) {
  switch (kind) {
    case "own":
      return <OwnMarker x={LEGEND_SWATCH / 2} y={0} />;
    case "dot":
      return <circle cx={LEGEND_SWATCH / 2} cy={0} r={DOT_DIAMETER / 2} fill={PALETTE.network} />;
    case "band":
      return <rect x={0} y={-7} width={LEGEND_SWATCH} height={14} fill={PALETTE.band} stroke={PALETTE.network} strokeWidth={1} />;
    case "median":
      return <line x1={LEGEND_SWATCH / 2} x2={LEGEND_SWATCH / 2} y1={-7} y2={7} stroke={PALETTE.ink} strokeWidth={MEDIAN_STROKE_WIDTH} />;
  }
}

/**
 * One dot per authority (blue), stacked where they would overlap, over the middle half (pale band)
 * and the median (dark line); the viewer's own value a vermillion diamond with a dashed line down
 * to the axis and its name above. Painted band, gridlines, dots, own mark, then text.
 */
export function StripChart({ title, width, ...input }: StripInput & ChartOptions) {
  const layout = layoutStrip(input, { title, width });
  const { plot } = layout;
  return (
    <ChartSvg frame={layout} name="strip">
      <Legend items={layout.legend} swatch={(key) => <LegendSwatch kind={key} />} />
      {layout.band && (
        <rect
          className="app-chart__band"
          x={layout.band.x}
          y={plot.top}
          width={layout.band.width}
          height={plot.bottom - plot.top}
          fill={PALETTE.band}
        />
      )}
      <BottomAxis ticks={layout.ticks} top={plot.top} bottom={plot.bottom} />
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={PALETTE.ink} strokeWidth={1} />
      <g className="app-chart__dots" fill={PALETTE.network}>
        {layout.dots.map((dot) => (
          <circle key={dot.id} cx={dot.cx} cy={dot.cy} r={layout.dotRadius} />
        ))}
      </g>
      {/* The median over the dots, so a tall stack never hides it. */}
      {layout.medianX !== null && (
        <line
          className="app-chart__median"
          x1={layout.medianX}
          x2={layout.medianX}
          y1={plot.top}
          y2={plot.bottom}
          stroke={PALETTE.ink}
          strokeWidth={MEDIAN_STROKE_WIDTH}
        />
      )}
      {layout.own && (
        <g className="app-chart__own-value">
          <line
            x1={layout.own.x}
            x2={layout.own.x}
            y1={layout.own.lineTop}
            y2={plot.bottom}
            stroke={PALETTE.own}
            strokeWidth={2}
            strokeDasharray="4 3"
          />
          <OwnMarker x={layout.own.x} y={layout.own.markerY} />
          <Label text={layout.own.label} fontWeight="bold" />
        </g>
      )}
      {layout.axisTitle && <Label text={layout.axisTitle} />}
    </ChartSvg>
  );
}
