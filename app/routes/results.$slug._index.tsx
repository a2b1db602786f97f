import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompositionChart } from "~/components/charts/composition/composition";
import { DistributionChart } from "~/components/charts/distribution/distribution";
import { GroupComparisonChart } from "~/components/charts/group-comparison/group-comparison";
import { ResultsHeader } from "~/components/results-header";
import { ChartFigure, PrerenderedFigure } from "~/components/view-table";
import { SEND_COHORTS } from "~/domain/cohorts";
import { compositionView, distributionView, groupComparisonView, headlineView } from "~/domain/disclosure";
import { formatMetricValue } from "~/domain/format";
import { compositionTable, distributionTable, groupComparisonTable } from "~/domain/view-tables";
import { getEnv } from "~/utils/env.server";
import { downloadHref } from "~/utils/results-links";
import { resultsHeaderData } from "~/services/results-page.server";
import { requireRoundResults, viewerCacheKey } from "~/utils/results-access.server";
import { renderFigure } from "~/utils/figure-cache.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.header.roundName ?? "Results"} – Benchmark Network` }];

const HEADLINE_METRICS = [
  "unit_cost.send",
  "spend_per_ehcp",
  "ehcp_rate_per_10k",
  "spend.send",
  "children.send",
  "unit_cost.special",
  "unit_cost.independent_special",
  "unit_cost.post16",
  "single_occupancy_share",
] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const header = resultsHeaderData(results);
  const ownId = viewer.kind === "member" ? viewer.authorityId : null;
  const distribution = distributionView(results, viewer, "unit_cost", SEND_COHORTS);
  const composition = compositionView(results, viewer);
  const groups = groupComparisonView(results, viewer, "unit_cost.send", {
    kind: "region",
    highlightGroupId: viewer.kind === "regional_viewer" ? viewer.groupId : null,
  });
  const key = (figure: string) => `${results.cacheKey}|${viewerCacheKey(viewer)}|overview|${figure}`;
  return {
    header,
    role: viewer.kind,
    minGroupSize,
    ownName: ownId === null ? null : (results.identities.get(ownId)?.name ?? null),
    approvedReturns: results.identities.size,
    headlines: ownId === null ? [] : headlineView(results, ownId, HEADLINE_METRICS),
    distributionHtml: renderFigure(
      key("distribution"),
      "distribution-",
      <ChartFigure
        chart={<DistributionChart unit="gbp" groups={distribution} title="Unit cost per child by SEND cohort across the network" />}
        table={distributionTable("Unit cost per child", "gbp", distribution)}
        downloadHref={downloadHref(header.slug, "distribution")}
      />,
    ),
    compositionHtml:
      ownId === null
        ? null
        : renderFigure(
            key("composition"),
            "composition-",
            <ChartFigure
              chart={
                <CompositionChart
                  rows={composition}
                  title="Share of transport spend by cohort: your authority against the network median"
                />
              }
              table={compositionTable(composition)}
              downloadHref={downloadHref(header.slug, "composition")}
            />,
          ),
    groupsHtml: renderFigure(
      key(`groups|${minGroupSize}`),
      "groups-",
      <ChartFigure
        chart={
          <GroupComparisonChart
            unit="gbp"
            groups={groups.map((g) => ({ ...g, n: g.n ?? 0 }))}
            minGroupSize={minGroupSize}
            title="Unit cost per child (all SEND cohorts) by region: median and interquartile range"
          />
        }
        table={groupComparisonTable("Unit cost per child: all SEND cohorts", "gbp", groups)}
        downloadHref={downloadHref(header.slug, "groups", { metric: "unit_cost.send" })}
      />,
    ),
  };
}

export default function ResultsOverview() {
  const page = useLoaderData<typeof loader>();
  const { header } = page;
  return (
    <>
      <ResultsHeader
        {...header}
        heading={page.ownName ? `How ${page.ownName} compares` : "How the network compares"}
        showNeighbours={page.role === "member"}
        identified={page.role === "coordinator"}
      />
      <p className="govuk-body">{page.approvedReturns} authorities' approved returns make up this round's comparisons.</p>
      {page.role === "coordinator" ? null : (
        <p className="govuk-body">
          Other councils appear only as medians and quartiles, which are moved by a small fixed amount so that none is any one council's
          figure, and only where at least {page.minGroupSize} councils contribute.
        </p>
      )}
      {page.role === "member" ? (
        page.headlines.length === 0 ? (
          <p className="govuk-body">Your authority has no approved return in this round, so there is nothing of yours to compare.</p>
        ) : (
          <>
            <h2 className="govuk-heading-m">Headline figures</h2>
            <ul className="govuk-list app-headlines">
              {page.headlines.map((headline) => (
                <li key={headline.metric.key}>
                  <span className="govuk-body-s app-headline__label">{headline.metric.label}</span>
                  <span className="govuk-body-l app-headline__value">{headline.summary}</span>
                </li>
              ))}
            </ul>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Headline figures against the network</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Measure
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    {page.ownName}
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Rank (1 = lowest)
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Network median
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Change since previous return
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Growth since first return
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {page.headlines.map((headline) => (
                  <tr key={headline.metric.key} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      <Link to={`/results/${header.slug}/explore?metric=${encodeURIComponent(headline.metric.key)}`} className="govuk-link">
                        {headline.metric.label}
                      </Link>
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {formatMetricValue(headline.metric.unit, headline.value)}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{`${headline.rank} of ${headline.n}`}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {headline.median === null ? "—" : formatMetricValue(headline.metric.unit, headline.median)}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {headline.change === null ? "Not available" : formatMetricValue("percent", headline.change, { signed: true })}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {headline.growth === null ? "Not available" : formatMetricValue("percent", headline.growth, { signed: true })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      ) : null}
      <h2 className="govuk-heading-m">Unit cost per child by cohort</h2>
      <PrerenderedFigure html={page.distributionHtml} />
      {page.compositionHtml ? (
        <>
          <h2 className="govuk-heading-m">Where the transport budget goes</h2>
          <PrerenderedFigure html={page.compositionHtml} />
        </>
      ) : null}
      <h2 className="govuk-heading-m">Regions compared</h2>
      <PrerenderedFigure html={page.groupsHtml} />
    </>
  );
}
