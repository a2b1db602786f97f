import { BottomAxis, BoxSwatch, ChartSvg, GroupLabel, Label, Legend, OwnMarker } from "../chart-svg";
import { MEDIAN_STROKE_WIDTH, PALETTE, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { layoutGroupComparison, type GroupComparisonInput } from "./layout";

export { layoutGroupComparison, suppressionNotice, type GroupComparisonInput, type GroupComparisonLayout } from "./layout";

/** The viewer's own group is vermillion with a dark outline (and a bold name); others pale blue edged in blue. */
function boxColours(highlighted: boolean) {
  return highlighted
    ? { fill: PALETTE.own, stroke: PALETTE.ink, strokeWidth: 2 }
    : { fill: PALETTE.band, stroke: PALETTE.network, strokeWidth: 1.5 };
}

/** Groups side by side; a suppressed group keeps its row and says why it has no box. */
export function GroupComparisonChart({ title, width, ...input }: GroupComparisonInput & ChartOptions) {
  const layout = layoutGroupComparison(input, { title, width });
  const { plot, boxHeight } = layout;
  return (
    <ChartSvg frame={layout} name="group-comparison">
      <Legend
        items={layout.legend}
        swatch={(key) => (key === "ownValue" ? <OwnMarker x={9} y={0} /> : <BoxSwatch {...boxColours(key === "own")} />)}
      />
      <BottomAxis ticks={layout.ticks} top={plot.top} bottom={plot.bottom} />
      <g fontSize={SMALL_FONT_SIZE}>
        {layout.rows.map((row, index) => (
          <g
            key={index}
            className={`app-chart__group${row.highlighted ? " app-chart__group--own" : ""}${
              row.suppressed ? " app-chart__group--suppressed" : ""
            }`}
          >
            <GroupLabel label={row.label} x={layout.labelX} anchor={layout.labelAnchor} fontWeight={row.highlighted ? "bold" : undefined} />
            {row.box && (
              <g>
                <rect
                  x={row.box.x}
                  y={row.centreY - boxHeight / 2}
                  width={row.box.width}
                  height={boxHeight}
                  {...boxColours(row.highlighted)}
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
          </g>
        ))}
      </g>
      {layout.ownLine && (
        <g className="app-chart__own-value">
          {layout.ownLine.segments.map((segment) => (
            <line
              key={segment.top}
              x1={layout.ownLine!.x}
              x2={layout.ownLine!.x}
              y1={segment.top}
              y2={segment.bottom}
              stroke={PALETTE.own}
              strokeWidth={2}
              strokeDasharray="4 3"
            />
          ))}
          <OwnMarker x={layout.ownLine.x} y={layout.ownLine.markerY} />
          <Label text={layout.ownLine.label} fontSize={SMALL_FONT_SIZE} fontWeight="bold" />
        </g>
      )}
      {/* Text last, haloed, so the own value's line never hides a median or a notice. */}
      <g fontSize={SMALL_FONT_SIZE}>
        {layout.rows.map((row, index) => (
          <g key={index}>
            {row.medianText && <Label text={row.medianText} fontWeight={row.highlighted ? "bold" : undefined} />}
            {row.message.map((line) => (
              <Label key={line.y} text={line} fill={PALETTE.secondary} />
            ))}
          </g>
        ))}
      </g>
      {layout.axisTitle && <Label text={layout.axisTitle} />}
    </ChartSvg>
  );
}
