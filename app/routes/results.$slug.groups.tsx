import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { MetricSelect } from "~/components/metric-select";
import { ResultsHeader } from "~/components/results-header";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { FIGURES, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { resultsHeaderData } from "~/services/results-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Regions – ${data?.header.roundName ?? ""} – Benchmark Network` }];

/** Regions side by side (median and interquartile range); a regional viewer's own group is highlighted. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug);
  const { metric, requestedKey, terms } = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const ownGroup = viewer.kind === "regional_viewer" ? results.groups.find((group) => group.id === viewer.groupId) : undefined;
  const figure = (await pageFigure(context, ctx, FIGURES.groups, search))!;
  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    ownGroupName: ownGroup?.name ?? null,
    metric: { key: metric.key, label: metric.label, unit: metric.unit, description: metric.description },
    requestedKey,
    terms,
    minGroupSize: ctx.minGroupSize,
    figure: figure.slot,
  };
}

export default function RegionsCompared() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <ResultsHeader
        {...page.header}
        heading={page.ownGroupName ? `${page.ownGroupName} against other regions` : "Regions compared"}
        showNeighbours={page.role === "member"}
        identified={page.role === "coordinator"}
      />
      <p className="govuk-body">
        Each region shows the middle half of its authorities' figures and their median. A region is shown only when at least{" "}
        {page.minGroupSize} approved returns contribute, and not when it would differ from another figure by fewer than {page.minGroupSize}{" "}
        councils; otherwise it says it is suppressed and why. Medians and quartiles are moved by a small fixed amount so that none is any
        one council's figure.
      </p>
      <Form method="get" className="app-picker">
        <MetricSelect id="metric" name="metric" label="Metric" value={page.requestedKey} />
        <input type="hidden" name="terms" value={page.terms} />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show metric
        </button>
      </Form>
      <h2 className="govuk-heading-m">{page.metric.label}</h2>
      <PrerenderedFigure figure={page.figure} />
    </>
  );
}
