import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GroupComparisonChart } from "~/components/charts/group-comparison/group-comparison";
import { MetricSelect } from "~/components/metric-select";
import { ResultsHeader } from "~/components/results-header";
import { ChartFigure, PrerenderedFigure } from "~/components/view-table";
import { groupComparisonView } from "~/domain/disclosure";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { groupComparisonTable } from "~/domain/view-tables";
import { getEnv } from "~/utils/env.server";
import { downloadHref } from "~/utils/results-links";
import { resultsHeaderData } from "~/services/results-page.server";
import { requireRoundResults, viewerCacheKey } from "~/utils/results-access.server";
import { renderFigure } from "~/utils/figure-cache.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Regions – ${data?.header.roundName ?? ""} – Benchmark Network` }];

/** Regions side by side (median and interquartile range); a regional viewer's own group is highlighted. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const { metric, requestedKey, terms } = resolveMetricChoice(new URL(request.url).searchParams, {
    realTermsAvailable: results.realTerms.available,
  });
  const groups = groupComparisonView(results, viewer, metric.key, {
    kind: "region",
    highlightGroupId: viewer.kind === "regional_viewer" ? viewer.groupId : null,
  });
  const ownGroup = viewer.kind === "regional_viewer" ? results.groups.find((group) => group.id === viewer.groupId) : undefined;
  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    ownGroupName: ownGroup?.name ?? null,
    metric: { key: metric.key, label: metric.label, unit: metric.unit, description: metric.description },
    requestedKey,
    terms,
    minGroupSize,
    figureHtml: renderFigure(
      `${results.cacheKey}|${viewerCacheKey(viewer)}|groups|${metric.key}|${minGroupSize}`,
      "groups-",
      <ChartFigure
        chart={
          <GroupComparisonChart
            unit={metric.unit}
            groups={groups.map((g) => ({ ...g, n: g.n ?? 0 }))}
            minGroupSize={minGroupSize}
            title={`${metric.label} by region: median and interquartile range`}
          />
        }
        table={groupComparisonTable(metric.label, metric.unit, groups)}
        downloadHref={downloadHref(results.round.slug, "groups", { metric: metric.key })}
      />,
    ),
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
      <PrerenderedFigure html={page.figureHtml} />
    </>
  );
}
