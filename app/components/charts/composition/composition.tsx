import { BottomAxis, ChartSvg, Label, Legend, WrappedText } from "../chart-svg";
import { LEGEND_SWATCH, LINE_HEIGHT, PALETTE, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { layoutComposition, type CompositionBar, type CompositionInput, type CompositionLegendKey } from "./layout";

export { layoutComposition, type CompositionInput, type CompositionLayout } from "./layout";

/** The viewer's bars are vermillion with a dark outline; the network median's are blue without one. */
function barColours(kind: CompositionLegendKey) {
  return kind === "own"
    ? { fill: PALETTE.own, stroke: PALETTE.ink, strokeWidth: 2 }
    : { fill: PALETTE.network, stroke: undefined, strokeWidth: undefined };
}

function Bar({ bar, kind }: { bar: CompositionBar; kind: CompositionLegendKey }) {
  return (
    <g className={`app-chart__bar app-chart__bar--${kind}`}>
      {bar.rect && <rect x={bar.rect.x} y={bar.rect.y} width={bar.rect.width} height={bar.rect.height} {...barColours(kind)} />}
      <Label
        text={bar.text}
        fontWeight={kind === "own" && bar.provided ? "bold" : undefined}
        fill={bar.provided ? PALETTE.ink : PALETTE.secondary}
      />
    </g>
  );
}

/**
 * Paired bars per cohort: yours above the network median's. Each bar's text says whose it is
 * ("You: 31.4%", "Median: 28.0%"), so the pairs read without the colours.
 */
export function CompositionChart({ title, width, ...input }: CompositionInput & ChartOptions) {
  const layout = layoutComposition(input, { title, width });
  const { plot } = layout;
  return (
    <ChartSvg frame={layout} name="composition">
      <Legend items={layout.legend} swatch={(key) => <rect x={0} y={-7} width={LEGEND_SWATCH} height={14} {...barColours(key)} />} />
      <BottomAxis ticks={layout.ticks} top={plot.top} bottom={plot.bottom} />
      <g fontSize={SMALL_FONT_SIZE}>
        {layout.rows.map((row, index) => (
          <g key={index} className="app-chart__group">
            <WrappedText lines={row.labelLines} x={layout.labelX} y={row.labelY} lineHeight={LINE_HEIGHT} textAnchor="end" />
            <Bar bar={row.own} kind="own" />
            <Bar bar={row.median} kind="median" />
          </g>
        ))}
      </g>
      <line x1={layout.zeroX} x2={layout.zeroX} y1={plot.top} y2={plot.bottom} stroke={PALETTE.ink} strokeWidth={1} />
      {layout.axisTitle && <Label text={layout.axisTitle} />}
    </ChartSvg>
  );
}
