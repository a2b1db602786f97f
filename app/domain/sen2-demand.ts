/**
 * The demand view (domain spec §8): one authority's EHCPs (statements + plans) at each January
 * census against its region, its DfE statistical neighbours and England, growth between any two
 * censuses, and the breakdowns SEN2 has. Public figures only, every authority named (§5.3 rule 9):
 * nothing here comes from, or can be joined with, the network's returns.
 */
import { EHCP_AGE_BANDS, EHCP_NEEDS, EHCP_SETTINGS } from "./cohorts";
import { ENGLAND_CODE } from "./code-succession";
import type { CsvCell } from "./csv";
import { findField, getQuestionSet } from "./question-set";
import { Sen2Figures, formatGrowth, growthPercent, regionTotal, sumIfComplete } from "./sen2-series";
import type { ViewTable } from "./view-tables";

export interface DemandArea {
  code: string;
  name: string;
}

export interface DemandInput {
  figures: Sen2Figures;
  authority: DemandArea & { regionName: string };
  /** Codes whose figures make up the region's totals (former areas included). */
  regionCodes: readonly string[];
  neighbours: readonly DemandArea[];
  from: number;
  to: number;
}

export type DemandLineKey = "authority" | "region" | "neighbours" | "england";

export interface DemandLineView {
  key: DemandLineKey;
  label: string;
  /** One per census year of `years`. */
  values: Array<number | null>;
  fromValue: number | null;
  toValue: number | null;
  growth: number | null;
}

export interface BreakdownView {
  family: "age" | "setting" | "need";
  title: string;
  censusYear: number;
  rows: Array<{
    key: string;
    label: string;
    authority: number;
    authorityShare: number;
    england: number | null;
    englandShare: number | null;
  }>;
}

export interface DemandView {
  authority: DemandArea & { regionName: string };
  years: number[];
  from: number;
  to: number;
  lines: DemandLineView[];
  /** "EHCPs +192.2% since 2015 (England +115.3%)", or null when growth cannot be measured. */
  headline: string | null;
  /** Why there is no comparable figure for some years: a new area, or a neighbour that is one. */
  notes: string[];
  breakReason: string | null;
  neighbours: Array<DemandArea & { fromValue: number | null; toValue: number | null; growth: number | null }>;
  breakdowns: BreakdownView[];
  releases: string[];
}

/** The years a page may offer: every census with an England figure. */
export function demandYears(figures: Sen2Figures): number[] {
  return figures.series(ENGLAND_CODE).points.map((p) => p.censusYear);
}

/** A year from the query string, kept within the years offered; the fallback otherwise. */
export function chooseYear(text: string | null, years: readonly number[], fallback: number): number {
  const year = Number(text);
  return Number.isInteger(year) && years.includes(year) ? year : fallback;
}

