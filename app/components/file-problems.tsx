import type { FileIssue } from "~/domain/returns-file";
import { TableScroll } from "./table-scroll";

/** Where in the file: `Sheet "Returns", cell D7`, `Row 3` — as a spreadsheet names it. */
export function issuePlace(issue: FileIssue): string {
  const cell = issue.row === undefined ? null : issue.column === undefined ? `row ${issue.row}` : `cell ${issue.column}${issue.row}`;
  const place = [issue.sheet === undefined ? null : `sheet "${issue.sheet}"`, cell].filter((part) => part !== null).join(", ");
  return place === "" ? "The whole file" : place.charAt(0).toUpperCase() + place.slice(1);
}

/** Every problem or warning in an uploaded file, one row each, named by sheet, cell and field. */
export function FileProblems({ issues, caption }: { issues: readonly FileIssue[]; caption: string }) {
  return (
    <TableScroll label={caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Where
            </th>
            <th scope="col" className="govuk-table__header">
              Field
            </th>
            <th scope="col" className="govuk-table__header">
              Problem
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {issues.map((issue, i) => (
            <tr key={i} className="govuk-table__row">
              <td className="govuk-table__cell">{issuePlace(issue)}</td>
              <td className="govuk-table__cell">{issue.field ? <code>{issue.field}</code> : null}</td>
              <td className="govuk-table__cell">{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
