import type { Key, ReactNode } from "react";
import { TableScroll } from "../table-scroll";

export interface TableColumn<Row> {
  header: ReactNode;
  /** Numbers are right-aligned, header and cells alike (GOV.UK's numeric columns). */
  numeric?: boolean;
  /** The cell is the row's name (`<th scope="row">`), read out before each of its figures. */
  rowHeader?: boolean;
  /** Extra classes for the header and every cell of the column (a GOV.UK width, a wrapping rule). */
  className?: string;
  cell: (row: Row) => ReactNode;
}

const CAPTION_CLASS = { s: "govuk-table__caption--s", m: "govuk-table__caption--m", l: "govuk-table__caption--l" } as const;

function cellClass(base: "header" | "cell", numeric: boolean | undefined, extra: string | undefined) {
  return [`govuk-table__${base}`, numeric ? `govuk-table__${base}--numeric` : undefined, extra].filter(Boolean).join(" ");
}

/** A GOV.UK table: its caption, a header row, and a row per item with a cell per column; on a phone it scrolls in its own box. */
export function Table<Row>({
  caption,
  captionSize = "m",
  hiddenCaption = false,
  scrollLabel = caption,
  className,
  columns,
  rows,
  rowKey,
  rowClassName,
}: {
  caption: string;
  captionSize?: keyof typeof CAPTION_CLASS;
  /** The caption is for screen readers only, where a heading just above already names the table. */
  hiddenCaption?: boolean;
  /** The scrolling box's name, when it should not repeat the caption (a count). */
  scrollLabel?: string;
  /** Extra classes for the table (`app-data-table` for dense figures). */
  className?: string;
  columns: ReadonlyArray<TableColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  rowClassName?: (row: Row) => string | undefined;
}) {
  return (
    <TableScroll label={scrollLabel}>
      <table className={["govuk-table", className].filter(Boolean).join(" ")}>
        <caption className={hiddenCaption ? "govuk-visually-hidden" : `govuk-table__caption ${CAPTION_CLASS[captionSize]}`}>
          {caption}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {columns.map((column, index) => (
              <th key={index} scope="col" className={cellClass("header", column.numeric, column.className)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr key={rowKey(row)} className={["govuk-table__row", rowClassName?.(row)].filter(Boolean).join(" ")}>
              {columns.map((column, index) =>
                column.rowHeader ? (
                  <th key={index} scope="row" className={cellClass("header", column.numeric, column.className)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={index} className={cellClass("cell", column.numeric, column.className)}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
