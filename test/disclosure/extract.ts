/**
 * Turns what the crawler read into what an attacker works with: tables (HTML tables, spreadsheet
 * sheets, arrays of records in loader data), and from them labelled figures (one authority's value
 * under a label) and group figures (a statistic of a group). Nothing here knows a page by name: the
 * metric of a column comes from its header, the table's caption or the URL's choices.
 */
import { METRIC_DEFINITIONS, type MetricDefinition } from "../../app/domain/metrics";
import { type CrawledDocument, decodeEntities } from "./crawler";

export interface Table {
  url: string;
  kind: CrawledDocument["kind"];
  caption: string;
  headers: string[];
  rows: string[][];
}

export interface LabelledFigure {
  url: string;
  kind: CrawledDocument["kind"];
  /** Identifies the column a figure came from (one chart or table column). */
  column: string;
  round: string | null;
  metric: string;
  label: string;
  value: number;
  /** Decimal places shown (a download at full precision shows many). */
  decimals: number;
  /** Row position in its table, for tie order. */
  position: number;
  /**
   * The label names no one: it stands on several rows of the same column and metric ("Another
   * authority" on a scatter's unlabelled points). The value is still on offer, but there is no label
   * to join, order or place.
   */
  anonymous: boolean;
}

export type GroupStatistic = "n" | "mean" | "median" | "q1" | "q3" | "min" | "max" | "total";

export interface GroupFigure {
  url: string;
  column: string;
  round: string | null;
  metric: string;
  group: string;
  statistic: GroupStatistic;
  value: number;
  /** Contributors, when the table says (a column of n, or "(40 authorities)" in a header). */
  n: number | null;
  /** Decimal places shown. */
  decimals: number;
}

const ROUND_SLUG = /\b(20\d\d-\d\d)\b/;

export function cellText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/g, " ").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** A displayed or downloaded number: "£12,345", "−3.4%", "1,234.5", "12.0" → number; anything else → null. */
export function decimalsOf(text: string): number {
  const cleaned = text.replace(/[£,%\s]/g, "");
  const point = cleaned.indexOf(".");
  return point === -1 ? 0 : cleaned.length - point - 1;
}

export function parseNumber(text: string): number | null {
  const cleaned = text
    .replace(/[£,%\s]/g, "")
    .replace(/[−–]/g, "-")
    .replace(/^\+/, "");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

export function tablesOf(doc: CrawledDocument): Table[] {
  if (doc.status !== 200) return [];
  const tables: Table[] = [];
  if (doc.kind === "html") {
    const html = doc.text.replace(/<script[\s\S]*?<\/script>/g, "");
    for (const match of html.matchAll(/<table\b[\s\S]*?<\/table>/g)) {
      const table = match[0];
      const caption = cellText(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? "");
      const rows = [...table.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((row) =>
        [...row[0].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cellText(cell[1]!)),
      );
      if (rows.length < 2) continue;
      tables.push({ url: doc.url, kind: doc.kind, caption, headers: rows[0]!, rows: rows.slice(1) });
    }
  }
  if (doc.sheets) {
    for (const sheet of doc.sheets) {
      // The header is the first row as wide as the data under it (titles and notes come before).
      const width = Math.max(0, ...sheet.map((row) => row.filter((cell) => cell !== "").length));
      const start = sheet.findIndex((row) => row.filter((cell) => cell !== "").length === width);
      if (start === -1 || width < 2) continue;
      const caption = sheet
        .slice(0, start)
        .map((row) => row.join(" "))
        .join(" ");
      tables.push({ url: doc.url, kind: doc.kind, caption, headers: sheet[start]!, rows: sheet.slice(start + 1) });
    }
  }
  if (doc.data !== undefined)
    for (const table of recordTables(doc.data, doc.url, doc.kind === "html" ? "data" : doc.kind)) tables.push(table);
  return tables;
}

/** Arrays of records anywhere in loader data, flattened one level ("statistics.median"). */
function recordTables(data: unknown, url: string, kind: CrawledDocument["kind"]): Table[] {
  const tables: Table[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      const records = value.filter(
        (item): item is Record<string, unknown> => item !== null && typeof item === "object" && !Array.isArray(item),
      );
      if (records.length >= 2 && records.length === value.length) {
        const flat = records.map((record) => flatten(record));
        const headers = [...new Set(flat.flatMap((record) => Object.keys(record)))];
        tables.push({ url, kind, caption: path, headers, rows: flat.map((record) => headers.map((header) => record[header] ?? "")) });
      }
      value.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    }
  };
  walk(data, "");
  return tables;
}

function flatten(record: Record<string, unknown>, prefix = ""): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) flat[name] = "";
    else if (typeof value === "object" && !Array.isArray(value) && !prefix)
      Object.assign(flat, flatten(value as Record<string, unknown>, name));
    else if (typeof value !== "object") flat[name] = String(value);
  }
  return flat;
}

