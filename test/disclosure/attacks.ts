/**
 * The attacks of domain spec §5.4, as code. Each plays the attacker with only what the crawls
 * collected plus the public figures, makes claims, and then — only to score them — checks each claim
 * against the truth the test holds (the identified metrics the pipeline stored). An attack's result
 * is the number of claims that were right, with the figures or URLs that gave them away.
 */
import { displayStep } from "../../app/domain/disclosure";
import { findMetric } from "../../app/domain/metrics";
import type { GroupFigure, LabelledFigure } from "./extract";
import type { PublicFigures } from "./network";

export interface AttackResult {
  attack: string;
  successes: number;
  evidence: string[];
}

/** The identified truth at one moment: round → metric → authority code → value; groups by name. */
export interface Truth {
  metrics: Map<string, Map<string, Map<string, number>>>;
  groups: Map<string, Set<string>>;
  codes: string[];
}

const TOLERANCE_FLOOR = 1e-6;

export function tolerance(decimals: number): number {
  return 0.5 * 10 ** -decimals + TOLERANCE_FLOOR;
}

/** The authorities whose true value the shown figure could be (at the precision it is shown). */
export function candidates(truth: Truth, round: string | null, metric: string, value: number, decimals: number): string[] {
  if (!round) return [];
  const byCode = truth.metrics.get(round)?.get(metric);
  if (!byCode) return [];
  const within = tolerance(decimals);
  return [...byCode].filter(([, truthValue]) => Math.abs(truthValue - value) <= within).map(([code]) => code);
}

