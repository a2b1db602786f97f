import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ScatterChart } from "~/components/charts/scatter/scatter";
import { MetricSelect } from "~/components/metric-select";
import { ResultsHeader } from "~/components/results-header";
import { ChartFigure, PrerenderedFigure } from "~/components/view-table";
import { scatterView } from "~/domain/disclosure";
import { findMetric } from "~/domain/metrics";
import { scatterTable } from "~/domain/view-tables";
import { renderFigure } from "~/utils/figure-cache.server";
import { downloadHref } from "~/utils/results-links";
import { resultsHeaderData } from "~/services/results-page.server";
import { requireRoundResults, viewerCacheKey } from "~/utils/results-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Compare two metrics – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

const DEFAULT_AXES = { x: "ehcp_rate_per_10k", y: "unit_cost.send" };

/** Two metrics against each other for every authority, the member's own point highlighted and named. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const search = new URL(request.url).searchParams;
  const x = findMetric(search.get("x") ?? "") ?? findMetric(DEFAULT_AXES.x)!;
  const y = findMetric(search.get("y") ?? "") ?? findMetric(DEFAULT_AXES.y)!;
  const scatter = scatterView(results, viewer, x.key, y.key);
  const figureHtml = renderFigure(
    `${results.cacheKey}|${viewerCacheKey(viewer)}|scatter|${x.key}|${y.key}`,
    "scatter-",
    (() => {
      const points = scatter.points;
      return (
        <ChartFigure
          chart={
            <ScatterChart
              x={{ label: x.label, unit: x.unit }}
              y={{ label: y.label, unit: y.unit }}
              points={points.map((p) => ({
                id: p.key,
                x: p.x,
                y: p.y,
                highlighted: p.highlighted,
                ...(p.highlighted ? { label: p.label } : {}),
              }))}
              title={`${y.label} against ${x.label}`}
            />
          }
          table={scatterTable({ key: x.key, label: x.label, unit: x.unit }, { key: y.key, label: y.label, unit: y.unit }, points)}
          downloadHref={downloadHref(results.round.slug, "scatter", { x: x.key, y: y.key })}
        />
      );
    })(),
  );
  return { header: resultsHeaderData(results), role: viewer.kind, x: x.key, y: y.key, othersShown: scatter.othersShown, figureHtml };
}

export default function CompareMetrics() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <ResultsHeader
        {...page.header}
        heading="Compare two metrics"
        showNeighbours={page.role === "member"}
        identified={page.role === "coordinator"}
      />
      <Form method="get" className="app-picker">
        <MetricSelect id="x" name="x" label="Across (horizontal axis)" value={page.x} />
        <MetricSelect id="y" name="y" label="Up (vertical axis)" value={page.y} />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Compare
        </button>
      </Form>
      {page.role === "coordinator" ? null : (
        <p className="govuk-body">
          {page.othersShown
            ? "Other councils' points carry no label, and are placed at the precision shown on the axes."
            : "Other councils are shown only when both measures are rates that do not identify a council (such as unit costs or shares); with either measure you chose, only your own point is shown."}
        </p>
      )}
      <PrerenderedFigure html={page.figureHtml} />
    </>
  );
}
