import { Form } from "@remix-run/react";
import { formatMetricValue } from "~/domain/format";
import { HORIZON_YEARS, type ForecastReport, type ScenarioInputs } from "~/domain/forecast-report";
import { TableScroll } from "./table-scroll";
import { TextInput } from "./ui/fields";

function ScenarioField({ name, label, value, suffix }: { name: string; label: string; value: number; suffix: string }) {
  return (
    <TextInput
      id={name}
      name={name}
      label={label}
      widthClass="govuk-input--width-5"
      type="text"
      inputMode="decimal"
      defaultValue={String(value)}
      prefix={suffix === "£" ? "£" : undefined}
      suffix={suffix !== "£" ? suffix : undefined}
    />
  );
}

/** The savings scenarios: their assumptions as a GET form (works without JavaScript) and the estimated savings. */
export function ForecastScenarios({
  inputs,
  scenarios,
  pickedCode,
}: {
  inputs: ScenarioInputs;
  scenarios: ForecastReport["scenarios"];
  pickedCode: string | null;
}) {
  return (
    <>
      <Form method="get">
        {pickedCode ? <input type="hidden" name="authority" value={pickedCode} /> : null}
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
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Recalculate
        </button>
      </Form>
      <TableScroll label="Estimated savings">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Estimated savings</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Scenario
              </th>
              <th scope="col" className="govuk-table__header">
                Assumptions
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                One year
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                {HORIZON_YEARS} years
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {scenarios.map((scenario) => (
              <tr key={scenario.name} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {scenario.name}
                </th>
                <td className="govuk-table__cell">
                  {scenario.result ? (
                    <ul className="govuk-list govuk-body-s">
                      {scenario.result.assumptions.map((a) => (
                        <li key={a}>{a}</li>
                      ))}
                    </ul>
                  ) : (
                    `Not available: ${scenario.missing}`
                  )}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {scenario.result ? formatMetricValue("gbp", scenario.result.annualSaving) : "—"}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {scenario.horizon === null ? "—" : formatMetricValue("gbp", scenario.horizon)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
