import { BottomAxis, ChartSvg, Label, LeftAxis, Legend, OwnMarker } from "../chart-svg";
import { LEGEND_SWATCH, MEDIAN_STROKE_WIDTH, PALETTE, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { POINT_RADIUS, layoutScatter, type ScatterInput, type ScatterLegendKey } from "./layout";

export { layoutScatter, type ScatterAxis, type ScatterInput, type ScatterLayout } from "./layout";

/** The medians cross the whole plot: dotted, they read as guides behind the points rather than as data. */
const MEDIAN_DASH = "2 3";

function NetworkPoint({ cx, cy }: { cx: number; cy: number }) {
  // Translucent with a white edge: where 150 points crowd, overlaps stay visible.
  return <circle cx={cx} cy={cy} r={POINT_RADIUS} fill={PALETTE.network} fillOpacity={0.7} stroke={PALETTE.background} strokeWidth={0.5} />;
}

function LegendSwatch({ kind }: { kind: ScatterLegendKey }) {
  switch (kind) {
    case "own":
      return <OwnMarker x={LEGEND_SWATCH / 2} y={0} />;
    case "network":
      return <NetworkPoint cx={LEGEND_SWATCH / 2} cy={0} />;
    case "median":
      return (
        <line
          x1={0}
          x2={LEGEND_SWATCH}
          y1={0}
          y2={0}
          stroke={PALETTE.ink}
          strokeWidth={MEDIAN_STROKE_WIDTH}
          strokeDasharray={MEDIAN_DASH}
        />
      );
  }
}

/** Two metrics, one point per authority: blue circles, and the viewer's own a labelled vermillion diamond. */
export function ScatterChart({ title, width, ...input }: ScatterInput & ChartOptions) {
  const layout = layoutScatter(input, { title, width });
  const { plot } = layout;
  return (
    <ChartSvg frame={layout} name="scatter">
      <Legend items={layout.legend} swatch={(key) => <LegendSwatch kind={key} />} />
      <LeftAxis ticks={layout.yTicks} left={plot.left} right={plot.right} />
      <BottomAxis ticks={layout.xTicks} top={plot.top} bottom={plot.bottom} />
      <g className="app-chart__medians" fontSize={SMALL_FONT_SIZE}>
        {layout.medianX && (
          <g>
            <line
              x1={layout.medianX.position}
              x2={layout.medianX.position}
              y1={plot.top}
              y2={plot.bottom}
              stroke={PALETTE.ink}
              strokeWidth={MEDIAN_STROKE_WIDTH}
              strokeDasharray={MEDIAN_DASH}
            />
            <Label text={layout.medianX.label} />
          </g>
        )}
        {layout.medianY && (
          <g>
            <line
              x1={plot.left}
              x2={plot.right}
              y1={layout.medianY.position}
              y2={layout.medianY.position}
              stroke={PALETTE.ink}
              strokeWidth={MEDIAN_STROKE_WIDTH}
              strokeDasharray={MEDIAN_DASH}
            />
            <Label text={layout.medianY.label} />
          </g>
        )}
      </g>
      <g className="app-chart__points">
        {layout.points.map((point) =>
          point.highlighted ? (
            <g key={point.id} className="app-chart__point--own">
              <OwnMarker x={point.cx} y={point.cy} />
              {point.label && <Label text={point.label} fontWeight="bold" />}
            </g>
          ) : (
            <NetworkPoint key={point.id} cx={point.cx} cy={point.cy} />
          ),
        )}
      </g>
      {layout.xTitle && <Label text={layout.xTitle} />}
      {layout.yTitle && <Label text={layout.yTitle} />}
    </ChartSvg>
  );
}
