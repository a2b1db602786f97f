import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DistributionChart } from "~/components/charts/distribution/distribution";
import { RankingChart } from "~/components/charts/ranking/ranking";
import { TrendChart } from "~/components/charts/trend/trend";
import { MetricTermsForm } from "~/components/metric-terms-form";
import { ResultsHeader } from "~/components/results-header";
import { ChartFigure, PrerenderedFigure } from "~/components/view-table";
import { rankingView, trendView } from "~/domain/disclosure";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { placementTable, rankingTable, trendTable } from "~/domain/view-tables";
import { renderFigure } from "~/utils/figure-cache.server";
import { downloadHref } from "~/utils/results-links";
import { resultsHeaderData } from "~/services/results-page.server";
import { loadPublishedResults, requireRoundResults, viewerCacheKey } from "~/utils/results-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.metric.label ?? "Metric explorer"} – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const search = new URL(request.url).searchParams;
  const choice = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const metric = choice.metric;
  const slug = results.round.slug;
  const key = (figure: string) => `${results.cacheKey}|${viewerCacheKey(viewer)}|explore|${figure}`;

  // Confidential metrics: every authority one by one under this chart's own labels. Public-linkable
  // and trend metrics: the network's distribution with the member's own value placed in it.
  const ranking = rankingView(results, viewer, metric.key)!;
  const stats = ranking.distribution.shown ? ranking.distribution : null;
  const available = ranking.mode === "ranked" ? ranking.rows.length > 0 : (results.byMetric.get(metric.key)?.length ?? 0) > 0;
  const rankingHtml = !available
    ? null
    : renderFigure(
        key(`ranking|${metric.key}`),
        "ranking-",
        ranking.mode === "ranked" ? (
          <ChartFigure
            summary={ranking.ownSummary}
            chart={
              <RankingChart
                metricLabel={metric.label}
                unit={metric.unit}
                bars={ranking.rows.map((row) => ({ id: row.key, label: row.label, value: row.value, highlighted: row.own }))}
                stats={stats && { q1: stats.q1, median: stats.median, q3: stats.q3 }}
                title={`${metric.label}: every authority, lowest first, with the network's median and quartiles`}
              />
            }
            table={rankingTable({ metricLabel: metric.label, unit: metric.unit, rows: ranking.rows })}
            downloadHref={downloadHref(slug, "ranking", { metric: metric.key })}
          />
        ) : (
          <ChartFigure
            summary={ranking.ownSummary}
            chart={
              <DistributionChart
                unit={metric.unit}
                groups={[{ label: "All authorities", stats, own: ranking.own?.value ?? null }]}
                title={`${metric.label}: the network's middle half and median${ranking.own ? ", with your value marked" : ""}`}
              />
            }
            table={placementTable(
              metric.label,
              metric.unit,
              stats,
              ranking.own,
              ranking.distribution.shown ? null : ranking.distribution.message,
            )}
            downloadHref={downloadHref(slug, "ranking", { metric: metric.key })}
          />
        ),
      );

  // A member's own line over time against the network's band; other authorities' lines are never offered.
  let trendHtml: string | null = null;
  if (viewer.kind === "member") {
    const published = await loadPublishedResults();
    const trend = trendView(published, viewer, metric.key);
    trendHtml = renderFigure(
      `${published.map((r) => r.cacheKey).join(",")}|${viewerCacheKey(viewer)}|trend|${metric.key}`,
      "trend-",
      <ChartFigure
        chart={
          <TrendChart
            unit={metric.unit}
            points={trend}
            title={`${metric.label}: your authority against the network's middle half, by year`}
          />
        }
        table={trendTable(metric.label, metric.unit, trend)}
        downloadHref={downloadHref(slug, "trend", { metric: metric.key })}
      />,
    );
  }

  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    choice: { requestedKey: choice.requestedKey, terms: choice.terms },
    realTermsAvailable: results.realTerms.available,
    metric: { key: metric.key, label: metric.label, description: metric.description },
    mode: ranking.mode,
    rankingHtml,
    trendHtml,
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
      <p className="govuk-body-s">{page.metric.description}</p>
      {page.role === "coordinator" || page.mode === "ranked" ? null : (
        <p className="govuk-body">
          This figure would identify a council (public statistics publish it or something close), so other councils are shown only as the
          network's middle half and median, with your own value placed in it.
        </p>
      )}
      {page.rankingHtml === null ? (
        <p className="govuk-body">No approved return in this round has this figure.</p>
      ) : (
        <PrerenderedFigure html={page.rankingHtml} />
      )}
      {page.trendHtml ? (
        <>
          <h2 className="govuk-heading-m">Your figure over time</h2>
          <PrerenderedFigure html={page.trendHtml} />
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