/** Who stands behind a labelled figure, when its value identifies one authority (used only to score). */
export function identity(truth: Truth, figure: LabelledFigure): string | null {
  const found = candidates(truth, figure.round, figure.metric, figure.value, figure.decimals);
  return found.length === 1 ? found[0]! : null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Quantities the attacker can look up per authority and year, with how loosely each tracks the return. */
function publicQuantities(figures: PublicFigures): Array<{ name: string; value: number; relative: number }> {
  return [
    { name: "SEN2 EHCPs", value: figures.ehcps, relative: 0.001 },
    { name: "ONS population 0-25", value: figures.population, relative: 0.001 },
    { name: "EHCPs per 10,000 (SEN2/ONS)", value: figures.ehcpRatePer10k, relative: 0.002 },
    { name: "s251 SEN transport", value: figures.s251SendTransport, relative: 0.04 },
    ...Object.entries(figures.breakdown).map(([key, value]) => ({ name: `SEN2 ${key}`, value, relative: 0.001 })),
  ];
}

/**
 * Public linkage: in every labelled column, match each value to the one authority whose public
 * figure it equals (nearest, and clearly nearer than the next); a column where most values match the
 * same public quantity is taken as that quantity, and each match names a label's authority.
 */
export function publicLinkage(
  others: readonly LabelledFigure[],
  truth: Truth,
  publicFigures: Map<string, Map<string, PublicFigures>>,
): AttackResult {
  const evidence: string[] = [];
  const linked = new Set<string>();
  // Per year, each public quantity as a list of (authority, value, how loosely it tracks the return).
  const tables = new Map<string, Map<string, Array<{ code: string; value: number; relative: number }>>>();
  for (const [year, byCode] of publicFigures) {
    const quantities = new Map<string, Array<{ code: string; value: number; relative: number }>>();
    for (const [code, figures] of byCode) {
      for (const q of publicQuantities(figures)) {
        if (!quantities.has(q.name)) quantities.set(q.name, []);
        quantities.get(q.name)!.push({ code, value: q.value, relative: q.relative });
      }
    }
    tables.set(year, quantities);
  }
  for (const [, figures] of groupBy(others, (f) => `${f.round}|${f.metric}`)) {
    const round = figures[0]!.round;
    const quantities = round ? tables.get(round) : undefined;
    if (!quantities || figures.length < 3) continue;
    for (const [quantity, known] of quantities) {
      const claims: Array<{ figure: LabelledFigure; code: string }> = [];
      for (const figure of figures) {
        let best: { code: string; distance: number; relative: number } | null = null;
        let next = Infinity;
        for (const q of known) {
          const distance = Math.abs(q.value - figure.value) / Math.max(1, Math.abs(q.value));
          if (!best || distance < best.distance) {
            if (best) next = best.distance;
            best = { code: q.code, distance, relative: q.relative };
          } else if (distance < next) next = distance;
        }
        if (best && best.distance <= best.relative && next > best.distance * 3 + best.relative) claims.push({ figure, code: best.code });
      }
      if (claims.length < Math.max(3, new Set(figures.map((f) => f.label)).size * 0.5)) continue;
      for (const { figure, code } of claims) {
        if (identity(truth, figure) !== code) continue;
        const key = `${figure.round}|${figure.label}|${code}`;
        if (!linked.has(key)) {
          linked.add(key);
          if (evidence.length < 12)
            evidence.push(
              `${figure.url}: "${figure.label}" ${figure.metric}=${figure.value} matches ${quantity} of ${code} (${figure.round})`,
            );
        }
      }
    }
  }
  return { attack: "public linkage (label → authority from public figures)", successes: linked.size, evidence };
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  let term = (1 - p) ** n;
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

/**
 * Joins by label: the same label on figures of two different metrics in a round, or of one metric
 * in two rounds, taken to be the same authority. Labels drawn afresh per figure are right by chance
 * (one in the number of labels), and across thousands of pairs of columns a few pairs are right
 * twice or three times by chance alone; so a pair of columns counts only when its right joins are
 * more than chance could give anywhere among the pairs tried (binomial tail below 1 % over all
 * pairs), as they are when labels are shared.
 */
export function labelJoins(others: readonly LabelledFigure[], truth: Truth): AttackResult {
  const evidence: string[] = [];
  const joined = new Set<string>();
  // One figure per (round, metric, label): the same figure on a page and its download is one figure.
  const figures = [
    ...groupBy(
      others.filter((f) => !f.anonymous),
      (f) => `${f.round}|${f.metric}|${f.label}`,
    ).values(),
  ].map((list) => list[0]!);
  const byColumn = groupBy(figures, (f) => `${f.round}|${f.metric}`);
  const columns = [...byColumn.entries()];
  const pairs = (columns.length * (columns.length - 1)) / 2;
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const [keyA, a] = columns[i]!;
      const [keyB, b] = columns[j]!;
      const labelsB = new Map(b.map((f) => [f.label, f]));
      let verifiable = 0;
      const right: Array<[LabelledFigure, LabelledFigure, string]> = [];
      for (const fa of a) {
        const fb = labelsB.get(fa.label);
        if (!fb) continue;
        const ia = identity(truth, fa);
        const ib = identity(truth, fb);
        if (!ia || !ib) continue;
        verifiable++;
        if (ia === ib) right.push([fa, fb, ia]);
      }
      if (verifiable < 3 || right.length < verifiable * 0.5) continue;
      if (binomialTail(verifiable, right.length, 1 / Math.max(2, labelsB.size)) * pairs >= 0.01) continue;
      for (const [fa, fb, code] of right) {
        const key =
          fa.round === fb.round ? `${fa.round}|${code}|across metrics` : `${code}|${[fa.round, fb.round].sort().join("/")}|across rounds`;
        if (!joined.has(key)) {
          joined.add(key);
          if (evidence.length < 12) evidence.push(`"${fa.label}" joins ${keyA} (${fa.url}) with ${keyB} (${fb.url}): both ${code}`);
        }
      }
    }
  }
  return { attack: "joins across figures, pages and rounds (same label)", successes: joined.size, evidence };
}

function isTrend(metric: string): boolean {
  return metric.startsWith("change.") || metric.startsWith("growth.");
}

/**
 * Trend rebuilding: another authority's change or growth shown one by one, and the previous value
 * `value / (1 + change / 100)` used to find the same authority in the previous round.
 */
