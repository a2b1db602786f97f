import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { ResultsHeader } from "~/components/results-header";
import { HeadlineTable } from "~/components/headline-table";
import { headlineView, regionOf } from "~/domain/disclosure";
import { BOX_PLOT_GUIDE } from "~/domain/metric-glossary";
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
    ownRegionName: ownId === null ? null : (regionOf(results, ownId)?.name ?? null),
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
          <HeadlineTable headlines={page.headlines} slug={header.slug} ownName={page.ownName ?? "Your authority"} />
        )
      ) : null}
      <h2 className="govuk-heading-m">Unit cost per child by cohort</h2>
      <p className="govuk-body">
        Each box is the middle half of the network's councils, the line across it their median
        {page.role === "member" ? ", and the orange diamond your own figure" : ""}.{" "}
        <Link to={`/glossary#${BOX_PLOT_GUIDE.id}`} className="govuk-link">
          How to read a box plot
        </Link>
      </p>
      {page.figures.distribution ? <PrerenderedFigure figure={page.figures.distribution} /> : null}
      {page.figures.composition ? (
        <>
          <h2 className="govuk-heading-m">Where the transport budget goes</h2>
          <PrerenderedFigure figure={page.figures.composition} />
        </>
      ) : null}
      <h2 className="govuk-heading-m">Regions compared</h2>
      {page.ownRegionName ? (
        <p className="govuk-body">
          Unit cost per child (all SEND cohorts) in every region, {page.ownRegionName} (your region) in orange, with your own figure as the
          dashed line.
        </p>
      ) : null}
      {page.figures.groups ? <PrerenderedFigure figure={page.figures.groups} /> : null}
    </>
  );
}
