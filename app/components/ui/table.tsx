import type { Key, ReactNode } from "react";
import { TableScroll } from "../table-scroll";

export interface TableColumn<Row> {
  header: ReactNode;
  /** Numbers are right-aligned, header and cells alike (GOV.UK's numeric columns). */
  numeric?: boolean;
  cell: (row: Row) => ReactNode;
}

/** A GOV.UK table: its caption, a header row, and a row per item with a cell per column; on a phone it scrolls in its own box. */
export function Table<Row>({
  caption,
  scrollLabel = caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  /** The scrolling box's name, when it should not repeat the caption (a count). */
  scrollLabel?: string;
  columns: ReadonlyArray<TableColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
}) {
  return (
    <TableScroll label={scrollLabel}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {columns.map((column, index) => (
              <th key={index} scope="col" className={`govuk-table__header${column.numeric ? " govuk-table__header--numeric" : ""}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="govuk-table__row">
              {columns.map((column, index) => (
                <td key={index} className={`govuk-table__cell${column.numeric ? " govuk-table__cell--numeric" : ""}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
