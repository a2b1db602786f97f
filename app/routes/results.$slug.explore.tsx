import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { RankingChart } from "~/components/charts/ranking/ranking";
import { ScatterChart } from "~/components/charts/scatter/scatter";
import { TrendChart } from "~/components/charts/trend/trend";
import { MetricSelect } from "~/components/metric-select";
import { ResultsHeader } from "~/components/results-header";
import { ChartFigure } from "~/components/view-table";
import { rankingView, scatterView, trendView } from "~/domain/comparisons.server";
import { findMetric } from "~/domain/metrics";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { rankingTable, scatterTable, trendTable } from "~/domain/view-tables";
import { downloadHref } from "~/utils/results-links";
import { resultsHeaderData } from "~/utils/results-page.server";
import { loadPublishedResults, requireRoundResults } from "~/utils/results-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.ranking.metric.label ?? "Metric explorer"} – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

const DEFAULT_SCATTER = { x: "ehcp_rate_per_10k", y: "unit_cost.send" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const search = new URL(request.url).searchParams;
  const choice = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const ranking = rankingView(results, viewer, choice.metric.key)!;
  const x = findMetric(search.get("x") ?? "") ?? findMetric(DEFAULT_SCATTER.x)!;
  const y = findMetric(search.get("y") ?? "") ?? findMetric(DEFAULT_SCATTER.y)!;
  const points = scatterView(results, viewer, x.key, y.key);
  // A member's own line over time against the network's band; other authorities' lines are never offered.
  const trend = viewer.kind === "member" ? trendView(await loadPublishedResults(), viewer.authorityId, choice.metric.key) : null;
  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    choice: { requestedKey: choice.requestedKey, terms: choice.terms },
    realTermsAvailable: results.realTerms.available,
    // Tables are built in the component from the same rows, so the page data carries each row once.
    ranking,
    scatter: { x: { key: x.key, label: x.label, unit: x.unit }, y: { key: y.key, label: y.label, unit: y.unit }, points },
    trend,
  };
}

export default function MetricExplorer() {
  const page = useLoaderData<typeof loader>();
  const { header, ranking, scatter } = page;
  const stats = ranking.statistics;
  return (
    <>
      <ResultsHeader {...header} heading="Metric explorer" showNeighbours={page.role === "member"} identified={page.role === "coordinator"} />
      <Form method="get" className="app-picker">
        <input type="hidden" name="x" value={scatter.x.key} />
        <input type="hidden" name="y" value={scatter.y.key} />
        <MetricSelect id="metric" name="metric" label="Metric" value={page.choice.requestedKey} />
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Unit costs in</legend>
            <div className="govuk-radios govuk-radios--inline govuk-radios--small">
              {(["cash", "real"] as const).map((terms) => (
                <div key={terms} className="govuk-radios__item">
                  <input className="govuk-radios__input" id={`terms-${terms}`} name="terms" type="radio" value={terms} defaultChecked={page.choice.terms === terms} disabled={terms === "real" && !page.realTermsAvailable} />
                  <label className="govuk-label govuk-radios__label" htmlFor={`terms-${terms}`}>
                    {terms === "cash" ? "Cash terms" : "Real terms"}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show metric
        </button>
      </Form>
      <h2 className="govuk-heading-m">{ranking.metric.label}</h2>
      <p className="govuk-body-s">{ranking.metric.description}</p>
      {ranking.rows.length === 0 ? (
        <p className="govuk-body">No approved return in this round has this figure.</p>
      ) : (
        <ChartFigure
          summary={ranking.ownSummary}
          chart={
            <RankingChart
              metricLabel={ranking.metric.label}
              unit={ranking.metric.unit}
              bars={ranking.rows.map((row) => ({ id: row.key, label: row.label, value: row.value, highlighted: row.own }))}
              stats={stats ? { q1: stats.q1, median: stats.median, q3: stats.q3 } : null}
              title={`${ranking.metric.label}: every authority, lowest first, with the network's median and quartiles`}
            />
          }
          table={rankingTable({ metricLabel: ranking.metric.label, unit: ranking.metric.unit, rows: ranking.rows })}
          downloadHref={downloadHref(header.slug, "ranking", { metric: ranking.metric.key })}
        />
      )}
      {page.trend ? (
        <>
          <h2 className="govuk-heading-m">Your figure over time</h2>
          <ChartFigure
            chart={<TrendChart unit={ranking.metric.unit} points={page.trend} title={`${ranking.metric.label}: your authority against the network's middle half, by year`} />}
            table={trendTable(ranking.metric.label, ranking.metric.unit, page.trend)}
            downloadHref={downloadHref(header.slug, "trend", { metric: ranking.metric.key })}
          />
        </>
      ) : null}
      <h2 className="govuk-heading-m">Compare two metrics</h2>
      <Form method="get" className="app-picker">
        <input type="hidden" name="metric" value={page.choice.requestedKey} />
        <input type="hidden" name="terms" value={page.choice.terms} />
        <MetricSelect id="x" name="x" label="Across (horizontal axis)" value={scatter.x.key} />
        <MetricSelect id="y" name="y" label="Up (vertical axis)" value={scatter.y.key} />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Compare
        </button>
      </Form>
      <ChartFigure
        chart={<ScatterChart x={{ label: scatter.x.label, unit: scatter.x.unit }} y={{ label: scatter.y.label, unit: scatter.y.unit }} points={scatter.points.map((p) => ({ id: p.key, x: p.x, y: p.y, highlighted: p.highlighted, ...(p.highlighted ? { label: p.label } : {}) }))} title={`${scatter.y.label} against ${scatter.x.label}`} />}
        table={scatterTable(scatter.x, scatter.y, scatter.points)}
        downloadHref={downloadHref(header.slug, "scatter", { x: scatter.x.key, y: scatter.y.key })}
      />
    </>
  );
}
