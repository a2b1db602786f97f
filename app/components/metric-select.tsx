import { metricOptionGroups } from "~/domain/metric-choice";
import { Select } from "./ui/fields";

const GROUPS = metricOptionGroups();

/** A GOV.UK select of every metric, grouped by family; works as a plain GET form field. */
export function MetricSelect({ id, name, label, value }: { id: string; name: string; label: string; value: string }) {
  return <Select id={id} name={name} label={label} defaultValue={value} options={GROUPS} />;
}
