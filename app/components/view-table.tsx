import type { ReactNode } from "react";
import { type PackTable, packTableFromView } from "~/domain/briefing-pack";
import type { ViewTable } from "~/domain/view-tables";
import { TableScroll } from "./table-scroll";

/** A table of text as the reader sees it, numbers right-aligned, the viewer's own row marked; on a phone it scrolls in its own box. */
export function TextTable({ table }: { table: PackTable }) {
  return (
    <TableScroll label={table.caption}>
      <table className="govuk-table app-data-table">
        <caption className="govuk-table__caption govuk-table__caption--s">{table.caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {table.columns.map((column, i) => (
              <th key={i} scope="col" className={`govuk-table__header${column.numeric ? " govuk-table__header--numeric" : ""}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {table.rows.map((row, r) => (
            <tr key={r} className={`govuk-table__row${table.ownRow === r ? " app-own-row" : ""}`}>
              {row.map((cell, c) =>
                c === 0 ? (
                  <th key={c} scope="row" className="govuk-table__header">
                    {cell}
                    {table.ownRow === r ? <strong className="govuk-tag govuk-tag--blue app-own-tag">You</strong> : null}
                  </th>
                ) : (
                  <td key={c} className={`govuk-table__cell${table.columns[c]?.numeric ? " govuk-table__cell--numeric" : ""}`}>
                    {cell}
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

/** A view's data as a GOV.UK table, numbers right-aligned and formatted as on the chart. */
export function DataTable({ table }: { table: ViewTable }) {
  return <TextTable table={packTableFromView(table)} />;
}

/**
 * A chart with its data as a table and a CSV download beside it: every chart works without seeing it.
 * With `narrowChart` (the same chart laid out at NARROW_CHART_WIDTH) phones get that one instead,
 * by CSS alone; without it a phone scrolls the chart sideways inside its own box, never the page,
 * so its text is never drawn smaller than the layout's 12px.
 */
export function ChartFigure({
  chart,
  narrowChart,
  table,
  downloadHref,
  summary,
  imageHref,
  caption,
}: {
  chart: ReactNode;
  narrowChart?: ReactNode;
  table: ViewTable;
  downloadHref: string;
  summary?: string | null;
  /** The chart image route for this chart, without `format`: offers it as SVG and PNG. */
  imageHref?: string;
  /** The chart's title, naming it in the image links for screen readers. */
  caption?: string;
}) {
  return (
    <figure className="app-figure">
      {summary ? <p className="govuk-body-l app-figure__summary">{summary}</p> : null}
      {narrowChart ? (
        <>
          <div className="app-figure__chart app-figure__chart--wide">{chart}</div>
          <div className="app-figure__chart app-figure__chart--narrow">{narrowChart}</div>
        </>
      ) : (
        // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
        <div
          className="app-figure__chart app-figure__chart--scroll"
          tabIndex={0}
          role="group"
          aria-label="Chart, scrolls sideways on a small screen"
        >
          {chart}
        </div>
      )}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Show the data as a table</span>
        </summary>
        <div className="govuk-details__text">
          <DataTable table={table} />
        </div>
      </details>
      <p className="govuk-body">
        <a href={downloadHref} className="govuk-link" download>
          Download this data (CSV)
        </a>
      </p>
      {imageHref ? <ChartImageLinks href={imageHref} caption={caption ?? table.caption} /> : null}
    </figure>
  );
}

/** "Download chart as SVG" and "as PNG", for a chart image route (see utils/chart-image.server); `caption` says which chart. */
export function ChartImageLinks({ href, caption }: { href: string; caption?: string }) {
  const withFormat = (format: "svg" | "png") => `${href}${href.includes("?") ? "&" : "?"}format=${format}`;
  // The accessible name says which chart: "Download chart as SVG (Unit cost per child …)".
  const which = caption ? ` (${caption})` : "";
  return (
    <p className="govuk-body app-chart-image-links">
      <a href={withFormat("svg")} className="govuk-link" download>
        Download chart as SVG<span className="govuk-visually-hidden">{which}</span>
      </a>{" "}
      <a href={withFormat("png")} className="govuk-link" download>
        Download chart as PNG<span className="govuk-visually-hidden">{which}</span>
      </a>
    </p>
  );
}
