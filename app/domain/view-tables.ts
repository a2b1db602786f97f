/**
 * The table beside every chart, once for both uses: shown on the page (formatted for people) and
 * downloaded as CSV (full precision). Columns name what they hold; blanks are null.
 */
import type { CsvCell } from "./csv";
import type { MetricUnit } from "./metrics";

export interface ViewTable {
  caption: string;
  columns: ReadonlyArray<{ key: string; label: string; unit?: MetricUnit }>;
  rows: ReadonlyArray<ReadonlyArray<CsvCell>>;
  /** Row index to emphasise (the viewer's own authority), if any. */
  ownRow?: number;
}

/** Every authority one by one (confidential metrics), or, for others, the distribution with the own value placed. */
export function rankingTable(input: {
  metricLabel: string;
  unit: MetricUnit;
  rows: ReadonlyArray<{ label: string; own: boolean; value: number; rank: number | null; quartileBand: number | null }>;
}): ViewTable {
  const ownRow = input.rows.findIndex((row) => row.own);
  return {
    caption: `${input.metricLabel}, lowest first`,
    columns: [
      { key: "authority", label: "Authority" },
      { key: "value", label: input.metricLabel, unit: input.unit },
      { key: "rank", label: "Rank (1 = lowest)" },
      { key: "quartile_band", label: "Quartile band (1 = lowest)" },
    ],
    rows: input.rows.map((row) => [row.label, row.value, row.rank, row.quartileBand]),
    ...(ownRow >= 0 ? { ownRow } : {}),
  };
}

/** A group's figure as views hand it over: n and quartiles only — never min or max (spec §5.3 rule 4). */
type Stats = { n: number; q1: number; median: number; q3: number } | null;

export function distributionTable(
  metricLabel: string,
  unit: MetricUnit,
  groups: ReadonlyArray<{ label: string; stats: Stats; own: number | null }>,
): ViewTable {
  return {
    caption: `${metricLabel} by cohort`,
    columns: [
      { key: "cohort", label: "Cohort" },
      { key: "n", label: "Authorities" },
      { key: "q1", label: "Lower quartile", unit },
      { key: "median", label: "Median", unit },
      { key: "q3", label: "Upper quartile", unit },
      { key: "own", label: "Your authority", unit },
    ],
    rows: groups.map((g) => [g.label, g.stats?.n ?? null, g.stats?.q1 ?? null, g.stats?.median ?? null, g.stats?.q3 ?? null, g.own]),
  };
}

/** A public-linkable or trend metric for others: the network's distribution, with the viewer's own value and rank placed in it. */
export function placementTable(
  metricLabel: string,
  unit: MetricUnit,
  stats: Stats,
  own: { value: number; rank: number; n: number } | null,
  suppressedText: string | null,
): ViewTable {
  return {
    caption: `${metricLabel}: the network's distribution${own ? ", with your authority placed in it" : ""}`,
    columns: [
      { key: "group", label: "Group" },
      { key: "n", label: "Authorities" },
      { key: "q1", label: "Lower quartile", unit },
      { key: "median", label: "Median", unit },
      { key: "q3", label: "Upper quartile", unit },
      ...(own
        ? [
            { key: "own", label: "Your authority", unit },
            { key: "own_rank", label: "Your rank (1 = lowest)" },
          ]
        : []),
      ...(stats ? [] : [{ key: "note", label: "Note" }]),
    ],
    rows: [
      [
        "All authorities",
        stats?.n ?? null,
        stats?.q1 ?? null,
        stats?.median ?? null,
        stats?.q3 ?? null,
        ...(own ? [own.value, `${own.rank} of ${own.n}`] : []),
        ...(stats ? [] : [suppressedText]),
      ],
    ],
  };
}

export function compositionTable(rows: ReadonlyArray<{ label: string; own: number | null; networkMedian: number | null }>): ViewTable {
  return {
    caption: "Share of transport spend by cohort",
    columns: [
      { key: "cohort", label: "Cohort" },
      { key: "own_percent", label: "Your authority", unit: "percent" },
      { key: "network_median_percent", label: "Network median", unit: "percent" },
    ],
    rows: rows.map((row) => [row.label, row.own, row.networkMedian]),
  };
}

export function groupComparisonTable(
  metricLabel: string,
  unit: MetricUnit,
  groups: ReadonlyArray<{ label: string; n: number | null; message: string | null; stats: Stats }>,
): ViewTable {
  return {
    caption: `${metricLabel} by group`,
    columns: [
      { key: "group", label: "Group" },
      { key: "n", label: "Approved returns" },
      { key: "q1", label: "Lower quartile", unit },
      { key: "median", label: "Median", unit },
      { key: "q3", label: "Upper quartile", unit },
      { key: "note", label: "Note" },
    ],
    rows: groups.map((g) => [g.label, g.n, g.stats?.q1 ?? null, g.stats?.median ?? null, g.stats?.q3 ?? null, g.message]),
  };
}

export function scatterTable(
  x: { key: string; label: string; unit: MetricUnit },
  y: { key: string; label: string; unit: MetricUnit },
  points: ReadonlyArray<{ label: string; x: number; y: number; highlighted: boolean }>,
): ViewTable {
  const ownRow = points.findIndex((point) => point.highlighted);
  return {
    caption: `${y.label} against ${x.label}`,
    columns: [
      { key: "authority", label: "Authority" },
      { key: x.key, label: x.label, unit: x.unit },
      { key: y.key, label: y.label, unit: y.unit },
    ],
    // Others' points carry no label (spec §5.3 rule 2): the table says only that it is another authority.
    rows: points.map((point) => [point.label === "" ? "Another authority" : point.label, point.x, point.y]),
    ...(ownRow >= 0 ? { ownRow } : {}),
  };
}

export function trendTable(
  metricLabel: string,
  unit: MetricUnit,
  points: ReadonlyArray<{ year: string; own: number | null; q1: number | null; median: number | null; q3: number | null }>,
): ViewTable {
  return {
    caption: `${metricLabel} over time`,
    columns: [
      { key: "year", label: "Financial year" },
      { key: "own", label: "Your authority", unit },
      { key: "q1", label: "Network lower quartile", unit },
      { key: "median", label: "Network median", unit },
      { key: "q3", label: "Network upper quartile", unit },
    ],
    rows: points.map((p) => [p.year, p.own, p.q1, p.median, p.q3]),
  };
}

/** The CSV form of a view table: machine-friendly column keys, full-precision numbers. */
export function viewTableExport(table: ViewTable): { columns: string[]; rows: ReadonlyArray<ReadonlyArray<CsvCell>> } {
  return { columns: table.columns.map((column) => column.key), rows: table.rows };
}
