import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CompositionChart } from "~/components/charts/composition/composition";
import { ForecastChart } from "~/components/charts/forecast/forecast";
import { ResultsHeader } from "~/components/results-header";
import { DataTable } from "~/components/view-table";
import { COHORTS, COHORT_LABELS, type Cohort } from "~/domain/cohorts";
import { formatMetricValue } from "~/domain/format";
import { FORECAST_METRICS, type HistoryEntry, aggregateHistory, forecastMetric, growthPoint, medianDecomposition } from "~/domain/forecast-report";
import { suppressionMessage } from "~/domain/anonymity.server";
import {
  type Decomposition,
  type ScenarioResult,
  decomposeSpendGrowth,
  describeDecomposition,
  post16ChargeScenario,
  ptbScenario,
  retroModel,
  routeBundlingScenario,
  savingOverHorizon,
  travelTrainingScenario,
} from "~/domain/forecasts";
import { findMetric } from "~/domain/metrics";
import { numberAt } from "~/domain/values";
import { loadApprovedHistory } from "~/models/authority-history.server";
import { findAuthorityByCode } from "~/models/authority.server";
import { forbidden } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { resultsHeaderData } from "~/utils/results-page.server";
import { requireRoundResults } from "~/utils/results-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Forecasts – ${data?.header.roundName ?? ""} – Benchmark Network` }];

const HORIZON_YEARS = 3;

/** Scenario inputs a user sets (GET parameters, so the page works without JavaScript); defaults are illustrative. */
const scenarioSchema = z.object({
  cohort: z.enum(["send", ...COHORTS]).catch("send"),
  ptbPercent: z.coerce.number().min(0).max(100).catch(10),
  ptbBudget: z.coerce.number().min(0).max(100_000).catch(3_000),
  ittChildren: z.coerce.number().int().min(0).max(10_000).catch(20),
  ittCost: z.coerce.number().min(0).max(100_000).catch(2_500),
  post16Charge: z.coerce.number().min(0).max(10_000).catch(700),
  post16Fewer: z.coerce.number().min(0).max(100).catch(10),
  bundlingPercent: z.coerce.number().min(0).max(100).catch(5),
});

