import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/domain/format";
import { findField, getQuestionSet } from "~/domain/question-set";
import { findReturn, listReturnHistory } from "~/models/return.server";
import { getDb } from "~/utils/db.server";
import { requireCoordinatorReturn } from "~/utils/coordinator-access.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `History: ${data?.authority.name ?? "return"} – Benchmark Network` },
];

const ACTION_NAMES: Record<string, string> = {
  "return.save": "Answer saved",
  "return.upload": "Answer uploaded from a spreadsheet",
  "return.status": "Status changed",
  "return.explanation": "Warning explained",
  "return.comment": "Comment",
  import: "Imported from a file",
  "demo.seed": "Demo data",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round, authority } = await requireCoordinatorReturn(request, params);
  const db = getDb();
  const returnRow = await findReturn(db, round.id, authority.id);
  return {
    round: { slug: round.slug, name: round.name },
    authority: { code: authority.code, name: authority.name },
    questionSetVersion: round.question_set_version,
    history: returnRow ? await listReturnHistory(db, returnRow.id) : [],
  };
}

/** Every change to one return, newest first: who, when, which field, old and new value. */
export default function ReturnHistory() {
  const page = useLoaderData<typeof loader>();
  const questionSet = getQuestionSet(page.questionSetVersion);
  return (
    <>
      <Link to={`/admin/rounds/${page.round.slug}/returns/${page.authority.code}`} className="govuk-back-link">
        Back to the return
      </Link>
      <span className="govuk-caption-l">{page.round.name}</span>
      <h1 className="govuk-heading-l">History of {page.authority.name}'s return</h1>
      {page.history.length === 0 ? (
        <p className="govuk-body">Nothing has been recorded for this return yet.</p>
      ) : (
        <TableScroll label="Changes to this return">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">{page.history.length} changes, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  When
                </th>
                <th scope="col" className="govuk-table__header">
                  Who
                </th>
                <th scope="col" className="govuk-table__header">
                  What
                </th>
                <th scope="col" className="govuk-table__header">
                  Field
                </th>
                <th scope="col" className="govuk-table__header">
                  Old value
                </th>
                <th scope="col" className="govuk-table__header">
                  New value
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {page.history.map((entry, i) => (
                <tr key={i} className="govuk-table__row">
                  <td className="govuk-table__cell">{formatDateTime(entry.at)}</td>
                  <td className="govuk-table__cell">{entry.userName ?? "System"}</td>
                  <td className="govuk-table__cell">{ACTION_NAMES[entry.action] ?? entry.action}</td>
                  <td className="govuk-table__cell">
                    {entry.fieldKey ? (findField(questionSet, entry.fieldKey)?.label ?? <code>{entry.fieldKey}</code>) : ""}
                  </td>
                  <td className="govuk-table__cell app-pre-wrap">{entry.oldValue ?? "—"}</td>
                  <td className="govuk-table__cell app-pre-wrap">{entry.newValue ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
