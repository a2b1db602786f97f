/**
 * Series built from stored SEN2 figures (domain spec §8): an authority's EHCPs by January census with
 * the release each point comes from, sums over regions and statistical neighbours, and growth. Every
 * authority here is named: these are public figures (§5.3 rule 9), never mixed with returns.
 */
import { findNewArea, seriesBreakReason } from "./code-succession";
import { formatDecimal } from "./format";

export interface StoredSen2Figure {
  censusYear: number;
  authorityCode: string;
  breakdown: string;
  value: number;
  releaseName: string;
  /** Later releases replace earlier ones' figures for the same census. */
  reportingYear: number;
}

export interface Sen2Point {
  censusYear: number;
  value: number;
  /** The release the figure was published in, e.g. "SEN2 2025". */
  releaseName: string;
}

export interface Sen2Series {
  authorityCode: string;
  breakdown: string;
  points: Sen2Point[];
  /** Why the series starts late (a new area), or null. */
  breakReason: string | null;
}

/**
 * Figures indexed by authority and breakdown, the latest release winning for each census; a new
 * area's figures before its first census are dropped (none should exist, and none is invented).
 */
export class Sen2Figures {
  private readonly byKey = new Map<string, Map<number, Sen2Point & { reportingYear: number }>>();

  constructor(figures: Iterable<StoredSen2Figure>) {
    for (const figure of figures) {
      const area = findNewArea(figure.authorityCode);
      if (area && figure.censusYear < area.firstCensusYear) continue;
      const key = `${figure.authorityCode}|${figure.breakdown}`;
      let years = this.byKey.get(key);
      if (!years) this.byKey.set(key, (years = new Map()));
      const existing = years.get(figure.censusYear);
      if (!existing || existing.reportingYear < figure.reportingYear) {
        years.set(figure.censusYear, {
          censusYear: figure.censusYear,
          value: figure.value,
          releaseName: figure.releaseName,
          reportingYear: figure.reportingYear,
        });
      }
    }
  }

  value(authorityCode: string, breakdown: string, censusYear: number): number | null {
    return this.byKey.get(`${authorityCode}|${breakdown}`)?.get(censusYear)?.value ?? null;
  }

  point(authorityCode: string, breakdown: string, censusYear: number): Sen2Point | null {
    const point = this.byKey.get(`${authorityCode}|${breakdown}`)?.get(censusYear);
    return point ? { censusYear: point.censusYear, value: point.value, releaseName: point.releaseName } : null;
  }

  /** The figures of one authority at one census for the given breakdowns, keyed by breakdown (those SEN2 has). */
  valuesAt(authorityCode: string, censusYear: number, breakdowns: readonly string[]): Record<string, number> {
    const values: Record<string, number> = {};
    for (const breakdown of breakdowns) {
      const value = this.value(authorityCode, breakdown, censusYear);
      if (value !== null) values[breakdown] = value;
    }
    return values;
  }

  /** Every census with a figure, oldest first. */
  series(authorityCode: string, breakdown = "ehcp.total"): Sen2Series {
    const years = this.byKey.get(`${authorityCode}|${breakdown}`);
    const points = [...(years?.values() ?? [])]
      .sort((a, b) => a.censusYear - b.censusYear)
      .map(({ censusYear, value, releaseName }) => ({ censusYear, value, releaseName }));
    return { authorityCode, breakdown, points, breakReason: seriesBreakReason(authorityCode) };
  }

  /** Census years with any figure, oldest first. */
  censusYears(): number[] {
    const years = new Set<number>();
    for (const byYear of this.byKey.values()) for (const year of byYear.keys()) years.add(year);
    return [...years].sort((a, b) => a - b);
  }

  /** Names of the releases behind the given points, oldest release first, each once. */
  static releasesOf(points: ReadonlyArray<{ releaseName: string } | null>): string[] {
    return [...new Set(points.flatMap((point) => (point ? [point.releaseName] : [])))].sort();
  }
}

/** Percentage change from `from` to `to`; null when it cannot be measured (no start, or a start of 0). */
export function growthPercent(from: number | null, to: number | null): number | null {
  if (from === null || to === null || from === 0) return null;
  return (to / from - 1) * 100;
}

/**
 * The sum over `codes` in one census, or null unless every one of them has a figure: a total with a
 * member missing would look like a fall in demand.
 */
export function sumIfComplete(figures: Sen2Figures, codes: readonly string[], breakdown: string, censusYear: number): number | null {
  let sum = 0;
  for (const code of codes) {
    const value = figures.value(code, breakdown, censusYear);
    if (value === null) return null;
    sum += value;
  }
  return codes.length > 0 ? sum : null;
}

/** A region's total in one census: the authorities in it that year (former areas included), or null if none has a figure. */
export function regionTotal(figures: Sen2Figures, codesInRegion: readonly string[], breakdown: string, censusYear: number): number | null {
  let sum = 0;
  let any = false;
  for (const code of codesInRegion) {
    const value = figures.value(code, breakdown, censusYear);
    if (value === null) continue;
    sum += value;
    any = true;
  }
  return any ? sum : null;
}

/** "+192.2%" / "−3.0%": growth as a director reads it, one decimal, always signed. */
export function formatGrowth(percent: number): string {
  const rounded = Math.round(percent * 10) / 10;
  const text = formatDecimal(Math.abs(rounded));
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : ""}${text}%`;
}

export interface SourcedEhcpPoint {
  /** Financial year "2022-23"; its January census is January 2023. */
  financialYear: string;
  value: number;
  /** "network return" or "DfE SEN2 (SEN2 2025)": said beside every point. */
  source: string;
}

/**
 * An authority's EHCPs by financial year for growth and forecasts: the network's own approved answers
 * where it has them, and SEN2's figure for the year's January census (2022-23 ↔ January 2023) for the
 * years before the network's rounds begin or between them, each point saying where it comes from.
 */
export function ehcpHistoryWithSources(
  ownAnswers: ReadonlyArray<{ financialYear: string; value: number | null }>,
  sen2: Pick<Sen2Series, "points">,
): SourcedEhcpPoint[] {
  const byYear = new Map<string, SourcedEhcpPoint>();
  for (const point of sen2.points) {
    const financialYear = `${point.censusYear - 1}-${String(point.censusYear % 100).padStart(2, "0")}`;
    byYear.set(financialYear, { financialYear, value: point.value, source: `DfE SEN2 (${point.releaseName})` });
  }
  for (const answer of ownAnswers) {
    if (answer.value !== null)
      byYear.set(answer.financialYear, { financialYear: answer.financialYear, value: answer.value, source: "network return" });
  }
  return [...byYear.values()].sort((a, b) => a.financialYear.localeCompare(b.financialYear));
}
