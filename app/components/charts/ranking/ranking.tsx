import { BottomAxis, ChartSvg, HALO, Label } from "../chart-svg";
import { MEDIAN_STROKE_WIDTH, PALETTE, QUARTILE_DASH, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { layoutRanking, type RankingInput } from "./layout";

export { layoutRanking, type RankingInput, type RankingLayout } from "./layout";

/**
 * Horizontal bars ranked lowest first. The viewer's own bar is vermillion with a dark outline and a
 * bold label; every other bar is blue. Painted in layers — bars, then the median and quartile lines,
 * then the text — so the lines cross the bars but never hide a label.
 */
export function RankingChart({ title, width, ...input }: RankingInput & ChartOptions) {
  const layout = layoutRanking(input, { title, width });
  const { plot } = layout;
  return (
    <ChartSvg frame={layout} name="ranking">
      <BottomAxis ticks={layout.ticks} top={plot.top} bottom={plot.bottom} />
      <g className="app-chart__bars">
        {layout.bars.map((bar) =>
          bar.highlighted ? (
            <rect
              key={bar.id}
              className="app-chart__bar--own"
              x={bar.x}
              y={bar.y}
              width={bar.width}
              height={bar.height}
              fill={PALETTE.own}
              stroke={PALETTE.ink}
              strokeWidth={2}
            />
          ) : (
            <rect key={bar.id} x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill={PALETTE.network} />
          ),
        )}
      </g>
      <line x1={layout.zeroX} x2={layout.zeroX} y1={plot.top} y2={plot.bottom} stroke={PALETTE.ink} strokeWidth={1} />
      <g className="app-chart__reference-lines" fontSize={SMALL_FONT_SIZE}>
        {layout.referenceLines.map((line) => (
          <g key={line.kind}>
            <line
              x1={line.x}
              x2={line.x}
              y1={line.top}
              y2={line.bottom}
              stroke={line.kind === "median" ? PALETTE.ink : PALETTE.secondary}
              strokeWidth={line.kind === "median" ? MEDIAN_STROKE_WIDTH : 1.5}
              strokeDasharray={line.kind === "median" ? undefined : QUARTILE_DASH}
            />
            <Label text={line.label} fontWeight={line.kind === "median" ? "bold" : undefined} />
          </g>
        ))}
      </g>
      <g className="app-chart__bar-labels" fontSize={SMALL_FONT_SIZE}>
        {layout.bars.map((bar) => (
          <g key={bar.id} fontWeight={bar.highlighted ? "bold" : undefined}>
            <text x={bar.labelX} y={bar.centreY} dy="0.35em" textAnchor="end">
              {bar.label}
            </text>
            <text x={bar.valueX} y={bar.centreY} dy="0.35em" textAnchor={bar.valueAnchor} {...HALO}>
              {bar.valueLabel}
            </text>
          </g>
        ))}
      </g>
      {layout.axisTitle && <Label text={layout.axisTitle} />}
    </ChartSvg>
  );
}
