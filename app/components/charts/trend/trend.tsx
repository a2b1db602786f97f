import { ChartSvg, Label, LeftAxis, Legend, OwnMarker, YearAxis } from "../chart-svg";
import { LEGEND_SWATCH, MEDIAN_STROKE_WIDTH, PALETTE, QUARTILE_DASH, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { layoutTrend, type TrendInput, type TrendLegendKey } from "./layout";

export { layoutTrend, type TrendInput, type TrendLayout, type TrendPoint } from "./layout";

const OWN_STROKE_WIDTH = 3;

function LegendSwatch({ kind }: { kind: TrendLegendKey }) {
  switch (kind) {
    case "own":
      return (
        <g>
          <line x1={0} x2={LEGEND_SWATCH} y1={0} y2={0} stroke={PALETTE.own} strokeWidth={OWN_STROKE_WIDTH} />
          <OwnMarker x={LEGEND_SWATCH / 2} y={0} />
        </g>
      );
    case "median":
      return <line x1={0} x2={LEGEND_SWATCH} y1={0} y2={0} stroke={PALETTE.ink} strokeWidth={MEDIAN_STROKE_WIDTH} />;
    case "band":
      return (
        <rect
          x={0}
          y={-7}
          width={LEGEND_SWATCH}
          height={14}
          fill={PALETTE.band}
          stroke={PALETTE.secondary}
          strokeDasharray={QUARTILE_DASH}
        />
      );
  }
}

/**
 * The viewer's own line (vermillion, thick, with diamonds) over the network's middle half (a pale
 * band edged by dashed quartile lines) and median (solid dark line).
 */
export function TrendChart({ title, width, ...input }: TrendInput & ChartOptions) {
  const layout = layoutTrend(input, { title, width });
  const { plot } = layout;
  return (
    <ChartSvg frame={layout} name="trend">
      <Legend items={layout.legend} swatch={(key) => <LegendSwatch kind={key} />} />
      <LeftAxis ticks={layout.ticks} left={plot.left} right={plot.right} />
      <YearAxis years={layout.years} bottom={plot.bottom} />
      <g className="app-chart__band">
        {layout.bandPath && <path d={layout.bandPath} fill={PALETTE.band} />}
        {layout.isolatedBands.map((band) => (
          <rect
            key={band.x}
            x={band.x}
            y={band.y}
            width={band.width}
            height={band.height}
            fill={PALETTE.band}
            stroke={PALETTE.secondary}
            strokeDasharray={QUARTILE_DASH}
          />
        ))}
        {[layout.q1Path, layout.q3Path].map((d, index) =>
          d ? <path key={index} d={d} fill="none" stroke={PALETTE.secondary} strokeWidth={1.5} strokeDasharray={QUARTILE_DASH} /> : null,
        )}
      </g>
      <g className="app-chart__median">
        {layout.medianPath && <path d={layout.medianPath} fill="none" stroke={PALETTE.ink} strokeWidth={MEDIAN_STROKE_WIDTH} />}
        {layout.isolatedMedians.map((median) => (
          <line
            key={median.x1}
            x1={median.x1}
            x2={median.x2}
            y1={median.y}
            y2={median.y}
            stroke={PALETTE.ink}
            strokeWidth={MEDIAN_STROKE_WIDTH}
          />
        ))}
      </g>
      <g className="app-chart__own">
        {layout.ownPath && <path d={layout.ownPath} fill="none" stroke={PALETTE.own} strokeWidth={OWN_STROKE_WIDTH} />}
        {layout.ownPoints.map((point) => (
          <OwnMarker key={point.x} x={point.x} y={point.y} />
        ))}
        {layout.ownLabel && <Label text={layout.ownLabel} fontSize={SMALL_FONT_SIZE} fontWeight="bold" />}
      </g>
    </ChartSvg>
  );
}