function shortLabel(key: string): string {
  const label = findField(getQuestionSet(1), key)?.label ?? key;
  const text = label.replace(/^EHCPs (for|in) /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const FAMILIES = {
  age: { title: "By age", keys: EHCP_AGE_BANDS.map((b) => `ehcp.age.${b}`) },
  setting: { title: "By placement", keys: EHCP_SETTINGS.map((s) => `ehcp.setting.${s}`) },
  need: { title: "By primary need", keys: EHCP_NEEDS.map((n) => `ehcp.need.${n}`) },
} as const;

function breakdown(figures: Sen2Figures, code: string, family: keyof typeof FAMILIES, to: number): BreakdownView | null {
  const { title, keys } = FAMILIES[family];
  // The latest census up to `to` for which the authority has this breakdown.
  const years = figures
    .series(code, keys[1]!)
    .points.map((p) => p.censusYear)
    .filter((year) => year <= to);
  const censusYear = years.at(-1);
  if (censusYear === undefined) return null;
  const total = figures.value(code, "ehcp.total", censusYear);
  const englandTotal = figures.value(ENGLAND_CODE, "ehcp.total", censusYear);
  if (!total) return null;
  const rows = keys.flatMap((key) => {
    const value = figures.value(code, key, censusYear);
    if (value === null) return [];
    const england = figures.value(ENGLAND_CODE, key, censusYear);
    return [
      {
        key,
        label: shortLabel(key),
        authority: value,
        authorityShare: (value / total) * 100,
        england,
        englandShare: england !== null && englandTotal ? (england / englandTotal) * 100 : null,
      },
    ];
  });
  return { family, title, censusYear, rows };
}

export function buildDemandView(input: DemandInput): DemandView {
  const { figures, authority, from, to } = input;
  const years = demandYears(figures);
  const neighbourCodes = input.neighbours.map((n) => n.code);
  const valueOf = (key: DemandLineKey, year: number): number | null => {
    switch (key) {
      case "authority":
        return figures.value(authority.code, "ehcp.total", year);
      case "region":
        return regionTotal(figures, input.regionCodes, "ehcp.total", year);
      case "neighbours":
        return sumIfComplete(figures, neighbourCodes, "ehcp.total", year);
      case "england":
        return figures.value(ENGLAND_CODE, "ehcp.total", year);
    }
  };
  const labels: Record<DemandLineKey, string> = {
    authority: authority.name,
    region: authority.regionName,
    neighbours: `${authority.name}'s ${input.neighbours.length} statistical neighbours`,
    england: "England",
  };
  const lines = (["authority", "region", "neighbours", "england"] as const).map((key): DemandLineView => {
    const values = years.map((year) => valueOf(key, year));
    const fromValue = valueOf(key, from);
    const toValue = valueOf(key, to);
    return { key, label: labels[key], values, fromValue, toValue, growth: growthPercent(fromValue, toValue) };
  });

  const own = lines[0]!;
  const england = lines[3]!;
  const span = to === years.at(-1) ? `since ${from}` : `from ${from} to ${to}`;
  const headline =
    own.growth === null
      ? null
      : `EHCPs ${formatGrowth(own.growth)} ${span}${england.growth === null ? "" : ` (England ${formatGrowth(england.growth)})`}`;

  const series = figures.series(authority.code);
  const notes: string[] = [];
  if (series.breakReason) notes.push(series.breakReason);
  for (const neighbour of input.neighbours) {
    const reason = figures.series(neighbour.code).breakReason;
    if (reason) notes.push(`The neighbours' total is shown only from ${neighbour.name}'s first census: ${reason}`);
  }

  const neighbours = input.neighbours.map((n) => {
    const fromValue = figures.value(n.code, "ehcp.total", from);
    const toValue = figures.value(n.code, "ehcp.total", to);
    return { ...n, fromValue, toValue, growth: growthPercent(fromValue, toValue) };
  });
  const breakdowns = (["age", "setting", "need"] as const).flatMap((family) => breakdown(figures, authority.code, family, to) ?? []);
  const releases = Sen2Figures.releasesOf([
    ...series.points,
    ...figures.series(ENGLAND_CODE).points.filter((p) => years.includes(p.censusYear)),
  ]);
  return { authority, years, from, to, lines, headline, notes, breakReason: series.breakReason, neighbours, breakdowns, releases };
}

/** The series as a table (one row per census), for the page and the CSV download alike. */
export function demandSeriesTable(view: DemandView): ViewTable {
  return {
    caption: `EHCPs (statements and EHC plans) at each January census: ${view.authority.name}, ${view.authority.regionName}, statistical neighbours and England`,
    columns: [
      { key: "census", label: "January census" },
      ...view.lines.map((l) => ({ key: l.key, label: l.label, unit: "count" as const })),
    ],
    rows: view.years.map((year, i) => [String(year), ...view.lines.map((l) => l.values[i] ?? null)]),
  };
}

export function demandGrowthTable(view: DemandView): ViewTable {
  return {
    caption: `Growth in EHCPs from January ${view.from} to January ${view.to}`,
    columns: [
      { key: "area", label: "Area" },
      { key: "from", label: `January ${view.from}`, unit: "count" },
      { key: "to", label: `January ${view.to}`, unit: "count" },
      { key: "growth_percent", label: "Growth", unit: "percent" },
    ],
    rows: view.lines.map((l) => [l.label, l.fromValue, l.toValue, l.growth === null ? null : Math.round(l.growth * 10) / 10]),
  };
}

/** The series indexed to the start year (= 100), for the chart. */
export function indexedLines(view: DemandView): Array<{ key: DemandLineKey; label: string; values: Array<number | null> }> {
  return view.lines.map((l) => ({
    key: l.key,
    label: l.label,
    values: l.values.map((value) => (value === null || !l.fromValue ? null : (value / l.fromValue) * 100)),
  }));
}

/** Long rows for the CSV download: every figure with its area, census and release. */
export function demandCsvRows(view: DemandView, releaseOf: (code: string | null, year: number) => string | null): CsvCell[][] {
  const header: CsvCell[] = ["area", "area_code", "comparison", "census_january", "ehcps", "source"];
  const codeOf: Record<DemandLineKey, string | null> = {
    authority: view.authority.code,
    region: null,
    neighbours: null,
    england: ENGLAND_CODE,
  };
  const rows: CsvCell[][] = [];
  for (const l of view.lines) {
    view.years.forEach((year, i) => {
      const value = l.values[i];
      if (value === null || value === undefined) return;
      rows.push([l.label, codeOf[l.key], l.key, year, value, `DfE SEN2 (${releaseOf(codeOf[l.key], year) ?? view.releases.join(", ")})`]);
    });
  }
  return [header, ...rows];
}
