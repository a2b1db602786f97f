import { ChartSvg, Label, LeftAxis, Legend, OwnMarker, YearAxis } from "../chart-svg";
import { LEGEND_SWATCH, MEDIAN_STROKE_WIDTH, PALETTE, QUARTILE_DASH, SMALL_FONT_SIZE, type ChartOptions } from "../shared";
import { layoutDemandSeries, type DemandLineKey, type DemandSeriesInput } from "./layout";

export { layoutDemandSeries, type DemandLine, type DemandSeriesInput } from "./layout";

/** Each line differs by dash and marker as well as colour: colour is never the only cue. */
const STYLE: Record<DemandLineKey, { stroke: string; width: number; dash?: string }> = {
  authority: { stroke: PALETTE.own, width: 3 },
  england: { stroke: PALETTE.ink, width: MEDIAN_STROKE_WIDTH },
  region: { stroke: PALETTE.network, width: 2, dash: QUARTILE_DASH },
  neighbours: { stroke: PALETTE.secondary, width: 2, dash: "2 3" },
};

function Swatch({ kind }: { kind: DemandLineKey }) {
  const style = STYLE[kind];
  return (
    <g>
      <line x1={0} x2={LEGEND_SWATCH} y1={0} y2={0} stroke={style.stroke} strokeWidth={style.width} strokeDasharray={style.dash} />
      {kind === "authority" ? <OwnMarker x={LEGEND_SWATCH / 2} y={0} /> : null}
    </g>
  );
}

/** The chosen authority (vermillion, thick, diamonds) against England (solid), its region (dashed) and neighbours (dotted). */
export function DemandSeriesChart({ title, width, ...input }: DemandSeriesInput & ChartOptions) {
  const layout = layoutDemandSeries(input, { title, width });
  const { plot } = layout;
  // The authority's line is drawn last, on top.
  const ordered = [...layout.lines].sort((a, b) => (a.key === "authority" ? 1 : 0) - (b.key === "authority" ? 1 : 0));
  return (
    <ChartSvg frame={layout} name="demand-series">
      <Legend items={layout.legend} swatch={(key) => <Swatch kind={key} />} />
      <LeftAxis ticks={layout.ticks} left={plot.left} right={plot.right} />
      <YearAxis years={layout.years} bottom={plot.bottom} />
      {layout.base ? (
        <line x1={layout.base.x} x2={layout.base.x} y1={plot.top} y2={plot.bottom} stroke={PALETTE.grid} strokeWidth={2} />
      ) : null}
      {ordered.map((l) => {
        const style = STYLE[l.key];
        return (
          <g key={l.key} className={`app-chart__line app-chart__line--${l.key}`}>
            {l.path ? <path d={l.path} fill="none" stroke={style.stroke} strokeWidth={style.width} strokeDasharray={style.dash} /> : null}
            {l.key === "authority" ? l.points.map((p) => <OwnMarker key={p.x} x={p.x} y={p.y} />) : null}
            {l.label ? (
              <Label text={l.label} fontSize={SMALL_FONT_SIZE} {...(l.key === "authority" ? { fontWeight: "bold" as const } : {})} />
            ) : null}
          </g>
        );
      })}
    </ChartSvg>
  );
}