export function trendRebuilding(others: readonly LabelledFigure[], truth: Truth, publishedRounds: readonly string[]): AttackResult {
  const evidence: string[] = [];
  const rebuilt = new Set<string>();
  for (const figure of others) {
    if (!isTrend(figure.metric)) continue;
    const code = identity(truth, figure);
    if (!code) continue;
    const key = `${figure.round}|${figure.metric}|${code}`;
    if (rebuilt.has(key)) continue;
    rebuilt.add(key);
    if (evidence.length < 8) evidence.push(`${figure.url}: "${figure.label}" ${figure.metric}=${figure.value} is ${code}'s own trend`);
  }
  // value/(1+change/100): link a label to last round's figure of the same metric.
  const byRoundLabel = groupBy(
    others.filter((f) => !f.anonymous),
    (f) => `${f.round}|${f.label}`,
  );
  for (const [, figures] of byRoundLabel) {
    for (const change of figures.filter((f) => f.metric.startsWith("change."))) {
      const base = change.metric.slice("change.".length);
      const now = figures.find((f) => f.metric === base);
      const roundIndex = publishedRounds.indexOf(change.round ?? "");
      if (!now || roundIndex <= 0) continue;
      const previousRound = publishedRounds[roundIndex - 1]!;
      const previous = now.value / (1 + change.value / 100);
      const matches = others.filter(
        (f) =>
          !f.anonymous &&
          f.round === previousRound &&
          f.metric === base &&
          Math.abs(f.value - previous) <= Math.max(tolerance(f.decimals), Math.abs(previous) * 0.002),
      );
      const labels = new Set(matches.map((m) => m.label));
      if (labels.size !== 1) continue;
      const code = identity(truth, now);
      if (code && identity(truth, matches[0]!) === code) {
        const key = `${code}|${change.round}|linked to ${previousRound}`;
        if (!rebuilt.has(key)) {
          rebuilt.add(key);
          if (evidence.length < 12)
            evidence.push(
              `"${now.label}" (${change.round}) ${base}=${now.value}, change ${change.value}% → ${previous.toFixed(1)} = "${matches[0]!.label}" in ${previousRound}: both ${code}`,
            );
        }
      }
    }
  }
  return { attack: "trend rebuilding (others' change/growth, previous-round linking)", successes: rebuilt.size, evidence };
}

/** Whether a group statistic is one authority's value: min, max, or an R-7 quantile at a whole position. */
function isOrderStatistic(figure: GroupFigure): boolean {
  if (figure.statistic === "min" || figure.statistic === "max") return true;
  if (figure.n === null) return figure.statistic === "median" || figure.statistic === "q1" || figure.statistic === "q3";
  const p = figure.statistic === "q1" ? 0.25 : figure.statistic === "q3" ? 0.75 : figure.statistic === "median" ? 0.5 : null;
  return p !== null && Number.isInteger((figure.n - 1) * p);
}

function membersOf(truth: Truth, group: string): Set<string> | null {
  const lower = group.toLowerCase();
  const names = [...truth.groups.keys()].filter((name) => lower.includes(name.toLowerCase())).sort((a, b) => b.length - a.length);
  return names.length > 0 ? truth.groups.get(names[0]!)! : null;
}

/**
 * Group placement: a label whose value equals (at the precision both are shown) exactly one group's
 * order statistic — its min or max, or an R-7 quartile at a whole position, which is one member's own
 * value — is placed in that group.
 */
