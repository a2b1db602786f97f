import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PrerenderedFigure } from "~/components/figure-slot";
import { ResultsHeader } from "~/components/results-header";
import { DataTable } from "~/components/view-table";
import { policyOutcomeTable } from "~/domain/insight-tables";
import { ASSOCIATION_CAVEAT } from "~/domain/policy-comparisons";
import { FIGURES, pageFigure, requireResultsFigures } from "~/services/figures.server";
import { loadPolicyChanges, loadPolicyComparisons } from "~/services/insight.server";
import { resultsHeaderData } from "~/services/results-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `What works – ${data?.header.roundName ?? ""} – Benchmark Network` },
];

/** What works: each policy, councils with it against those without, and adopters against non-adopters over two rounds. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, results, ctx, search } = await requireResultsFigures(request, params.slug);
  // The figure and the words share one set of comparisons (and one summariser, so the changes after them are checked against them).
  const view = await ctx.memo("policy-comparisons", () => loadPolicyComparisons(viewer, results));
  const figure = (await pageFigure(context, ctx, FIGURES.policies, search))!;
  const { did, didTable } = await loadPolicyChanges(results, view);
  return {
    header: resultsHeaderData(results),
    role: viewer.kind,
    scopeName: view.scopeName,
    minGroupSize: view.minGroupSize,
    figure: figure.slot,
    policies: view.comparisons.map((comparison) => ({
      key: comparison.policyKey,
      label: comparison.label,
      own: comparison.own,
      sentence: comparison.sentence,
      outcomeTable: policyOutcomeTable(comparison),
    })),
    did: did && did.map((row) => ({ key: row.policyKey, sentence: row.sentence })),
    didTable,
  };
}

const OWN_ANSWER = {
  true: "Your authority has this policy.",
  false: "Your authority does not have this policy.",
  null: "Your authority did not answer this question.",
} as const;

export default function WhatWorks() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <ResultsHeader
        {...page.header}
        heading="What works: transport policies and unit costs"
        showNeighbours={page.role === "member"}
        identified={page.role === "coordinator"}
      />
      <p className="govuk-body">
        Each policy the return asks about, in {page.scopeName}: the councils that have it against those that do not. A side is shown only
        when at least {page.minGroupSize} councils are on each side.
      </p>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          {ASSOCIATION_CAVEAT}
        </strong>
      </div>
      <h2 className="govuk-heading-m">SEND unit cost with and without each policy</h2>
      <PrerenderedFigure figure={page.figure} />
      <h2 className="govuk-heading-m">Each policy in words</h2>
      {page.policies.map((policy) => (
        <section key={policy.key} aria-labelledby={`policy-${policy.key}`} className="app-policy">
          <h3 className="govuk-heading-s" id={`policy-${policy.key}`}>
            {policy.label}
            {policy.own === true ? <strong className="govuk-tag govuk-tag--blue app-own-tag">You have this</strong> : null}
          </h3>
          <p className="govuk-body">{policy.sentence}</p>
          {page.role === "member" ? <p className="govuk-body-s">{OWN_ANSWER[String(policy.own) as keyof typeof OWN_ANSWER]}</p> : null}
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Every outcome for {policy.label.toLowerCase()}</span>
            </summary>
            <div className="govuk-details__text">
              <DataTable table={policy.outcomeTable} />
            </div>
          </details>
        </section>
      ))}
      <h2 className="govuk-heading-m">Councils that adopted a policy against those that did not</h2>
      {page.did && page.didTable ? (
        <>
          <p className="govuk-body">
            For each policy: the councils that did not have it in the previous published round and had it in this one, against those that
            had it in neither. The difference in differences is how much more (or less) the adopters' unit cost changed. It is still an
            association: councils choose when to adopt a policy.
          </p>
          <ul className="govuk-list govuk-list--bullet">
            {page.did.map((row) => (
              <li key={row.key}>{row.sentence}</li>
            ))}
          </ul>
          <DataTable table={page.didTable} />
        </>
      ) : (
        <p className="govuk-body">
          There is no earlier published round to compare with, so the change since adopting a policy cannot be shown yet.
        </p>
      )}
    </>
  );
}
