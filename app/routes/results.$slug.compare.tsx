import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { MetricSelect } from "~/components/metric-select";
import { ResultsHeader } from "~/components/results-header";
import { FIGURES, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { resultsHeaderData } from "~/services/results-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Compare two metrics – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

/** Two metrics against each other for every authority, the member's own point highlighted and named. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug);
  const axes = FIGURES.scatter.params(search, ctx);
  const figure = (await pageFigure(context, ctx, FIGURES.scatter, search))!;
  return { header: resultsHeaderData(results), role: viewer.kind, ...axes, othersShown: figure.meta.othersShown, figure: figure.slot };
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
      <PrerenderedFigure figure={page.figure} />
    </>
  );
}