export function groupPlacement(others: readonly LabelledFigure[], groups: readonly GroupFigure[], truth: Truth): AttackResult {
  const evidence: string[] = [];
  const placed = new Set<string>();
  const statistics = groups.filter((g) => isOrderStatistic(g) && !/network|all authorities|england/i.test(g.group));
  const byRoundMetric = groupBy(statistics, (g) => `${g.round}|${g.metric}`);
  for (const figure of others) {
    if (figure.anonymous) continue;
    const offered = byRoundMetric.get(`${figure.round}|${figure.metric}`);
    if (!offered) continue;
    // Equal at the metric's display precision (a CSV prints 4.0 as "4", so printed decimals say nothing).
    const unit = findMetric(figure.metric)?.unit;
    const within = unit ? displayStep(unit) / 2 + TOLERANCE_FLOOR : tolerance(figure.decimals);
    const equal = offered.filter((g) => Math.abs(g.value - figure.value) <= within);
    const groupsHit = new Set(equal.map((g) => g.group));
    if (groupsHit.size !== 1) continue;
    const group = [...groupsHit][0]!;
    const code = identity(truth, figure);
    const members = membersOf(truth, group);
    if (!code || !members?.has(code)) continue;
    const key = `${figure.round}|${figure.label}|${group}`;
    if (placed.has(key)) continue;
    placed.add(key);
    if (evidence.length < 12)
      evidence.push(
        `"${figure.label}" ${figure.metric}=${figure.value} (${figure.url}) equals ${group}'s ${equal[0]!.statistic} (${equal[0]!.url}): ${code} is in ${group}`,
      );
  }
  // Knowing the perturbation (ADR 012: at most 4 % and a few display steps), the attacker also places a
  // label near exactly one group's figure. By chance such a claim is right as often as the group's share
  // of the network; any true group quartile lies among its members' values, so the claims are always
  // right somewhat more often than that. They count as placements only when they are both far above
  // chance (z > 3.1, p < 0.001) and right more often than wrong; the evidence gives the numbers either way.
  const unique = [...new Map(others.filter((f) => !f.anonymous).map((f) => [`${f.round}|${f.metric}|${f.label}`, f])).values()];
  let claims = 0;
  let right = 0;
  let expected = 0;
  let variance = 0;
  const nearRight: string[] = [];
  for (const figure of unique) {
    const offered = byRoundMetric.get(`${figure.round}|${figure.metric}`);
    const unit = findMetric(figure.metric)?.unit;
    if (!offered || !unit || !figure.round) continue;
    const step = displayStep(unit);
    const near = offered.filter((g) => Math.abs(g.value - figure.value) <= 0.045 * Math.abs(g.value) + 5 * step);
    const groupsHit = new Set(near.map((g) => g.group));
    if (groupsHit.size !== 1) continue;
    const group = [...groupsHit][0]!;
    const members = membersOf(truth, group);
    const code = identity(truth, figure);
    const reporting = [...(truth.metrics.get(figure.round)?.get(figure.metric)?.keys() ?? [])];
    if (!members || !code || reporting.length === 0) continue;
    const share = reporting.filter((c) => members.has(c)).length / reporting.length;
    claims++;
    expected += share;
    variance += share * (1 - share);
    if (members.has(code)) {
      right++;
      if (nearRight.length < 3)
        nearRight.push(`"${figure.label}" ${figure.metric}=${figure.value} near ${group}'s ${near[0]!.statistic} ${near[0]!.value}`);
    }
  }
  const z = variance > 0 ? (right - expected) / Math.sqrt(variance) : 0;
  const nearSuccesses = z > 3.1 && right > claims / 2 ? right : 0;
  evidence.push(
    `near a group figure (within its perturbation): ${claims} claims, ${right} right (${((100 * right) / Math.max(1, claims)).toFixed(0)} %), ${expected.toFixed(1)} expected by chance (z = ${z.toFixed(2)})${nearSuccesses ? `: ${nearRight.join("; ")}` : ""}`,
  );
  return { attack: "group placement from group statistics", successes: placed.size + nearSuccesses, evidence };
}

export interface TimedGroupFigure extends GroupFigure {
  /** Which crawl (moment) offered it, and the truth at that moment. */
  phase: string;
  truth: Truth;
}

/**
 * Differencing: two offered figures of one metric whose contributor counts differ by k (1 ≤ k <
 * minGroupSize) — two groups, or one group at two moments — give, from n·mean (or totals), the sum
 * of the k authorities between them; with k = 1 that is one authority's value. Scored right when it
 * is within 5 % of the true value of the one authority that differs.
 */
