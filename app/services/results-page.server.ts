import { type ContributorSetKey, type Viewer, groupFigure, publicGroupTotals, suppressionMessage } from "../domain/disclosure";
import {
  type EhcpHistory,
  FORECAST_METRICS,
  type ForecastSubject,
  authorityEhcpHistory,
  type NetworkDecomposition,
  forecastReport,
  groupDecomposition,
  parseScenarioInputs,
} from "../domain/forecast-report";
import { listApprovedHistory } from "../models/authority-history.server";
import { readDeflatorTable } from "../models/deflator.server";
import { findAuthorityByCode, findAuthorityById, listAuthorities } from "../models/authority.server";
import { getSen2EhcpSeries, loadSen2Figures } from "../models/public-statistics.server";
import { censusYearOfRound } from "../domain/sen2";
import type { RoundResults } from "./round-results.server";
import { forbidden } from "../utils/auth.server";
import { getDb } from "../utils/db.server";
import { loadPublishedResults } from "../utils/results-access.server";

/** What every results page's header needs, from the round's results. */
export function resultsHeaderData(results: RoundResults) {
  const realTerms = results.realTerms;
  return {
    slug: results.round.slug,
    roundName: results.round.name,
    /** Coordinators may look at a round's results before publishing it: the header says so. */
    notYetPublished: results.round.status !== "published",
    realTermsNote: realTerms.available
      ? `Real-terms figures are in ${realTerms.baseYear} prices (HM Treasury GDP deflators).`
      : realTerms.reason,
  };
}

/**
 * The forecasts page's data for a viewer: whose figures (a member's own authority, the authority a
 * coordinator picks, or a regional viewer's group as its members' medians), the report, and the
 * group figures it compares against, all through domain/disclosure. Members and regional viewers see
 * only published rounds; withdrawn ones feed nothing.
 */
