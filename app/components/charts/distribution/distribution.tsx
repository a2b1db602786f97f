import { BottomAxis, BoxSwatch, ChartSvg, GroupLabel, Label, Legend, OwnMarker } from "../chart-svg";
import { LEGEND_SWATCH, MEDIAN_STROKE_WIDTH, NO_DATA, PALETTE, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { layoutDistribution, type DistributionInput, type DistributionLegendKey } from "./layout";

export { layoutDistribution, type DistributionInput, type DistributionLayout, type DistributionStats } from "./layout";

function LegendSwatch({ kind }: { kind: DistributionLegendKey }) {
  switch (kind) {
    case "own":
      return <OwnMarker x={LEGEND_SWATCH / 2} y={0} />;
    case "box":
      return <BoxSwatch fill={PALETTE.band} stroke={PALETTE.network} strokeWidth={1.5} />;
    case "whisker":
      return <line x1={0} x2={LEGEND_SWATCH} y1={0} y2={0} stroke={PALETTE.network} strokeWidth={1.5} />;
  }
}

/** Box plots by group, the viewer's own value a vermillion diamond with a dark outline. */
export function DistributionChart({ title, width, ...input }: DistributionInput & ChartOptions) {
  const layout = layoutDistribution(input, { title, width });
  const { plot, boxHeight } = layout;
  return (
    <ChartSvg frame={layout} name="distribution">
      <Legend items={layout.legend} swatch={(key) => <LegendSwatch kind={key} />} />
      <BottomAxis ticks={layout.ticks} top={plot.top} bottom={plot.bottom} />
      <g fontSize={SMALL_FONT_SIZE}>
        {layout.rows.map((row, index) => (
          <g key={index} className="app-chart__group">
            <GroupLabel label={row.label} x={layout.labelX} />
            {row.box && (
              <g className="app-chart__box">
                {row.box.minX !== null && row.box.maxX !== null ? (
                  <>
                    <line
                      x1={row.box.minX}
                      x2={row.box.maxX}
                      y1={row.centreY}
                      y2={row.centreY}
                      stroke={PALETTE.network}
                      strokeWidth={1.5}
                    />
                    {[row.box.minX, row.box.maxX].map((capX, capIndex) => (
                      <line
                        key={capIndex}
                        x1={capX}
                        x2={capX}
                        y1={row.centreY - boxHeight / 4}
                        y2={row.centreY + boxHeight / 4}
                        stroke={PALETTE.network}
                        strokeWidth={1.5}
                      />
                    ))}
                  </>
                ) : null}
                <rect
                  x={row.box.q1X}
                  y={row.centreY - boxHeight / 2}
                  width={row.box.boxWidth}
                  height={boxHeight}
                  fill={PALETTE.band}
                  stroke={PALETTE.network}
                  strokeWidth={1.5}
                />
                <line
                  x1={row.box.medianX}
                  x2={row.box.medianX}
                  y1={row.centreY - boxHeight / 2}
                  y2={row.centreY + boxHeight / 2}
                  stroke={PALETTE.ink}
                  strokeWidth={MEDIAN_STROKE_WIDTH}
                />
              </g>
            )}
            {row.noDataX !== null && (
              <text x={row.noDataX} y={row.centreY} dy="0.35em" textAnchor="middle" fill={PALETTE.secondary}>
                {NO_DATA}
              </text>
            )}
            {row.ownX !== null && <OwnMarker x={row.ownX} y={row.centreY} />}
            {row.ownText !== null && (
              <text
                x={layout.ownTextX}
                y={row.centreY}
                dy="0.35em"
                fontWeight={row.ownX === null ? undefined : "bold"}
                fill={row.ownX === null ? PALETTE.secondary : PALETTE.ink}
              >
                {row.ownText}
              </text>
            )}
          </g>
        ))}
      </g>
      {layout.axisTitle && <Label text={layout.axisTitle} />}
    </ChartSvg>
  );
}
