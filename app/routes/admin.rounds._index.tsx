import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { listRoundsWithCounts } from "~/models/round.server";
import { requireCoordinator } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Rounds – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return { rounds: await listRoundsWithCounts(getDb()) };
}

export default function Rounds() {
  const { rounds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Survey rounds</h1>
      <Link to="/admin/rounds/new" className="govuk-button" data-module="govuk-button">
        Create a round
      </Link>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{rounds.length} rounds</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Round
            </th>
            <th scope="col" className="govuk-table__header">
              Financial year
            </th>
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Submitted
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Approved
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rounds.map((round) => (
            <tr key={round.slug} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link to={`/admin/rounds/${round.slug}`} className="govuk-link">
                  {round.name}
                </Link>
              </td>
              <td className="govuk-table__cell">{round.financial_year}</td>
              <td className="govuk-table__cell">
                <StatusTag status={round.status} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{round.counts.submitted}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{round.counts.approved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
