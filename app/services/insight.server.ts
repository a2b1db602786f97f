/**
 * The "what works" and "every year at a glance" views, built once for the page, the briefing pack,
 * its PDF and the downloads, so that all of them show the same figures (their charts are in the
 * figure registry, services/figures.server).
 *
 * Group figures go through `groupSummariser`, which applies domain/disclosure: at least
 * MIN_GROUP_SIZE contributors, quartiles and means perturbed by their cell key, and no figure whose
 * contributor set differs by 1 to MIN_GROUP_SIZE − 1 from the network's or another figure of the
 * same quantity already offered on the page.
 */
import type { Viewer } from "~/domain/permissions";
import { groupQuartiles, perturbQuantile, planGroupFigures } from "~/domain/disclosure";
import { differenceInDifferencesTable, ownFiguresExport, ownFiguresTable, policySummaryTable } from "~/domain/insight-tables";
import { findMetric } from "~/domain/metrics";
import {
  type DifferenceInDifferences,
  type GroupSummariser,
  type PolicyRecord,
  comparePolicies,
  differenceInDifferences,
  minimumSizeSummariser,
} from "~/domain/policy-comparisons";
import { readApprovedPolicyAnswers } from "~/models/policy-answers.server";
import { type RoundResults, loadRoundResults } from "./round-results.server";
import { listRounds } from "~/models/round.server";
import { getDb } from "../utils/db.server";
import { getEnv } from "../utils/env.server";
import { loadPublishedResults, pseudonymSecret, requireOwnAuthority } from "../utils/results-access.server";

function groupSummariser(results: RoundResults, viewer: Viewer): GroupSummariser {
  const minGroupSize = results.minGroupSize;
  if (viewer.kind === "coordinator") return minimumSizeSummariser(minGroupSize);
  // Per quantity (the metric, the last part of the figure's name): the sets already offered, the network's first.
  const offered = new Map<string, Array<ReadonlySet<number>>>();
  return (contributors, figure) => {
    const quantity = figure.split("|").at(-1)!;
    const metric = results.byMetric.get(quantity);
    const before = offered.get(quantity) ?? (metric ? [new Set(metric.map((m) => m.authorityId))] : []);
    offered.set(quantity, before);
    const members = new Set(contributors.map((c) => c.authorityId));
    const status = planGroupFigures(
      [...before.map((set, i) => ({ key: `before:${i}`, members: set })), { key: "this", members }],
      minGroupSize,
    ).get("this")!;
    if (!status.shown) return null;
    if (!before.some((set) => set.size === members.size && [...members].every((id) => set.has(id)))) before.push(members);
    const unit = findMetric(quantity)?.unit ?? "percent";
    const coded = contributors.map((c) => ({ code: results.identities.get(c.authorityId)?.code ?? String(c.authorityId), value: c.value }));
    // Nothing shown lands on a value the round shows one by one (the metric's labelled values).
    const displayed = (metric ?? []).map((m) => m.value);
    const quartiles = groupQuartiles({
      hash: results.hash,
      cell: `${results.round.slug}\u0000${figure}`,
      unit,
      contributors: coded,
      displayed,
    });
    const values = contributors.map((c) => c.value);
    const exactMean = values.reduce((a, b) => a + b, 0) / values.length;
    const codes = coded
      .map((c) => c.code)
      .sort()
      .join(",");
    const mean = perturbQuantile({
      hash: results.hash,
      cell: `${results.round.slug}\u0000${figure}\u0000mean\u0000${codes}`,
      value: exactMean,
      scale: Math.abs(quartiles.q3 - quartiles.q1),
      unit,
      avoid: [...values, ...displayed],
    });
    return { q1: quartiles.q1, median: quartiles.median, q3: quartiles.q3, mean };
  };
}

function policyRecords(
  results: RoundResults,
  answers: ReadonlyMap<number, Record<string, boolean>>,
  onlyIds: ReadonlySet<number> | null,
): PolicyRecord[] {
  return [...results.identities.keys()]
    .filter((id) => onlyIds === null || onlyIds.has(id))
    .map((authorityId) => {
      const metrics: Record<string, number> = {};
      for (const [key, metric] of results.byAuthority.get(authorityId) ?? []) metrics[key] = metric.value;
      return { authorityId, policies: answers.get(authorityId) ?? {}, metrics };
    });
}

/** The published round before this one (by financial year), if any: the "before" of the difference in differences. */
async function previousPublishedResults(results: RoundResults): Promise<RoundResults | null> {
  const db = getDb();
  const previous = (await listRounds(db))
    .filter((round) => round.status === "published" && round.financial_year < results.round.financial_year)
    .sort((a, b) => b.financial_year.localeCompare(a.financial_year))[0];
  return previous
    ? loadRoundResults(db, previous, { pseudonymSecret: await pseudonymSecret(), minGroupSize: getEnv().MIN_GROUP_SIZE })
    : null;
}

/** Each policy's comparison in the viewer's scope: the what-works figure and the page's words are drawn from it. */
export async function loadPolicyComparisons(viewer: Viewer, results: RoundResults) {
  const minGroupSize = getEnv().MIN_GROUP_SIZE;
  const group = viewer.kind === "regional_viewer" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  const onlyIds = group ? new Set(group.authorityIds) : null;
  const scope = group ? `group:${group.id}` : "network";
  const answers = await readApprovedPolicyAnswers(getDb(), results.round.id);
  // One summariser for the page: a figure is refused when its contributors are too close to one already offered.
  const summarise = groupSummariser(results, viewer);
  const ownAuthorityId = viewer.kind === "member" ? viewer.authorityId : null;
  const comparisons = comparePolicies(policyRecords(results, answers, onlyIds), { minGroupSize, summarise, ownAuthorityId, scope });
  return {
    scopeName: group ? group.name : "the network",
    comparisons,
    summaryTable: policySummaryTable(comparisons, viewer.kind === "member"),
    minGroupSize,
    changes: { answers, onlyIds, scope, summarise },
  };
}

export type PolicyComparisons = Awaited<ReturnType<typeof loadPolicyComparisons>>;

/** Adopters against non-adopters since the previous published round (null without one), after the comparisons. */
export async function loadPolicyChanges(results: RoundResults, comparisons: PolicyComparisons) {
  const { answers, onlyIds, scope, summarise } = comparisons.changes;
  const previous = await previousPublishedResults(results);
  const previousAnswers = previous ? await readApprovedPolicyAnswers(getDb(), previous.round.id) : null;
  if (!previous || !previousAnswers) return { did: null, didTable: null };
  const did: DifferenceInDifferences[] = differenceInDifferences(
    { slug: previous.round.slug, name: previous.round.name, records: policyRecords(previous, previousAnswers, onlyIds) },
    { slug: results.round.slug, name: results.round.name, records: policyRecords(results, answers, onlyIds) },
    { minGroupSize: comparisons.minGroupSize, summarise, scope },
  );
  return { did, didTable: differenceInDifferencesTable(did) };
}

/** A member's own figures over every published round. */
export async function loadOwnFigures(viewer: Viewer) {
  const authorityId = requireOwnAuthority(viewer);
  const published = [...(await loadPublishedResults())].sort((a, b) => a.round.financial_year.localeCompare(b.round.financial_year));
  const years = published.map((round) => round.round.financial_year);
  const ownValues = published.map(
    (round) => new Map([...(round.byAuthority.get(authorityId) ?? [])].map(([key, value]) => [key, value.value])),
  );
  return { years, ownTable: ownFiguresTable(years, ownValues), ownExport: ownFiguresExport(years, ownValues) };
}
