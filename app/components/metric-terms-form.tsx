import { Form } from "@remix-run/react";
import { findMetric } from "~/domain/metrics";
import { offersRealTerms, type Terms } from "~/domain/metric-choice";
import { MetricSelect } from "./metric-select";
import { Radios } from "./ui/fields";

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
    <Radios
      name="terms"
      legend="Unit costs in"
      inline
      small
      defaultValue={terms}
      items={[
        { id: "terms-cash", value: "cash", label: "Cash terms" },
        { id: "terms-real", value: "real", label: "Real terms", disabled: !realTermsAvailable },
      ]}
    />
  );
}
