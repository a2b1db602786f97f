import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { MetricTermsForm } from "~/components/metric-terms-form";
import { ResultsHeader } from "~/components/results-header";
import { DataTable } from "~/components/view-table";
import { resolveMetricChoice } from "~/domain/metric-choice";
import { FIGURES, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { loadOwnFigures } from "~/services/insight.server";
import { downloadHref } from "~/utils/results-links";
import { resultsHeaderData } from "~/services/results-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Every year at a glance – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

/** A member's own figures over every published round, and any metric against the network's band. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug);
  const own = await loadOwnFigures(viewer);
  const { metric, requestedKey, terms } = resolveMetricChoice(search, { realTermsAvailable: results.realTerms.available });
  const figure = (await pageFigure(context, ctx, FIGURES.trend, search))!;
  return {
    header: resultsHeaderData(results),
    ownName: viewer.kind === "member" ? (results.identities.get(viewer.authorityId)?.name ?? null) : null,
    realTermsAvailable: results.realTerms.available,
    metric: { key: metric.key, label: metric.label, description: metric.description },
    requestedKey,
    terms,
    figure: figure.slot,
    ownTable: own.ownTable,
    years: own.years,
    downloads: {
      csv: downloadHref(results.round.slug, "own-figures"),
      xlsx: downloadHref(results.round.slug, "own-figures", { format: "xlsx" }),
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
      <PrerenderedFigure figure={page.figure} />
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
      <DataTable table={page.ownTable} />
    </>
  );
}
