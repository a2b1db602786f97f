import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MetricTermsForm } from "~/components/metric-terms-form";
import { ResultsHeader } from "~/components/results-header";
import { DataTable, PrerenderedFigure } from "~/components/view-table";
import { insightFigureHref, loadYearsView } from "~/services/insight.server";
import { resultsHeaderData } from "~/services/results-page.server";
import { requireRoundResults } from "~/utils/results-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Every year at a glance – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

/** A member's own figures over every published round, and any metric against the network's band. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const view = await loadYearsView(viewer, results, new URL(request.url).searchParams);
  return {
    header: resultsHeaderData(results),
    ownName: viewer.kind === "member" ? (results.identities.get(viewer.authorityId)?.name ?? null) : null,
    realTermsAvailable: results.realTerms.available,
    metric: { key: view.metric.key, label: view.metric.label, description: view.metric.description },
    requestedKey: view.requestedKey,
    terms: view.terms,
    figureHtml: view.figureHtml,
    ownTable: view.ownTable,
    years: view.years,
    downloads: {
      csv: insightFigureHref(results.round.slug, "own-figures", { format: "csv" }),
      xlsx: insightFigureHref(results.round.slug, "own-figures", { format: "xlsx" }),
    },
  };
}

export default function EveryYear() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <ResultsHeader {...page.header} heading="Every year at a glance" showNeighbours identified={false} />
      <p className="govuk-body">
        {page.ownName ?? "Your authority"}'s figures in every published round ({page.years.join(", ")}), and any one of them against the
        network's middle half and median.
      </p>
      <MetricTermsForm metricKey={page.requestedKey} terms={page.terms} realTermsAvailable={page.realTermsAvailable} />
      <h2 className="govuk-heading-m">{page.metric.label}</h2>
      <p className="govuk-body-s">{page.metric.description}</p>
      <PrerenderedFigure html={page.figureHtml} />
      <h2 className="govuk-heading-m">All your figures</h2>
      <p className="govuk-body">
        Download your own figures for every round at full precision:{" "}
        <a href={page.downloads.csv} className="govuk-link" download>
          CSV<span className="govuk-visually-hidden"> of your figures in every round</span>
        </a>{" "}
        or{" "}
        <a href={page.downloads.xlsx} className="govuk-link" download>
          Excel<span className="govuk-visually-hidden"> of your figures in every round</span>
        </a>
        .
      </p>
      <div className="app-table-scroll">
        <DataTable table={page.ownTable} />
      </div>
    </>
  );
}