/**
 * Cost-growth decomposition, retro-model, forecasts and savings scenarios for one authority: a
 * member's own, or any authority for a coordinator (?authority=CODE). Only figures from that
 * authority's approved returns up to this round, and network medians, appear.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, results } = await requireRoundResults(request, params.slug, "results.forecasts");
  const search = new URL(request.url).searchParams;
  const db = getDb();
  // Whose figures: a member's own authority, the authority a coordinator picks, or a regional
  // viewer's group summed over the authorities with a return in every year (never fewer than
  // MIN_GROUP_SIZE, and never one of them alone).
  let authorityId: number | null = null;
  let pickedCode: string | null = null;
  if (viewer.kind === "member") authorityId = viewer.authorityId;
  else if (viewer.kind === "coordinator") {
    const authority = await findAuthorityByCode(db, search.get("authority") ?? "");
    if (!authority) {
      return { kind: "choose" as const, header: resultsHeaderData(results), authorities: [...results.identities.values()].map((a) => ({ code: a.code, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)) };
    }
    authorityId = authority.id;
    pickedCode = authority.code;
  }
  const group = viewer.kind === "regional_viewer" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  if (viewer.kind === "regional_viewer" && !group) throw forbidden();

  const inputs = scenarioSchema.parse(Object.fromEntries(search));
  const cohort = inputs.cohort as Cohort | "send";
  const roundYear = results.round.financial_year;
  const allIds = [...results.identities.keys()];
  const { byAuthority, deflators } = await loadApprovedHistory(db, authorityId === null || allIds.includes(authorityId) ? allIds : [...allIds, authorityId]);
  const upTo = (list: HistoryEntry[] | undefined) => (list ?? []).filter((entry) => entry.financialYear <= roundYear);
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const aggregate = group ? aggregateHistory(group.authorityIds.map((id) => upTo(byAuthority.get(id))).filter((h) => h.length > 0), minGroupSize) : null;
  if (group && !aggregate) {
    return { kind: "suppressed" as const, header: resultsHeaderData(results), role: viewer.kind, message: `${group.name}: ${suppressionMessage(minGroupSize)} with an approved return in every year` };
  }
  const history = aggregate ? aggregate.history : upTo(byAuthority.get(authorityId!));
  if (history.length === 0) return { kind: "empty" as const, header: resultsHeaderData(results), role: viewer.kind };
  const first = history[0]!;
  const latest = history.at(-1)!;

  const decompose = (entries: HistoryEntry[]): Decomposition | null => {
    const from = entries.find((entry) => entry.financialYear === first.financialYear);
    const to = entries.find((entry) => entry.financialYear === latest.financialYear);
    const start = from && growthPoint(from, cohort, deflators);
    const end = to && growthPoint(to, cohort, deflators);
    return start && end ? decomposeSpendGrowth(start, end) : null;
  };
  const own = first === latest ? null : decompose(history);
  const network = first === latest ? null : medianDecomposition(allIds.flatMap((id) => (id === authorityId ? [] : [decompose(upTo(byAuthority.get(id))) ?? []].flat())));
  const subjectName = group ? `${group.name} (${aggregate!.n} authorities together)` : (results.identities.get(authorityId!)?.name ?? (await db.selectFrom("authorities").select("name").where("id", "=", authorityId!).executeTakeFirstOrThrow()).name);
  const startPoint = growthPoint(first, cohort, deflators);
  const endPoint = growthPoint(latest, cohort, deflators);
  const retro = first !== latest && startPoint && endPoint ? retroModel(startPoint, endPoint) : null;

  const forecasts = FORECAST_METRICS.map((metric) => {
    const definition = findMetric(metric)!;
    const { history: points, result } = forecastMetric(history, metric);
    return { metric, label: definition.label, unit: definition.unit, history: points, result: result.ok ? { ok: true as const, ...result.forecast } : result };
  });
  const spendGrowth = forecasts.find((f) => f.metric === "spend.send")!.result;
  const growth = spendGrowth.ok ? spendGrowth.annualGrowth : null;

  const values = latest.values;
  const sendUnitCost = latest.metrics["unit_cost.send"] ?? null;
  const scenarios: Array<{ name: string; result: ScenarioResult | null; missing: string }> = [
    {
      name: "Personal transport budgets instead of taxis",
      result: sendUnitCost !== null && numberAt(values, "mode.taxi") !== null ? ptbScenario({ percentMoved: inputs.ptbPercent, budgetPerChild: inputs.ptbBudget, taxiUsers: numberAt(values, "mode.taxi")!, sendUnitCost }) : null,
      missing: "needs taxi users and the SEND unit cost",
    },
    {
      name: "Independent travel training",
      result: sendUnitCost !== null ? travelTrainingScenario({ children: inputs.ittChildren, costPerChild: inputs.ittCost, sendUnitCost }) : null,
      missing: "needs the SEND unit cost",
    },
    {
      name: "A charge for post-16 transport",
      result:
        numberAt(values, "transport.post16.children") !== null && latest.metrics["unit_cost.post16"] !== undefined
          ? post16ChargeScenario({ charge: inputs.post16Charge, percentFewer: inputs.post16Fewer, post16Users: numberAt(values, "transport.post16.children")!, post16UnitCost: latest.metrics["unit_cost.post16"] })
          : null,
      missing: "needs post-16 users and the post-16 unit cost",
    },
    {
      name: "Cheaper routes through bundling",
      result: (() => {
        const routed = COHORTS.filter((c) => numberAt(values, `transport.${c}.routes`) !== null).reduce((sum, c) => sum + (numberAt(values, `transport.${c}.spend`) ?? 0), 0);
        return routed > 0 ? routeBundlingScenario({ percentCheaper: inputs.bundlingPercent, spendOnRoutedCohorts: routed }) : null;
      })(),
      missing: "needs spend on cohorts that report their routes",
    },
  ];

  return {
    kind: "report" as const,
    header: resultsHeaderData(results),
    role: viewer.kind,
    pickedCode,
    authorityName: subjectName,
    inputs,
    firstYear: first.financialYear,
    latestYear: latest.financialYear,
    decomposition: own && { ...own, words: describeDecomposition(own) },
    network,
    retro,
    forecasts,
    scenarios: scenarios.map((s) => ({ ...s, horizon: s.result ? savingOverHorizon(s.result.annualSaving, growth, HORIZON_YEARS) : null })),
    spendGrowth: growth,
  };
}

/** A factor's share of the growth, ln(1+factor) / ln(product), as a percentage; null when spend did not change. */
function shareOf(factors: { volume: number; inflation: number; realUnitCost: number }, factor: "volume" | "inflation" | "realUnitCost"): number | null {
  const total = Math.log1p(factors.volume) + Math.log1p(factors.inflation) + Math.log1p(factors.realUnitCost);
  return Math.abs(total) < 1e-12 ? null : (Math.log1p(factors[factor]) / total) * 100;
}

