const COLOURS: Record<string, string> = {
  not_started: "govuk-tag--grey",
  draft: "govuk-tag--yellow",
  submitted: "govuk-tag--blue",
  queried: "govuk-tag--orange",
  approved: "govuk-tag--green",
  open: "govuk-tag--green",
  closed: "govuk-tag--grey",
  published: "govuk-tag--blue",
  active: "govuk-tag--green",
  inactive: "govuk-tag--grey",
  queued: "govuk-tag--grey",
  sending: "govuk-tag--light-blue",
  sent: "govuk-tag--green",
  failed: "govuk-tag--red",
};

export function humanise(status: string): string {
  const text = status.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A GOV.UK tag for a status word, coloured consistently across the service. */
export function StatusTag({ status }: { status: string }) {
  return <strong className={`govuk-tag ${COLOURS[status] ?? ""}`.trim()}>{humanise(status)}</strong>;
}
