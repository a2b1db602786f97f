import { ChartSvg, LeftAxis, Legend, YearAxis } from "../chart-svg";
import { LEGEND_SWATCH, MEDIAN_STROKE_WIDTH, PALETTE, QUARTILE_DASH, type ChartOptions } from "../shared";
import { layoutForecast, type ForecastInput, type ForecastLegendKey } from "./layout";

export { layoutForecast, type ForecastInput, type ForecastLayout } from "./layout";

function LegendSwatch({ kind }: { kind: ForecastLegendKey }) {
  switch (kind) {
    case "history":
      return (
        <g>
          <line x1={0} x2={LEGEND_SWATCH} y1={0} y2={0} stroke={PALETTE.own} strokeWidth={3} />
          <circle cx={LEGEND_SWATCH / 2} cy={0} r={4} fill={PALETTE.own} stroke={PALETTE.ink} />
        </g>
      );
    case "central":
      return (
        <line
          x1={0}
          x2={LEGEND_SWATCH}
          y1={0}
          y2={0}
          stroke={PALETTE.ink}
          strokeWidth={MEDIAN_STROKE_WIDTH}
          strokeDasharray={QUARTILE_DASH}
        />
      );
    case "band":
      return <rect x={0} y={-7} width={LEGEND_SWATCH} height={14} fill={PALETTE.band} stroke={PALETTE.network} />;
  }
}

/** An authority's own history (solid, with points), its central forecast (dashed) and the 80% interval (band). */
export function ForecastChart({ title, width, ...input }: ForecastInput & ChartOptions) {
  const layout = layoutForecast(input, { title, width });
  const { plot } = layout;
  return (
    <ChartSvg frame={layout} name="forecast">
      <Legend items={layout.legend} swatch={(key) => <LegendSwatch kind={key} />} />
      <LeftAxis ticks={layout.ticks} left={plot.left} right={plot.right} />
      <YearAxis years={layout.years} bottom={plot.bottom} />
      {layout.bandPath ? <path d={layout.bandPath} fill={PALETTE.band} stroke={PALETTE.network} strokeWidth={1} /> : null}
      {layout.centralPath ? (
        <path d={layout.centralPath} fill="none" stroke={PALETTE.ink} strokeWidth={MEDIAN_STROKE_WIDTH} strokeDasharray={QUARTILE_DASH} />
      ) : null}
      {layout.historyPath ? <path d={layout.historyPath} fill="none" stroke={PALETTE.own} strokeWidth={3} /> : null}
      {layout.historyPoints.map((point) => (
        <circle key={point.x} cx={point.x} cy={point.y} r={4} fill={PALETTE.own} stroke={PALETTE.ink} />
      ))}
    </ChartSvg>
  );
}
