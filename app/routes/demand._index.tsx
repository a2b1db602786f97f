import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { Select } from "~/components/ui/fields";
import { DataTable } from "~/components/view-table";
import { formatCount, formatPercent } from "~/domain/format";
import { type DemandView, buildDemandView, demandGrowthTable } from "~/domain/sen2-demand";
import { formatGrowth } from "~/domain/sen2-series";
import { listAuthorities } from "~/models/authority.server";
import { loadDemandInput } from "~/models/public-statistics.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { resolveDemandChoice } from "~/services/demand.server";
import { demandFigure } from "~/services/figures.server";
import { figureSlot } from "~/utils/figure-cache.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `EHCP demand${data ? `: ${data.view.authority.name}` : ""} – Benchmark Network` },
];

/** Every signed-in role: these are DfE's public figures, every authority named; no return figure is on this page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const choice = await resolveDemandChoice(db, user, new URL(request.url).searchParams);
  const view = buildDemandView({ ...(await loadDemandInput(db, choice.authority)), from: choice.from, to: choice.to });
  const authorities = await listAuthorities(db);
  return {
    view,
    years: choice.years,
    authorities: authorities.map((a) => ({ value: a.code, label: a.name })).sort((a, b) => a.label.localeCompare(b.label)),
    figure: choice.years.length === 0 ? null : figureSlot(context, "figure-demand", demandFigure(view).html),
  };
}

function Sources({ view }: { view: Pick<DemandView, "releases"> }) {
  return (
    <p className="govuk-body-s app-source">
      Source: Department for Education, "Education, health and care plans" (SEN2), releases {view.releases.join(" and ")}: statements and
      EHC plans at each January census. Open Government Licence v3.0. Published figures, not the network's returns.
    </p>
  );
}

export default function Demand() {
  const page = useLoaderData<typeof loader>();
  const { view } = page;
  const yearOptions = page.years.map((year) => ({ value: String(year), label: `January ${year}` }));
  if (page.years.length === 0) {
    return (
      <>
        <h1 className="govuk-heading-l">EHCP demand</h1>
        <p className="govuk-body">No release of DfE's SEN2 statistics has been loaded yet. A coordinator can load one.</p>
      </>
    );
  }
  return (
    <>
      <span className="govuk-caption-l">Public statistics</span>
      <h1 className="govuk-heading-l">EHCP demand: {view.authority.name}</h1>
      <p className="govuk-body">
        Education, health and care plans (and, before 2018, statements of SEN) that each council maintains, as DfE publishes them. These
        figures are public, so every council is named here; the network's own returns are not on this page.
      </p>
      <Form method="get" className="app-filter-form">
        <Select id="authority" name="authority" label="Authority" defaultValue={view.authority.code} options={page.authorities} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select id="from" name="from" label="Growth since" defaultValue={String(view.from)} options={yearOptions} />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select id="to" name="to" label="Up to" defaultValue={String(view.to)} options={yearOptions} />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show
        </button>
      </Form>

      {view.headline ? (
        <div className="govuk-panel govuk-panel--confirmation app-headline-panel">
          <p className="govuk-panel__title app-headline">{view.headline}</p>
          <p className="govuk-panel__body">
            {view.authority.name}, January {view.from} to January {view.to}
          </p>
        </div>
      ) : (
        <p className="govuk-body">
          Growth from January {view.from} cannot be measured for {view.authority.name}: there is no comparable figure for that year.
        </p>
      )}
      {view.notes.map((note) => (
        <div key={note} className="govuk-inset-text">
          {note}
        </div>
      ))}

      <h2 className="govuk-heading-m">EHCPs by January census</h2>
      {page.figure ? <PrerenderedFigure figure={page.figure} /> : null}
      <Sources view={view} />

      <h2 className="govuk-heading-m">Growth</h2>
      <DataTable table={demandGrowthTable(view)} />
      <Sources view={view} />

      {view.breakdowns.map((breakdown) => (
        <section key={breakdown.family} aria-labelledby={`breakdown-${breakdown.family}`}>
          <h2 id={`breakdown-${breakdown.family}`} className="govuk-heading-m">
            {breakdown.title}, January {breakdown.censusYear}
          </h2>
          <TableScroll label={`${breakdown.title}, January ${breakdown.censusYear}`}>
            <table className="govuk-table app-data-table">
              <caption className="govuk-table__caption govuk-table__caption--s">
                EHCPs {breakdown.title.toLowerCase()} at the January {breakdown.censusYear} census: {view.authority.name} and England
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    {breakdown.family === "age" ? "Age" : breakdown.family === "setting" ? "Placement" : "Primary need"}
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    {view.authority.name}
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Share
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    England share
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {breakdown.rows.map((row) => (
                  <tr key={row.key} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {row.label}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatCount(row.authority)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatPercent(row.authorityShare)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">
                      {row.englandShare === null ? "—" : formatPercent(row.englandShare)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <Sources view={view} />
        </section>
      ))}

      <h2 className="govuk-heading-m">Statistical neighbours</h2>
      <TableScroll label="Statistical neighbours">
        <table className="govuk-table app-data-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {view.authority.name}'s DfE statistical neighbours, nearest first: EHCPs from January {view.from} to January {view.to}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Authority
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                January {view.from}
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                January {view.to}
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Growth
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.neighbours.map((n) => (
              <tr key={n.code} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {n.name}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {n.fromValue === null ? "No comparable figure" : formatCount(n.fromValue)}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{n.toValue === null ? "—" : formatCount(n.toValue)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{n.growth === null ? "—" : formatGrowth(n.growth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Sources view={view} />
    </>
  );
}
