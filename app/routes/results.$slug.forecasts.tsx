import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { ForecastAuthorityPicker, ForecastCohortPicker, ForecastMethod } from "~/components/forecast-parts";
import { ForecastScenarios } from "~/components/forecast-scenarios";
import { ResultsHeader } from "~/components/results-header";
import { HORIZON_YEARS } from "~/domain/forecast-report";
import { formatMetricValue } from "~/domain/format";
import { FIGURES, forecastPageOf, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { resultsHeaderData } from "~/services/results-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Forecasts – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

/**
 * Cost-growth decomposition, retro-model, forecasts and savings scenarios: a member's own authority,
 * any authority for a coordinator (?authority=CODE), or a regional viewer's group as its median
 * authority. Network and group figures come through domain/disclosure.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug, "results.forecasts");
  const page = await forecastPageOf(ctx, FIGURES.decomposition.params(search, ctx), search);
  const header = resultsHeaderData(results);
  if (page.kind !== "report") return { ...page, header, role: viewer.kind };
  const [decomposition, ...forecasts] = await Promise.all([
    pageFigure(context, ctx, FIGURES.decomposition, search),
    ...page.report.forecasts.map((forecast) => pageFigure(context, ctx, FIGURES.forecast, search, { metric: forecast.metric })),
  ]);
  const { report } = page;
  return {
    ...page,
    header,
    role: viewer.kind,
    // The charts are drawn by the figure registry; the page keeps only what its words need.
    report: {
      firstYear: report.firstYear,
      latestYear: report.latestYear,
      network: report.network,
      retro: report.retro,
      scenarios: report.scenarios,
      spendGrowth: report.spendGrowth,
      forecasts: report.forecasts.map((forecast, i) => ({
        metric: forecast.metric,
        label: forecast.label,
        figure: forecasts[i]?.slot ?? null,
        reason: forecast.result.ok ? null : `${forecast.result.reason}${forecast.sources ? ` Sources: ${forecast.sources}` : ""}`,
      })),
    },
    decomposition: decomposition?.slot ?? null,
  };
}

const pct = (value: number) => formatMetricValue("percent", value * 100, { signed: true });

export default function Forecasts() {
  const page = useLoaderData<typeof loader>();
  const header = { ...page.header, showNeighbours: page.role === "member", identified: page.role === "coordinator" };
  if (page.kind === "choose") {
    return (
      <>
        <ResultsHeader {...header} heading="Forecasts and scenarios" />
        <ForecastAuthorityPicker authorities={page.authorities} />
      </>
    );
  }
  if (page.kind !== "report") {
    return (
      <>
        <ResultsHeader {...header} heading="Forecasts and scenarios" />
        <p className="govuk-body">
          {page.kind === "suppressed"
            ? `${page.message}.`
            : "There is no approved return for this authority up to this round, so there is nothing to forecast from yet."}
        </p>
      </>
    );
  }
  const { report, inputs } = page;
  return (
    <>
      <ResultsHeader {...header} heading={`Forecasts and scenarios: ${page.subjectName}`} />
      <h2 className="govuk-heading-m">
        Why spend changed, {report.firstYear} to {report.latestYear}
      </h2>
      <ForecastCohortPicker cohort={inputs.cohort} pickedCode={page.pickedCode} />
      {page.decomposition ? (
        <PrerenderedFigure figure={page.decomposition} />
      ) : (
        <p className="govuk-body">Not enough history: a decomposition needs spend, children and a deflator for two different rounds.</p>
      )}
      {report.network && !report.network.shown ? <p className="govuk-body">Network median: {report.network.message}.</p> : null}
      {report.retro ? (
        <>
          <h2 className="govuk-heading-m">Had unit costs risen only with inflation</h2>
          <p className="govuk-body">
            {report.latestYear} spend would have been {formatMetricValue("gbp", report.retro.inflationOnlySpend)} (this year's children at{" "}
            {report.firstYear}'s unit cost, uprated by the GDP deflator), against an actual{" "}
            {formatMetricValue("gbp", report.retro.actualSpend)}: {formatMetricValue("gbp", Math.abs(report.retro.difference))}{" "}
            {report.retro.difference >= 0 ? "more" : "less"}.
          </p>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Forecasts for the next {HORIZON_YEARS} years</h2>
      <ForecastMethod />
      {report.forecasts.map((forecast) => (
        <section key={forecast.metric} aria-labelledby={`forecast-${forecast.metric}`}>
          <h3 className="govuk-heading-s" id={`forecast-${forecast.metric}`}>
            {forecast.label}
          </h3>
          {forecast.figure ? <PrerenderedFigure figure={forecast.figure} /> : <p className="govuk-body">{forecast.reason}</p>}
        </section>
      ))}
      {report.scenarios.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Savings scenarios</h2>
          <p className="govuk-body">
            Set the assumptions, then recalculate. Figures use the {report.latestYear} return; the {HORIZON_YEARS}-year total grows with the
            forecast SEND spend{report.spendGrowth === null ? " (no forecast: held flat)" : ` (${pct(report.spendGrowth)} a year)`}.
          </p>
          <ForecastScenarios inputs={inputs} scenarios={report.scenarios} pickedCode={page.pickedCode} />
        </>
      ) : null}
    </>
  );
}
