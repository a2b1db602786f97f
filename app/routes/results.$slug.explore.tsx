import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { MetricTermsForm } from "~/components/metric-terms-form";
import { ResultsHeader } from "~/components/results-header";
import { STRIP_CHART_GUIDE } from "~/domain/metric-glossary";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { FIGURES, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { resultsHeaderData } from "~/services/results-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.metric.label ?? "Metric explorer"} – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug);
  const choice = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const metric = choice.metric;
  // Confidential metrics: every authority one by one under this chart's own labels. Public-linkable
  // and trend metrics: the network's distribution with the member's own value placed in it. A
  // member's own line over time against the network's band; other authorities' lines are never offered.
  const [ranking, trend] = await Promise.all([
    pageFigure(context, ctx, FIGURES.ranking, search),
    viewer.kind === "member" ? pageFigure(context, ctx, FIGURES.trend, search) : null,
  ]);
  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    choice: { requestedKey: choice.requestedKey, terms: choice.terms },
    realTermsAvailable: results.realTerms.available,
    metric: { key: metric.key, label: metric.label, description: metric.description },
    mode: ranking?.meta.mode ?? "ranked",
    ranking: ranking?.slot ?? null,
    trend: trend?.slot ?? null,
  };
}

export default function MetricExplorer() {
  const page = useLoaderData<typeof loader>();
  const { header } = page;
  return (
    <>
      <ResultsHeader
        {...header}
        heading="Metric explorer"
        showNeighbours={page.role === "member"}
        identified={page.role === "coordinator"}
      />
      <MetricTermsForm metricKey={page.choice.requestedKey} terms={page.choice.terms} realTermsAvailable={page.realTermsAvailable} />
      <h2 className="govuk-heading-m">{page.metric.label}</h2>
      <p className="govuk-body-s">
        {page.metric.description}{" "}
        <Link to={`/glossary#metric-${page.metric.key}`} className="govuk-link">
          What this metric means
        </Link>
      </p>
      {page.mode === "ranked" ? (
        <p className="govuk-body">
          Each dot is one authority; the shaded band is the middle half and the dark line the median. Every authority's figure and rank is
          in the table under the chart.{" "}
          <Link to={`/glossary#${STRIP_CHART_GUIDE.id}`} className="govuk-link">
            How to read a strip chart
          </Link>
        </p>
      ) : null}
      {page.role === "coordinator" || page.mode === "ranked" ? null : (
        <p className="govuk-body">
          This figure would identify a council (public statistics publish it or something close), so other councils are shown only as the
          network's middle half and median, with your own value placed in it.
        </p>
      )}
      {page.ranking === null ? (
        <p className="govuk-body">No approved return in this round has this figure.</p>
      ) : (
        <PrerenderedFigure figure={page.ranking} />
      )}
      {page.trend ? (
        <>
          <h2 className="govuk-heading-m">Your figure over time</h2>
          <PrerenderedFigure figure={page.trend} />
        </>
      ) : null}
      <p className="govuk-body">
        <Link to={`/results/${header.slug}/compare?y=${encodeURIComponent(page.metric.key)}`} className="govuk-link">
          Compare this metric with another
        </Link>
      </p>
    </>
  );
}
