import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ResultsHeader } from "~/components/results-header";
import { neighbourView } from "~/domain/disclosure";
import { formatMetricValue } from "~/domain/format";
import { listStatisticalNeighbourIds } from "~/models/round-results.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { resultsHeaderData } from "~/services/results-page.server";
import { requireOwnAuthority, requireRoundResults } from "~/utils/results-access.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Statistical neighbours – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

const NEIGHBOUR_METRICS = [
  "unit_cost.send",
  "spend_per_ehcp",
  "ehcp_rate_per_10k",
  "unit_cost.special",
  "unit_cost.independent_special",
  "unit_cost.post16",
  "single_occupancy_share",
  "mode_share.taxi",
  "growth.unit_cost.send",
  "growth.ehcps",
];

/** A member against their ten DfE statistical neighbours, as aggregates only (domain spec §5). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug);
  const authorityId = requireOwnAuthority(viewer);
  const neighbourIds = await listStatisticalNeighbourIds(getDb(), authorityId);
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  return {
    header: resultsHeaderData(results),
    ownName: results.identities.get(authorityId)?.name ?? null,
    neighbourCount: neighbourIds.length,
    contributing: neighbourIds.filter((id) => results.identities.has(id)).length,
    minGroupSize,
    rows: neighbourView(results, authorityId, NEIGHBOUR_METRICS),
  };
}

export default function StatisticalNeighbours() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <ResultsHeader {...page.header} heading="Your statistical neighbours" showNeighbours identified={false} />
      <p className="govuk-body">
        The Department for Education names {page.neighbourCount} authorities most like yours. {page.contributing} of them have an approved
        return in this round. Because the list is public, their figures are shown only together — the median and middle half, moved by a
        small fixed amount so that none is any one council's figure — and only when at least {page.minGroupSize} contribute and the figure
        does not differ from another one shown by fewer than {page.minGroupSize} councils.
      </p>
      <TableScroll label="Your authority against its statistical neighbours">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {page.ownName ?? "Your authority"} against its statistical neighbours
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Measure
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Your authority
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Neighbours' lower quartile
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Neighbours' median
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Neighbours' upper quartile
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Contributing
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.rows.map((row) => {
              const format = (value: number | null) =>
                value === null
                  ? "Not available"
                  : formatMetricValue(row.metric.unit, value, {
                      signed: row.metric.unit === "percent" && row.metric.key.startsWith("growth."),
                    });
              return (
                <tr key={row.metric.key} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {row.metric.label}
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{format(row.own)}</td>
                  {!row.neighbours.shown ? (
                    <td className="govuk-table__cell govuk-table__cell--numeric" colSpan={4}>
                      {row.neighbours.message}
                    </td>
                  ) : (
                    <>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{format(row.neighbours.q1)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{format(row.neighbours.median)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{format(row.neighbours.q3)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{row.neighbours.n}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