export async function loadForecastPage(viewer: Viewer, results: RoundResults, search: URLSearchParams) {
  const db = getDb();
  const inputs = parseScenarioInputs(search);
  const coordinator = viewer.kind === "coordinator";
  const roundYear = results.round.financial_year;
  let authorityId: number | null = null;
  let pickedCode: string | null = null;
  if (viewer.kind === "member") authorityId = viewer.authorityId;
  else if (viewer.kind === "coordinator") {
    const authority = await findAuthorityByCode(db, search.get("authority") ?? "");
    if (!authority) {
      const authorities = [...results.identities.values()]
        .map((a) => ({ code: a.code, name: a.name }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { kind: "choose" as const, authorities };
    }
    authorityId = authority.id;
    pickedCode = authority.code;
  }
  const group = viewer.kind === "regional_viewer" ? results.groups.find((candidate) => candidate.id === viewer.groupId) : undefined;
  if (viewer.kind === "regional_viewer" && !group) throw forbidden();

  // Every round the viewer may see up to this one; for others than coordinators, the contributor
  // sets fixed at each publication decide who stands behind a group figure.
  const rounds = (coordinator ? [results] : await loadPublishedResults()).filter((r) => r.round.financial_year <= roundYear);
  const roundOfYear = (year: string) => rounds.find((r) => r.round.financial_year === year);
  const codes = new Map<number, string>();
  for (const r of rounds) for (const identity of r.identities.values()) codes.set(identity.authorityId, identity.code);
  const ids = new Set(codes.keys());
  if (authorityId !== null) ids.add(authorityId);
  const [byAuthority, deflators] = await Promise.all([listApprovedHistory(db, [...ids]), readDeflatorTable(db)]);
  const visible = (id: number) =>
    (byAuthority.get(id) ?? []).filter((entry) => entry.financialYear <= roundYear && (coordinator || entry.published));
  const inSets = (setKey: ContributorSetKey, fromYear: string, toYear: string) => (id: number) =>
    coordinator || [fromYear, toYear].every((year) => roundOfYear(year)?.contributors.sets.get(setKey)?.has(id) === true);
  const membersOf = (candidates: Iterable<number>, setKey: ContributorSetKey, fromYear: string, toYear: string) =>
    [...candidates].filter(inSets(setKey, fromYear, toYear)).map((id) => ({ id, code: codes.get(id) ?? String(id), history: visible(id) }));
  const rules = { hash: results.hash, minGroupSize: results.minGroupSize, exact: coordinator, deflators, cohort: inputs.cohort };
  const network = (fromYear: string, toYear: string) =>
    groupDecomposition({ ...rules, members: membersOf(ids, "network", fromYear, toYear), fromYear, toYear });

  let subject: ForecastSubject;
  let ehcpHistory: EhcpHistory | undefined;
  let groupFactors: ((fromYear: string, toYear: string) => NetworkDecomposition) | undefined;
  if (group) {
    // The group's median authority, year by year: the same group figures its regions page offers.
    let why = suppressionMessage(results.minGroupSize);
    const history = rounds.flatMap((r) => {
      const metrics: Record<string, number> = {};
      for (const metric of FORECAST_METRICS) {
        const figure = groupFigure(r, viewer, `group:${group.id}`, metric);
        if (figure.shown) metrics[metric] = figure.median;
        else why = figure.message;
      }
      return Object.keys(metrics).length === 0 ? [] : [{ financialYear: r.round.financial_year, values: {}, metrics }];
    });
    if (history.length === 0) return { kind: "suppressed" as const, message: `${group.name}: ${why}, in every year` };
    subject = { name: `${group.name} (the median authority)`, history, ownReturns: false, source: "Network returns: group median" };
    ehcpHistory = await groupEhcpHistory(group, results.minGroupSize, roundYear);
    groupFactors = (fromYear, toYear) => {
      const networkMembers = new Set(membersOf(ids, "network", fromYear, toYear).map((m) => m.id));
      return groupDecomposition({
        ...rules,
        members: membersOf(group.authorityIds, `group:${group.id}`, fromYear, toYear),
        fromYear,
        toYear,
        offeredBefore: [networkMembers],
      });
    };
  } else {
    const authority = await findAuthorityById(db, authorityId!);
    const name = results.identities.get(authorityId!)?.name ?? authority?.name ?? "";
    subject = { name, history: visible(authorityId!), ownReturns: true, source: "Approved return" };
    // The authority's own EHCPs from DfE SEN2 (public, and its own) before the network's rounds.
    if (authority) ehcpHistory = { points: authorityEhcpHistory(subject.history, await getSen2EhcpSeries(db, authority.code), roundYear) };
  }
  const report = forecastReport({
    subject,
    deflators,
    inputs,
    network,
    ...(groupFactors ? { groupFactors } : {}),
    ...(ehcpHistory ? { ehcpHistory } : {}),
  });
  if (!report) return { kind: "empty" as const };
  // Whose bars the decomposition chart draws: a member's own, or the group or authority by name.
  const ownLabel = viewer.kind === "member" ? "You" : (group?.name ?? subject.name);
  return { kind: "report" as const, pickedCode, subjectName: subject.name, ownLabel, inputs, report };
}

/**
 * A group's EHCPs for its forecast: its members' DfE SEN2 total at each January census up to the
 * round's, where SEN2 has every member (domain/disclosure's publicGroupTotals), or nothing.
 */
async function groupEhcpHistory(
  group: { name: string; authorityIds: readonly number[] },
  minGroupSize: number,
  roundYear: string,
): Promise<EhcpHistory | undefined> {
  const db = getDb();
  const ids = new Set(group.authorityIds);
  const codes = (await listAuthorities(db)).filter((authority) => ids.has(authority.id)).map((authority) => authority.code);
  const figures = await loadSen2Figures(db, { codes, breakdowns: ["ehcp.total"] });
  const lastCensus = censusYearOfRound(roundYear) ?? 0;
  const totals = publicGroupTotals({
    memberCodes: codes,
    minGroupSize,
    years: figures.censusYears().filter((year) => year <= lastCensus),
    figureOf: (code, year) => figures.point(code, "ehcp.total", year),
  });
  if (!totals.shown || totals.totals.length === 0) return undefined;
  return {
    label: `EHCPs maintained by the ${codes.length} authorities of ${group.name} (total)`,
    points: totals.totals.map((point) => ({
      year: point.year - 1,
      value: point.total,
      source: `DfE SEN2 (${point.releaseNames.join(", ")}), total of every authority in the group`,
    })),
  };
}
