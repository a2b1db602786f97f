import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ADMIN_ROUND_COLUMN, ROUND_STATUS_COLUMN, returnCountColumn } from "~/components/round-columns";
import { Table } from "~/components/ui/table";
import { StatusTag } from "~/components/ui/tag";
import { formatDate } from "~/domain/format";
import { RETURN_STATUSES } from "~/domain/round-lifecycle";
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
            <Table
              caption="Survey rounds"
              rows={home.rounds}
              rowKey={(round) => round.slug}
              columns={[
                {
                  header: "Round",
                  cell: (round) => (
                    <Link to={`/rounds/${round.slug}`} className="govuk-link">
                      {round.name}
                    </Link>
                  ),
                },
                { header: "Financial year", cell: (round) => round.financialYear },
                { header: "Round status", cell: (round) => <StatusTag status={round.status} /> },
                { header: "Closes", cell: (round) => (round.closesOn ? formatDate(round.closesOn) : "Not set") },
                { header: "Your return", cell: (round) => <StatusTag status={round.returnStatus} /> },
              ]}
            />
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
          <Table
            caption="Survey rounds"
            rows={home.rounds}
            rowKey={(round) => round.slug}
            columns={[ADMIN_ROUND_COLUMN, ROUND_STATUS_COLUMN, ...RETURN_STATUSES.map(returnCountColumn)]}
          />
        </>
      );
  }
}