const METRICS_BY_LABEL = [...METRIC_DEFINITIONS].sort((a, b) => b.label.length - a.label.length);
const METRIC_KEYS = new Set(METRIC_DEFINITIONS.map((metric) => metric.key));

/** The metric a header or caption names (its longest metric label inside), or null. */
export function metricNamedIn(text: string): MetricDefinition | null {
  const lower = text.toLowerCase();
  if (METRIC_KEYS.has(text)) return METRIC_DEFINITIONS.find((metric) => metric.key === text)!;
  return METRICS_BY_LABEL.find((metric) => lower.includes(metric.label.toLowerCase())) ?? null;
}

function urlMetric(url: string, column: string): string | null {
  const params = new URL(url, "http://x").searchParams;
  const metric = params.get("metric") ?? null;
  if (!metric || !METRIC_KEYS.has(metric)) return null;
  if (params.get("terms") === "real" && metric.startsWith("unit_cost.")) return `real_${metric}`;
  void column;
  return metric;
}

export function roundOf(url: string): string | null {
  return /^\/results\/([^/?.]+)/.exec(url)?.[1] ?? null;
}

const STATISTIC_WORDS: Array<[RegExp, GroupStatistic]> = [
  [/lower quartile|\bq1\b|25th/i, "q1"],
  [/upper quartile|\bq3\b|75th/i, "q3"],
  [/median|\bq2\b/i, "median"],
  [/\bmean\b|average/i, "mean"],
  [/\bmin(imum)?\b|lowest/i, "min"],
  [/\bmax(imum)?\b|highest/i, "max"],
  [/\btotal\b|\bsum\b/i, "total"],
  [/^n$|contributors|contributing|approved returns|number of authorities|authorities \(n\)|^authorities$|\.n$|^count$/i, "n"],
];

export function statisticNamed(text: string): GroupStatistic | null {
  for (const [pattern, statistic] of STATISTIC_WORDS) if (pattern.test(text)) return statistic;
  return null;
}

/** Words that mark a row as not one authority (a statistic, a group, a year, the viewer's own). */
export interface Vocabulary {
  groupNames: string[];
  ownNames: string[];
}

export function isGroupLabel(label: string, vocabulary: Vocabulary): string | null {
  const lower = label.toLowerCase();
  // The longest name that fits: "North East family" is not the North East region.
  const named = vocabulary.groupNames.filter((name) => lower.includes(name.toLowerCase())).sort((a, b) => b.length - a.length)[0];
  if (named) return named;
  if (/network|all authorities|statistical neighbours|similar authorities|england|your group|other groups/i.test(label))
    return label.replace(/\s*\(.*\)\s*$/, "");
  return null;
}

function isAuthorityLabel(label: string, vocabulary: Vocabulary): boolean {
  if (label === "" || parseNumber(label) !== null) return false;
  if (ROUND_SLUG.test(label) || /^\d{4}$/.test(label)) return false;
  if (statisticNamed(label)) return false;
  if (isGroupLabel(label, vocabulary)) return false;
  if (METRIC_KEYS.has(label) || metricNamedIn(label)) return false;
  if (/^(yes|no|true|false|own|rank|band|you|your authority|—|-|n\/a|not available|suppressed.*)$/i.test(label)) return false;
  // A source column ("Approved return", "DfE SEN2 (SEN2 2025)") names where a figure came from, not who.
  if (/^(approved return|dfe sen2.*|network returns.*)$/i.test(label)) return false;
  return label.length <= 60;
}

