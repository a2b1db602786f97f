import { Form } from "@remix-run/react";
import { COHORTS, COHORT_LABELS } from "~/domain/cohorts";
import { Select } from "./ui/fields";

/** A coordinator's choice of whose forecasts to see: a GET form, so it works without JavaScript. */
export function ForecastAuthorityPicker({ authorities }: { authorities: ReadonlyArray<{ code: string; name: string }> }) {
  return (
    <Form method="get">
      <Select id="authority" name="authority" label="Authority" options={authorities.map((a) => ({ value: a.code, label: a.name }))} />
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show forecasts
      </button>
    </Form>
  );
}

/** How the forecasts are made, and what the EHCP series is made of, in words. */
export function ForecastMethod() {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">How the forecasts are made</span>
      </summary>
      <div className="govuk-details__text">
        A straight line is fitted by ordinary least squares to the natural logarithm of each figure against the financial year, over the
        approved returns of published rounds (at least three, all above zero). The central forecast is the fitted line carried forward; the
        band is an 80% prediction interval from Student's t distribution with n − 2 degrees of freedom. The implied annual growth is e to
        the slope, minus one. It assumes the past trend continues; it knows nothing of policy changes.
        <p className="govuk-body govuk-!-margin-top-4">
          EHCPs reach further back than the network&apos;s rounds: before an authority&apos;s first approved return, and in any year it made
          none, its figure is the Department for Education&apos;s SEN2 count of EHC plans and statements at that year&apos;s January census
          (public statistics). A group&apos;s EHCPs are its authorities&apos; SEN2 total, in the years SEN2 has every one of them. Each
          table and download says where every point comes from.
        </p>
      </div>
    </details>
  );
}

/** Which transport the decomposition is about (a GET form); a coordinator's chosen authority goes along. */
export function ForecastCohortPicker({ cohort, pickedCode }: { cohort: string; pickedCode: string | null }) {
  return (
    <Form method="get" className="app-picker">
      {pickedCode ? <input type="hidden" name="authority" value={pickedCode} /> : null}
      <Select
        id="cohort"
        name="cohort"
        label="Transport for"
        defaultValue={cohort}
        options={[{ value: "send", label: "All SEND cohorts" }, ...COHORTS.map((c) => ({ value: c, label: COHORT_LABELS[c] }))]}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show
      </button>
    </Form>
  );
}
