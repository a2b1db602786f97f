import { Form } from "@remix-run/react";
import { findMetric } from "~/domain/metrics";
import { offersRealTerms, type Terms } from "~/domain/metric-choice";
import { MetricSelect } from "./metric-select";

/**
 * The GET form that picks a metric and, for a metric in money with a real-terms form (unit costs),
 * cash or real terms (real only where deflators allow). Other metrics get no terms choice: a count
 * or a rate has no real terms, and offering one would suggest it changed something.
 */
export function MetricTermsForm({
  metricKey,
  terms,
  realTermsAvailable,
}: {
  metricKey: string;
  terms: Terms;
  realTermsAvailable: boolean;
}) {
  const metric = findMetric(metricKey);
  return (
    <Form method="get" className="app-picker">
      <MetricSelect id="metric" name="metric" label="Metric" value={metricKey} />
      {metric && offersRealTerms(metric) ? <TermsChoice terms={terms} realTermsAvailable={realTermsAvailable} /> : null}
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show metric
      </button>
    </Form>
  );
}

function TermsChoice({ terms, realTermsAvailable }: { terms: Terms; realTermsAvailable: boolean }) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Unit costs in</legend>
        <div className="govuk-radios govuk-radios--inline govuk-radios--small">
          {(["cash", "real"] as const).map((choice) => (
            <div key={choice} className="govuk-radios__item">
              <input
                className="govuk-radios__input"
                id={`terms-${choice}`}
                name="terms"
                type="radio"
                value={choice}
                defaultChecked={terms === choice}
                disabled={choice === "real" && !realTermsAvailable}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={`terms-${choice}`}>
                {choice === "cash" ? "Cash terms" : "Real terms"}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