/**
 * The viewer's own row: their authority's name, alone or with the "You" tag a table puts after it
 * ("Hartlepool You"), or words that mean the viewer. The member knows their own authority, so a
 * figure under it discloses nothing to them.
 */
export function isOwnLabel(label: string, vocabulary: Vocabulary): boolean {
  const bare = label.replace(/\s*(\(you\)|you)$/i, "").trim();
  return vocabulary.ownNames.includes(label) || vocabulary.ownNames.includes(bare) || /^your authority$|^own$|^you$/i.test(label);
}

/** Column index holding row labels: the first mostly non-numeric column (or a label/name key in loader data). */
function labelColumn(table: Table): number {
  const named = table.headers.findIndex((header) => /^(label|name|pseudonym|authority|key)$/i.test(header.replace(/^.*\./, "")));
  if (named !== -1 && table.headers[named] !== "key") return named;
  for (let column = 0; column < table.headers.length; column++) {
    const values = table.rows.map((row) => row[column] ?? "");
    const textual = values.filter((value) => value !== "" && parseNumber(value) === null).length;
    if (textual >= values.length * 0.6) return column;
  }
  return -1;
}

/** Every figure under a label that is not a group, statistic, year or the viewer's own authority. */
export function labelledFigures(table: Table, vocabulary: Vocabulary): { others: LabelledFigure[]; own: LabelledFigure[] } {
  const others: LabelledFigure[] = [];
  const own: LabelledFigure[] = [];
  const labelAt = labelColumn(table);
  if (labelAt === -1) return { others, own };
  const metricColumn = table.headers.findIndex((header) => /^metric$/i.test(header));
  const roundColumn = table.headers.findIndex((header) => /^round$|financial year/i.test(header));
  const urlRound = roundOf(table.url);
  table.headers.forEach((header, column) => {
    if (column === labelAt || column === metricColumn || column === roundColumn) return;
    if (statisticNamed(header) === "n" || /rank|band|percentile|position|^key$|id$/i.test(header)) return;
    const headerMetric = metricNamedIn(header)?.key ?? null;
    table.rows.forEach((row, position) => {
      const label = row[labelAt] ?? "";
      const value = parseNumber(row[column] ?? "");
      if (value === null) return;
      const rowMetric = metricColumn !== -1 && METRIC_KEYS.has(row[metricColumn] ?? "") ? row[metricColumn]! : null;
      const metric = rowMetric ?? headerMetric ?? metricNamedIn(table.caption)?.key ?? urlMetric(table.url, header);
      if (!metric) return;
      const round = (roundColumn !== -1 ? ROUND_SLUG.exec(row[roundColumn] ?? "")?.[1] : null) ?? urlRound;
      const figure = {
        url: table.url,
        kind: table.kind,
        column: `${table.url}#${table.caption}#${header}`,
        round,
        metric,
        label,
        value,
        decimals: decimalsOf(row[column]!),
        position,
        anonymous: false,
      };
      if (isOwnLabel(label, vocabulary)) own.push(figure);
      else if (isAuthorityLabel(label, vocabulary)) others.push(figure);
    });
  });
  // A label on more than one row of one column and metric is no pseudonym.
  const uses = new Map<string, number>();
  for (const figure of others)
    uses.set(`${figure.column}|${figure.metric}|${figure.label}`, (uses.get(`${figure.column}|${figure.metric}|${figure.label}`) ?? 0) + 1);
  for (const figure of others) figure.anonymous = uses.get(`${figure.column}|${figure.metric}|${figure.label}`)! > 1;
  return { others, own };
}

