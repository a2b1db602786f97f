import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { ResultsHeader } from "~/components/results-header";
import { headlineView } from "~/domain/disclosure";
import { formatMetricValue } from "~/domain/format";
import { FIGURES, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { resultsHeaderData } from "~/services/results-page.server";

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

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug);
  const ownId = viewer.kind === "member" ? viewer.authorityId : null;
  const [distribution, composition, groups] = await Promise.all([
    pageFigure(context, ctx, FIGURES.distribution, search),
    pageFigure(context, ctx, FIGURES.composition, search),
    pageFigure(context, ctx, FIGURES.groups, search, { metric: "unit_cost.send" }),
  ]);
  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    minGroupSize: ctx.minGroupSize,
    ownName: ownId === null ? null : (results.identities.get(ownId)?.name ?? null),
    approvedReturns: results.identities.size,
    headlines: ownId === null ? [] : headlineView(results, ownId, HEADLINE_METRICS),
    figures: { distribution: distribution?.slot ?? null, composition: composition?.slot ?? null, groups: groups?.slot ?? null },
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
      {page.figures.distribution ? <PrerenderedFigure figure={page.figures.distribution} /> : null}
      {page.figures.composition ? (
        <>
          <h2 className="govuk-heading-m">Where the transport budget goes</h2>
          <PrerenderedFigure figure={page.figures.composition} />
        </>
      ) : null}
      <h2 className="govuk-heading-m">Regions compared</h2>
      {page.figures.groups ? <PrerenderedFigure figure={page.figures.groups} /> : null}
    </>
  );
}
