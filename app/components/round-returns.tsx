import { Form, Link } from "@remix-run/react";
import { Select, TextInput } from "~/components/ui/fields";
import { StatusTag, humanise } from "~/components/ui/tag";
import { formatDateTime } from "~/domain/format";
import { type DashboardFilters, type DashboardSort, type SortOrder, dashboardSearch } from "~/domain/round-dashboard";
import { RETURN_STATUSES } from "~/domain/round-lifecycle";
import { TableScroll } from "./table-scroll";

export interface ReturnsTableRow {
  code: string;
  name: string;
  regionName: string;
  status: string;
  updatedAt: string | null;
  warningCount: number;
  unexplainedWarningCount: number;
}

const COLUMNS: ReadonlyArray<{ sort: DashboardSort; label: string; numeric?: boolean }> = [
  { sort: "authority", label: "Authority" },
  { sort: "status", label: "Status" },
  { sort: "updated", label: "Last change" },
  { sort: "warnings", label: "Warnings", numeric: true },
];

function FilterSelect(props: {
  name: string;
  label: string;
  anyLabel: string;
  value: string | null;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  return (
    <Select
      id={props.name}
      name={props.name}
      label={props.label}
      labelClassName="govuk-label govuk-label--s"
      defaultValue={props.value ?? ""}
      options={[{ value: "", label: props.anyLabel }, ...props.options]}
    />
  );
}

/**
 * Find an authority by name or code, and narrow by status and region: a GET form, so it works without
 * JavaScript and the address can be bookmarked. The chosen sort goes along as hidden fields.
 */
export function ReturnsFilterForm(props: {
  roundSlug: string;
  filters: DashboardFilters;
  sort: DashboardSort;
  order: SortOrder;
  regions: ReadonlyArray<{ code: string; name: string }>;
}) {
  const { filters } = props;
  return (
    <Form method="get" className="app-filters" aria-label="Find and filter returns">
      {props.sort !== "authority" ? <input type="hidden" name="sort" value={props.sort} /> : null}
      {props.order !== "ascending" ? <input type="hidden" name="order" value={props.order} /> : null}
      <TextInput
        id="q"
        name="q"
        type="search"
        label="Authority name or code"
        labelClassName="govuk-label govuk-label--s"
        widthClass="govuk-!-width-one-half"
        defaultValue={filters.query}
      />
      <FilterSelect
        name="status"
        label="Status"
        anyLabel="Any status"
        value={filters.status}
        options={RETURN_STATUSES.map((status) => ({ value: status, label: humanise(status) }))}
      />
      <FilterSelect
        name="region"
        label="Region"
        anyLabel="Any region"
        value={filters.region}
        options={props.regions.map((region) => ({ value: region.code, label: region.name }))}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Find returns
        </button>
        {filters.query || filters.status || filters.region ? (
          <Link
            to={`/admin/rounds/${props.roundSlug}${dashboardSearch({ query: "", status: null, region: null }, props.sort, props.order)}`}
            className="govuk-link"
          >
            Clear filters
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** Every authority's return in the round, with sortable column headings that keep the filters. */
export function ReturnsTable(props: {
  roundSlug: string;
  caption: string;
  rows: readonly ReturnsTableRow[];
  filters: DashboardFilters;
  sort: DashboardSort;
  order: SortOrder;
}) {
  const active = COLUMNS.find((column) => column.sort === props.sort)!;
  if (props.rows.length === 0) {
    return (
      <p className="govuk-body" data-testid="returns-caption">
        {props.caption}. No authority matches: change or clear the filters.
      </p>
    );
  }
  return (
    <TableScroll label={props.caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s" data-testid="returns-caption">
          {props.caption}, sorted by {active.label.toLowerCase()} ({props.order})
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {COLUMNS.map((column) => {
              const isActive = props.sort === column.sort;
              const nextOrder = isActive && props.order === "ascending" ? "descending" : "ascending";
              return (
                <th
                  key={column.sort}
                  scope="col"
                  className={`govuk-table__header${column.numeric ? " govuk-table__header--numeric" : ""}`}
                  aria-sort={isActive ? props.order : "none"}
                >
                  <Link
                    to={`/admin/rounds/${props.roundSlug}${dashboardSearch(props.filters, column.sort, nextOrder)}`}
                    className="govuk-link"
                  >
                    {column.label}
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {props.rows.map((row) => (
            <tr key={row.code} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link to={`/admin/rounds/${props.roundSlug}/returns/${row.code}`} className="govuk-link">
                  {row.name}
                </Link>
                <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                  {row.code}, {row.regionName}
                </span>
              </td>
              <td className="govuk-table__cell">
                <StatusTag status={row.status} />
              </td>
              <td className="govuk-table__cell">{row.updatedAt ? formatDateTime(row.updatedAt) : "Never"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {row.warningCount}
                {row.unexplainedWarningCount > 0 ? ` (${row.unexplainedWarningCount} not explained)` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
