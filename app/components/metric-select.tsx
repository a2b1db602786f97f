import { metricOptionGroups } from "~/domain/metric-choice";

const GROUPS = metricOptionGroups();

/** A GOV.UK select of every metric, grouped by family; works as a plain GET form field. */
export function MetricSelect({ id, name, label, value }: { id: string; name: string; label: string; value: string }) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="govuk-select" id={id} name={name} defaultValue={value}>
        {GROUPS.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