export function differencing(figures: readonly TimedGroupFigure[], minGroupSize: number): AttackResult {
  const evidence: string[] = [];
  const recovered = new Set<string>();
  const sums = figures
    .map((f) => {
      if (f.statistic === "total") return { figure: f, n: f.n, sum: f.value };
      if (f.statistic === "mean" && f.n !== null) return { figure: f, n: f.n, sum: f.value * f.n };
      return null;
    })
    .filter((s): s is { figure: TimedGroupFigure; n: number | null; sum: number } => s !== null && s.n !== null);
  const byMetric = groupBy(sums, (s) => s.figure.metric);
  for (const [, list] of byMetric) {
    // One figure per (phase, round, group, statistic).
    const unique = [...groupBy(list, (s) => `${s.figure.phase}|${s.figure.round}|${s.figure.group}|${s.figure.statistic}`).values()].map(
      (l) => l[0]!,
    );
    for (const a of unique) {
      for (const b of unique) {
        if (a === b || a.n! - b.n! < 1 || a.n! - b.n! >= minGroupSize) continue;
        if (a.figure.statistic !== b.figure.statistic && !(a.figure.statistic === "mean" || b.figure.statistic === "mean")) continue;
        if (a.n! - b.n! !== 1 || !a.figure.round) continue;
        // Scored against the one group member whose true value is nearest the estimate.
        const estimate = a.sum - b.sum;
        const members = /network|all authorities|england/i.test(a.figure.group)
          ? new Set(a.figure.truth.codes)
          : membersOf(a.figure.truth, a.figure.group);
        const values = a.figure.truth.metrics.get(a.figure.round)?.get(a.figure.metric);
        if (!members || !values) continue;
        const nearest = [...members]
          .filter((code) => values.has(code))
          .map((code) => ({ code, value: values.get(code)! }))
          .sort((x, y) => Math.abs(x.value - estimate) - Math.abs(y.value - estimate))[0];
        if (!nearest || Math.abs(estimate - nearest.value) > Math.abs(nearest.value) * 0.05) continue;
        const { code, value: truthValue } = nearest;
        const key = `${code}|${a.figure.round}|${a.figure.metric}`;
        if (recovered.has(key)) continue;
        recovered.add(key);
        if (evidence.length < 12) {
          evidence.push(
            `${a.figure.metric} ${a.figure.round}: ${a.figure.group} ${a.figure.statistic} n=${a.n} (${a.figure.phase}, ${a.figure.url}) − ${b.figure.group} n=${b.n} (${b.figure.phase}, ${b.figure.url}) = ${estimate.toFixed(1)} ≈ ${code}'s ${truthValue.toFixed(1)}`,
          );
        }
      }
    }
  }
  return { attack: "differencing two group figures (groups, rounds, over time)", successes: recovered.size, evidence };
}

/**
 * Tie order (rule 5: ties by label, never by code, id or name): within each column and metric, a
 * run of equal values whose labels are not in label order — ascending where the column runs lowest
 * first, descending where it runs highest first — is ordered by something else, such as the code or
 * name behind them. Each such run is counted; the evidence says whether the labels' authorities
 * (where their values identify them) came out in ONS-code order.
 */
export function tieOrder(others: readonly LabelledFigure[], truth: Truth): AttackResult {
  const evidence: string[] = [];
  let leaks = 0;
  const named = others.filter((f) => !f.anonymous);
  for (const [column, figures] of groupBy(named, (f) => `${f.column}|${f.metric}`)) {
    const ordered = [...new Map([...figures].sort((a, b) => a.position - b.position).map((f) => [f.position, f])).values()];
    const descending = ordered.length > 1 && ordered[0]!.value > ordered[ordered.length - 1]!.value;
    for (let start = 0; start < ordered.length;) {
      let end = start;
      while (end + 1 < ordered.length && ordered[end + 1]!.value === ordered[start]!.value) end++;
      const run = ordered.slice(start, end + 1);
      start = end + 1;
      if (run.length < 2) continue;
      const byLabel = run.every((f, i) => i === 0 || (descending ? run[i - 1]!.label > f.label : run[i - 1]!.label < f.label));
      if (byLabel) continue;
      leaks++;
      const codes = run.map((f) => identity(truth, f) ?? "?");
      if (evidence.length < 6)
        evidence.push(`${column}: tied ${run[0]!.value} as ${run.map((f) => `"${f.label}"`).join(", ")} (${codes.join(", ")})`);
    }
  }
  return { attack: "tie order (ties ordered by code, not label)", successes: leaks, evidence };
}