const pct = (value: number) => formatMetricValue("percent", value * 100, { signed: true });

function ScenarioField({ name, label, value, suffix }: { name: string; label: string; value: number; suffix: string }) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      <div className="govuk-input__wrapper">
        {suffix === "£" ? <div className="govuk-input__prefix" aria-hidden="true">£</div> : null}
        <input className="govuk-input govuk-input--width-5" id={name} name={name} type="text" inputMode="decimal" defaultValue={String(value)} />
        {suffix !== "£" ? <div className="govuk-input__suffix" aria-hidden="true">{suffix}</div> : null}
      </div>
    </div>
  );
}

export default function Forecasts() {
  const page = useLoaderData<typeof loader>();
  if (page.kind === "choose") {
    return (
      <>
        <ResultsHeader {...page.header} heading="Forecasts and scenarios" showNeighbours={false} identified />
        <Form method="get">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="authority">Authority</label>
            <select className="govuk-select" id="authority" name="authority">
              {page.authorities.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
            </select>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Show forecasts</button>
        </Form>
      </>
    );
  }
  if (page.kind === "suppressed") {
    return (
      <>
        <ResultsHeader {...page.header} heading="Forecasts" showNeighbours={false} identified={false} />
        <p className="govuk-body">{page.message}.</p>
      </>
    );
  }
  if (page.kind === "empty") {
    return (
      <>
        <ResultsHeader {...page.header} heading="Forecasts and scenarios" showNeighbours={page.role === "member"} identified={page.role === "coordinator"} />
        <p className="govuk-body">There is no approved return for this authority up to this round, so there is nothing to forecast from yet.</p>
      </>
    );
  }
  const { inputs } = page;
  return (
    <>
      <ResultsHeader {...page.header} heading={`Forecasts and scenarios: ${page.authorityName}`} showNeighbours={page.role === "member"} identified={page.role === "coordinator"} />
      <h2 className="govuk-heading-m">Why spend changed, {page.firstYear} to {page.latestYear}</h2>
      <Form method="get" className="app-picker">
        {page.pickedCode ? <input type="hidden" name="authority" value={page.pickedCode} /> : null}
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="cohort">Transport for</label>
          <select className="govuk-select" id="cohort" name="cohort" defaultValue={inputs.cohort}>
            <option value="send">All SEND cohorts</option>
            {COHORTS.map((c) => <option key={c} value={c}>{COHORT_LABELS[c]}</option>)}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Show</button>
      </Form>
      {page.decomposition ? (
        <>
          <p className="govuk-body-l">{page.decomposition.words}</p>
          <CompositionChart
            title="Each factor's share of the change in spend: yours against the network median"
            rows={[
              { label: "More children (volume)", own: shareOf(page.decomposition, "volume"), networkMedian: page.network && shareOf(page.network, "volume") },
              { label: "Inflation", own: shareOf(page.decomposition, "inflation"), networkMedian: page.network && shareOf(page.network, "inflation") },
              { label: "Dearer journeys (real unit cost)", own: shareOf(page.decomposition, "realUnitCost"), networkMedian: page.network && shareOf(page.network, "realUnitCost") },
            ]}
          />
          <DataTable
            table={{
              caption: "Growth factors (each compounds with the others to give the change in spend)",
              columns: [
                { key: "factor", label: "Factor" },
                { key: "own", label: page.authorityName, unit: "percent" },
                { key: "network", label: `Network median${page.network ? ` (${page.network.n} authorities)` : ""}`, unit: "percent" },
              ],
              rows: [
                ["Children (volume)", page.decomposition.volume * 100, page.network ? page.network.volume * 100 : null],
                ["Inflation (GDP deflator)", page.decomposition.inflation * 100, page.network ? page.network.inflation * 100 : null],
                ["Real unit cost", page.decomposition.realUnitCost * 100, page.network ? page.network.realUnitCost * 100 : null],
                ["Spend", page.decomposition.spendChange * 100, page.network ? page.network.spendChange * 100 : null],
              ],
            }}
          />
        </>
      ) : (
        <p className="govuk-body">Not enough history: a decomposition needs spend, children and a deflator for two different rounds.</p>
      )}
      {page.retro ? (
        <>
          <h2 className="govuk-heading-m">Had unit costs risen only with inflation</h2>
          <p className="govuk-body">
            {page.latestYear} spend would have been {formatMetricValue("gbp", page.retro.inflationOnlySpend)} (this year's children at {page.firstYear}'s unit cost, uprated by the GDP deflator), against
            an actual {formatMetricValue("gbp", page.retro.actualSpend)}: {formatMetricValue("gbp", Math.abs(page.retro.difference))} {page.retro.difference >= 0 ? "more" : "less"}.
          </p>
        </>
      ) : null}
      <h2 className="govuk-heading-m">Forecasts for the next {HORIZON_YEARS} years</h2>
      <details className="govuk-details">
        <summary className="govuk-details__summary"><span className="govuk-details__summary-text">How the forecasts are made</span></summary>
        <div className="govuk-details__text">
          A straight line is fitted by ordinary least squares to the natural logarithm of each figure against the financial year, over your approved returns (at least three, all above zero). The
          central forecast is the fitted line carried forward; the band is an 80% prediction interval from Student's t distribution with n − 2 degrees of freedom. The implied annual growth is e
          to the slope, minus one. It assumes the past trend continues; it knows nothing of policy changes.
        </div>
      </details>
      {page.forecasts.map((forecast) => (
        <section key={forecast.metric} aria-labelledby={`forecast-${forecast.metric}`}>
          <h3 className="govuk-heading-s" id={`forecast-${forecast.metric}`}>{forecast.label}</h3>
          {forecast.result.ok ? (
            <>
              <p className="govuk-body">Implied growth {pct(forecast.result.annualGrowth)} a year.</p>
              <ForecastChart metricLabel={forecast.label} unit={forecast.unit} history={forecast.history} forecast={forecast.result.forecast} />
            </>
          ) : (
            <p className="govuk-body">{forecast.result.reason}</p>
          )}
        </section>
      ))}
      <h2 className="govuk-heading-m">Savings scenarios</h2>
      <p className="govuk-body">Set the assumptions, then recalculate. Figures use your {page.latestYear} return; the {HORIZON_YEARS}-year total grows with your forecast SEND spend{page.spendGrowth === null ? " (no forecast: held flat)" : ` (${pct(page.spendGrowth)} a year)`}.</p>
      <Form method="get">
        {page.pickedCode ? <input type="hidden" name="authority" value={page.pickedCode} /> : null}
        <input type="hidden" name="cohort" value={inputs.cohort} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <ScenarioField name="ptbPercent" label="Taxi users moved to personal budgets" value={inputs.ptbPercent} suffix="%" />
            <ScenarioField name="ptbBudget" label="Personal budget a year" value={inputs.ptbBudget} suffix="£" />
            <ScenarioField name="ittChildren" label="Children given travel training" value={inputs.ittChildren} suffix="children" />
            <ScenarioField name="ittCost" label="Training cost a child" value={inputs.ittCost} suffix="£" />
          </div>
          <div className="govuk-grid-column-one-half">
            <ScenarioField name="post16Charge" label="Post-16 charge a year" value={inputs.post16Charge} suffix="£" />
            <ScenarioField name="post16Fewer" label="Fewer post-16 users" value={inputs.post16Fewer} suffix="%" />
            <ScenarioField name="bundlingPercent" label="Routes cheaper by bundling" value={inputs.bundlingPercent} suffix="%" />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Recalculate</button>
      </Form>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">Estimated savings</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Scenario</th>
            <th scope="col" className="govuk-table__header">Assumptions</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">One year</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">{HORIZON_YEARS} years</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {page.scenarios.map((scenario) => (
            <tr key={scenario.name} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">{scenario.name}</th>
              <td className="govuk-table__cell">{scenario.result ? <ul className="govuk-list govuk-body-s">{scenario.result.assumptions.map((a) => <li key={a}>{a}</li>)}</ul> : `Not available: ${scenario.missing}`}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{scenario.result ? formatMetricValue("gbp", scenario.result.annualSaving) : "—"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{scenario.horizon === null ? "—" : formatMetricValue("gbp", scenario.horizon)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