/** Statistics of named groups, whether groups are rows and statistics columns or the other way round. */
export function groupFigures(table: Table, vocabulary: Vocabulary): GroupFigure[] {
  const figures: GroupFigure[] = [];
  const labelAt = labelColumn(table);
  const urlRound = roundOf(table.url);
  const roundColumn = table.headers.findIndex((header) => /^round$|financial year/i.test(header));
  const nFromText = (text: string) => {
    const match = /\((\d+) (authorities|councils|contributors)\)|n\s*=\s*(\d+)/i.exec(text);
    return match ? Number(match[1] ?? match[3]) : null;
  };
  table.rows.forEach((row, rowIndex) => {
    const rowLabel = labelAt === -1 ? "" : (row[labelAt] ?? "");
    // "Bath and North East Somerset You" is the viewer's own row, not the North East.
    const rowGroup = isOwnLabel(rowLabel, vocabulary) ? null : isGroupLabel(rowLabel, vocabulary);
    const rowStatistic = statisticNamed(rowLabel);
    const round = (roundColumn !== -1 ? ROUND_SLUG.exec(row[roundColumn] ?? "")?.[1] : null) ?? urlRound;
    const nColumn = table.headers.findIndex((header) => statisticNamed(header) === "n");
    const rowN = nColumn !== -1 ? parseNumber(row[nColumn] ?? "") : null;
    table.headers.forEach((header, column) => {
      if (column === labelAt || column === roundColumn) return;
      const value = parseNumber(row[column] ?? "");
      if (value === null) return;
      const columnGroup = isGroupLabel(header, vocabulary);
      const columnStatistic = statisticNamed(header);
      const group = rowGroup ?? columnGroup;
      const statistic = rowGroup ? columnStatistic : columnGroup ? (rowStatistic ?? columnStatistic) : null;
      if (!group || !statistic) return;
      const metric =
        metricNamedIn(header)?.key ?? metricNamedIn(rowLabel)?.key ?? metricNamedIn(table.caption)?.key ?? urlMetric(table.url, header);
      if (!metric) return;
      figures.push({
        url: table.url,
        column: `${table.url}#${table.caption}#${rowIndex}#${header}`,
        round,
        metric,
        group,
        statistic,
        value,
        n: rowN ?? nFromText(header) ?? nFromText(rowLabel),
        decimals: decimalsOf(row[column]!),
      });
    });
  });
  return figures;
}

/**
 * Series told in words (a chart's text alternative: "EHCPs maintained … Approved returns: 2020-21
 * 99,150, 2021-22 111,341, …") on a page about one group ("North East (8 authorities together)"):
 * each year's figure is that group's total over the contributors the page states.
 */
export function seriesFigures(doc: CrawledDocument, vocabulary: Vocabulary): GroupFigure[] {
  if (doc.kind !== "html" || doc.status !== 200) return [];
  const html = doc.text.replace(/<script[\s\S]*?<\/script>/g, "");
  const heading = cellText(/<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? "");
  const group = isGroupLabel(heading, vocabulary);
  const n = /\((\d+) (?:authorities|councils|contributors)/.exec(heading);
  if (!group || !n) return [];
  const statistic: GroupStatistic = /together|total|sum/i.test(heading) ? "total" : /median/i.test(heading) ? "median" : "total";
  const text = cellText(html);
  const figures: GroupFigure[] = [];
  for (const match of text.matchAll(/((?:(?:19|20)\d\d-\d\d:? -?£?-?[\d,]+(?:\.\d+)?%?,? ?){2,})/g)) {
    const window = text.slice(Math.max(0, match.index - 240), match.index).toLowerCase();
    let best: { key: string; at: number; length: number } | null = null;
    for (const metric of METRIC_DEFINITIONS) {
      const at = window.lastIndexOf(metric.label.toLowerCase());
      if (at === -1) continue;
      const end = at + metric.label.length;
      if (!best || end > best.at || (end === best.at && metric.label.length > best.length))
        best = { key: metric.key, at: end, length: metric.label.length };
    }
    if (!best) continue;
    for (const point of match[1]!.matchAll(/((?:19|20)\d\d-\d\d):? (-?£?-?[\d,]+(?:\.\d+)?%?)/g)) {
      const value = parseNumber(point[2]!.replace(/,$/, ""));
      if (value === null) continue;
      figures.push({
        url: doc.url,
        column: `${doc.url}#series#${best.key}`,
        round: point[1]!,
        metric: best.key,
        group,
        statistic,
        value,
        n: Number(n[1]),
        decimals: decimalsOf(point[2]!.replace(/,$/, "")),
      });
    }
  }
  return figures;
}
