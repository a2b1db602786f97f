import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusTag } from "~/components/ui/tag";
import { listRounds } from "~/models/round.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "Results – Benchmark Network" }];

/** Rounds whose results the user may compare: published ones, and for coordinators every round (as a preview). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rounds = (await listRounds(getDb())).filter((round) => user.role === "coordinator" || round.status === "published");
  return {
    rounds: rounds.map((round) => ({ slug: round.slug, name: round.name, financialYear: round.financial_year, status: round.status })),
  };
}

export default function Results() {
  const { rounds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Results</h1>
      {rounds.length === 0 ? (
        <p className="govuk-body">No results have been published yet.</p>
      ) : (
        <ul className="govuk-list">
          {rounds.map((round) => (
            <li key={round.slug}>
              <Link to={`/results/${round.slug}`} className="govuk-link">
                {round.name}
              </Link>{" "}
              ({round.financialYear}) {round.status === "published" ? null : <StatusTag status={round.status} />}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
