import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ADMIN_ROUND_COLUMN, ROUND_STATUS_COLUMN, returnCountColumn } from "~/components/round-columns";
import { Table } from "~/components/ui/table";
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
      <Table
        caption={`${rounds.length} rounds`}
        rows={rounds}
        rowKey={(round) => round.slug}
        columns={[
          ADMIN_ROUND_COLUMN,
          { header: "Financial year", cell: (round) => round.financial_year },
          ROUND_STATUS_COLUMN,
          returnCountColumn("submitted"),
          returnCountColumn("approved"),
        ]}
      />
    </>
  );
}
