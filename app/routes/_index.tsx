import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { formatDate } from "~/domain/format";
import { findAuthorityById } from "~/models/authority.server";
import { findGroupById } from "~/models/group.server";
import { listRounds, listRoundsForAuthority, listRoundsWithCounts } from "~/models/round.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Home – Benchmark Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  switch (user.role) {
    case "member": {
      const authority = await findAuthorityById(db, user.authority_id!);
      return {
        role: "member" as const,
        authorityName: authority?.name ?? "",
        rounds: await listRoundsForAuthority(db, user.authority_id!),
      };
    }
    case "regional_viewer": {
      const group = await findGroupById(db, user.group_id!);
      const rounds = (await listRounds(db)).filter((round) => round.status === "published");
      return {
        role: "regional_viewer" as const,
        groupName: group?.name ?? "",
        rounds: rounds.map((round) => ({ slug: round.slug, name: round.name, financialYear: round.financial_year })),
      };
    }
    case "coordinator":
      return { role: "coordinator" as const, rounds: await listRoundsWithCounts(db) };
  }
}

export default function Home() {
  const home = useLoaderData<typeof loader>();
  switch (home.role) {
    case "member":
      return (
        <>
          <span className="govuk-caption-l">{home.authorityName}</span>
          <h1 className="govuk-heading-l">Your benchmarking returns</h1>
          {home.rounds.length === 0 ? (
            <p className="govuk-body">No survey rounds are open yet. Your network coordinator will tell you when one opens.</p>
          ) : (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">Survey rounds</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Round
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Financial year
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Round status
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Closes
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Your return
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {home.rounds.map((round) => (
                  <tr key={round.slug} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      <Link to={`/rounds/${round.slug}`} className="govuk-link">
                        {round.name}
                      </Link>
                    </td>
                    <td className="govuk-table__cell">{round.financialYear}</td>
                    <td className="govuk-table__cell">
                      <StatusTag status={round.status} />
                    </td>
                    <td className="govuk-table__cell">{round.closesOn ? formatDate(round.closesOn) : "Not set"}</td>
                    <td className="govuk-table__cell">
                      <StatusTag status={round.returnStatus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      );
    case "regional_viewer":
      return (
        <>
          <span className="govuk-caption-l">{home.groupName}</span>
          <h1 className="govuk-heading-l">Regional comparisons</h1>
          <p className="govuk-body">
            You can see published comparisons for {home.groupName} against other groups and the whole network. Individual authorities are
            never identified.
          </p>
          {home.rounds.length === 0 ? (
            <p className="govuk-body">No rounds have been published yet.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {home.rounds.map((round) => (
                <li key={round.slug}>
                  <Link to={`/results/${round.slug}`} className="govuk-link">
                    {round.name}
                  </Link>{" "}
                  ({round.financialYear})
                </li>
              ))}
            </ul>
          )}
        </>
      );
    case "coordinator":
      return (
        <>
          <h1 className="govuk-heading-l">Network coordination</h1>
          <p className="govuk-body">
            <Link to="/admin/users" className="govuk-link">
              Manage users
            </Link>
          </p>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Survey rounds</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Round
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Not started
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Draft
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Submitted
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Queried
                </th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Approved
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {home.rounds.map((round) => (
                <tr key={round.slug} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link to={`/admin/rounds/${round.slug}`} className="govuk-link">
                      {round.name}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">
                    <StatusTag status={round.status} />
                  </td>
                  {(["not_started", "draft", "submitted", "queried", "approved"] as const).map((status) => (
                    <td key={status} className="govuk-table__cell govuk-table__cell--numeric">
                      {round.counts[status]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
  }
}
