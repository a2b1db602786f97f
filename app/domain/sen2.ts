/**
 * DfE SEN2 "Education, health and care plans" (domain spec §8): reading a release's CSV files into
 * figures keyed by the question set's own field keys, with every problem named by file and row.
 *
 * The mapping from DfE's columns onto `ehcp.*` keys, and every choice in it:
 * - `ehcp.total`: statements + EHC plans. In the 2010–2022 age file that is `Total_all` (before 2018
 *   most plans were still statements, so `Total_ehc` alone would make demand look as if it started
 *   in 2015); in the caseload file it is `ehcplans` (statements had all been converted by 2018); in
 *   the needs file `ehc_plans`.
 * - `ehcp.age.*`: the age file's bands map one to one (`Under 5`, `Age 5 to 10`, `Age 11 to 15`,
 *   `Age 16 to 19`, `Age 20 to 25`). The caseload file's single years (topic `Child or young persons
 *   age`, 2024 and 2025) are summed into the same bands: `under 3`, `age 3` and `age 4` are under 5.
 * - `ehcp.setting.*`: DfE's 35 placement columns grouped as DfE's own Financial Benchmarking and
 *   Insights Tool groups them (see PLACEMENT_COLUMNS): mainstream (LA maintained, academy and free
 *   school mainstream, without their resourced provision and SEN units); resourced (resourced
 *   provision and SEN units of all three); special (LA maintained special, special academies and
 *   free schools); independent (independent special, non-maintained special and independent
 *   mainstream); ap (PRUs, AP academies and AP free schools; SEN2 has no hospital column); post16
 *   (FE and sixth form colleges, specialist post-16 institutions, other UKRLP providers); early_years
 *   (non-maintained early years); other (everything else: elective home education, other
 *   arrangements by the LA or parents, online providers, Welsh settings, other schools and
 *   placements, the four NEET columns, awaiting provision and permanently excluded before 2023, and
 *   placement not recorded). DfE's subtotal and percentage columns are not used.
 * - `ehcp.need.*`: one column per need (`number_asd` → ASD …). `number_need_unknown` (need not
 *   recorded) is counted in OTH, so the twelve needs add up to the total as the return requires.
 * - A breakdown is kept only where its parts add up to its total; DfE leaves some out (Cambridgeshire's
 *   and North East Lincolnshire's 2025 placements, a few 2024 ages) and a part-filled breakdown would
 *   mislead. Each one dropped is a notice naming its rows.
 * - DfE's symbols (`c` suppressed, `x` unavailable, `z` not applicable, `:` not available, `u` low
 *   reliability) mean no figure: a symbol in a total is a notice naming its row; in a part it counts
 *   as no plans there (a placement type DfE did not collect that year).
 */
import { EHCP_AGE_BANDS, EHCP_NEEDS, EHCP_SETTINGS } from "./cohorts";
import { ENGLAND_CODE, currentCode, findFormerArea } from "./code-succession";
import { parseCsv } from "./csv";
import { parseFinancialYear } from "./financial-year";
import { formatCount } from "./format";

export type EhcpAgeBand = (typeof EHCP_AGE_BANDS)[number];
export type EhcpSetting = (typeof EHCP_SETTINGS)[number];
export type EhcpNeed = (typeof EHCP_NEEDS)[number];

export const SEN2_SYMBOLS: Readonly<Record<string, string>> = {
  c: "suppressed",
  x: "unavailable",
  z: "not applicable",
  ":": "not available",
  u: "low reliability",
};

/** DfE's placement columns behind each `ehcp.setting.*` key (FBIT grouping, see the module comment). */
export const PLACEMENT_COLUMNS: Readonly<Record<EhcpSetting, readonly string[]>> = {
  early_years: ["nm_early_years"],
  mainstream: ["mainstream_la_maintained", "mainstream_academy", "mainstream_free_school"],
  resourced: [
    "mainstream_la_maintained_resourced_provision",
    "mainstream_la_maintained_senunit",
    "mainstream_academy_resourced_provision",
    "mainstream_academy_senunit",
    "mainstream_free_school_resourced_provision",
    "mainstream_free_school_senunit",
  ],
  special: ["special_la_maintained", "special_academy_free"],
  independent: ["special_independent", "special_non_maintained", "mainstream_independent"],
  ap: ["ap_pru_la_maintained", "ap_pru_academy", "ap_pru_free_school"],
  post16: ["general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider"],
  other: [
    "elective_home_education",
    "other_arrangements_la",
    "other_arrangements_parents",
    "online_provider",
    "w_settings",
    "other_schools",
    "other_placement_settings",
    "neet",
    "neet_ntci",
    "neet_other",
    "neet_other_csa",
    "await_prov_2022",
    "perm_ex_2022",
    "placement_unknown",
  ],
};

/** DfE's primary-need columns behind each `ehcp.need.*` key. */
export const NEED_COLUMNS: Readonly<Record<EhcpNeed, readonly string[]>> = {
  ASD: ["number_asd"],
  SLCN: ["number_slcn"],
  SEMH: ["number_semh"],
  MLD: ["number_mld"],
  SLD: ["number_sld"],
  PMLD: ["number_pmld"],
  SPLD: ["number_spld"],
  PD: ["number_pd"],
  HI: ["number_hi"],
  VI: ["number_vi"],
  MSI: ["number_msi"],
  OTH: ["number_oth", "number_need_unknown"],
};

/** The age file's `characteristic_age` values. */
export const AGE_FILE_BANDS: Readonly<Record<string, EhcpAgeBand | "total">> = {
  Total: "total",
  "Under 5": "under_5",
  "Age 5 to 10": "5_10",
  "Age 11 to 15": "11_15",
  "Age 16 to 19": "16_19",
  "Age 20 to 25": "20_25",
};

/** The band of one of the caseload file's single years of age ("under 3", "age 3" … "age 25"), or null. */
export function ageBandOfSingleYear(breakdown: string): EhcpAgeBand | null {
  const text = breakdown.trim().toLowerCase();
  if (text === "under 3") return "under_5";
  const match = /^age (\d{1,2})$/.exec(text);
  if (!match) return null;
  const age = Number(match[1]);
  if (age < 5) return "under_5";
  if (age <= 10) return "5_10";
  if (age <= 15) return "11_15";
  if (age <= 19) return "16_19";
  if (age <= 25) return "20_25";
  return null;
}

/** Sums DfE's columns into our categories (symbols count as none). */
function groupColumns<Key extends string>(
  keys: readonly Key[],
  columnsOf: Readonly<Record<Key, readonly string[]>>,
  columns: Readonly<Record<string, number | null>>,
): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, columnsOf[key].reduce((sum, column) => sum + (columns[column] ?? 0), 0)])) as Record<
    Key,
    number
  >;
}

/** Groups one authority-year's placement columns into `ehcp.setting.*` counts. */
export function groupPlacements(columns: Readonly<Record<string, number | null>>): Record<EhcpSetting, number> {
  return groupColumns(EHCP_SETTINGS, PLACEMENT_COLUMNS, columns);
}

/** Groups one authority-year's need columns into `ehcp.need.*` counts (need not recorded in OTH). */
export function groupNeeds(columns: Readonly<Record<string, number | null>>): Record<EhcpNeed, number> {
  return groupColumns(EHCP_NEEDS, NEED_COLUMNS, columns);
}

export type Sen2FileKind = "age_caseload" | "caseload" | "needs";

/** The columns of a file broken down by topic (placement, need): the keys, its total and the breakdown's own columns. */
function breakdownColumns(total: string, breakdown: Readonly<Record<string, readonly string[]>>): readonly string[] {
  return [
    "time_period",
    "geographic_level",
    "new_la_code",
    "la_name",
    "breakdown_topic",
    "breakdown",
    total,
    ...Object.values(breakdown).flat(),
  ];
}

/** What each file is called in DfE's release (a year range may follow) and the columns we read from it. */
export const SEN2_FILES: Readonly<Record<Sen2FileKind, { prefix: string; total: string; columns: readonly string[] }>> = {
  age_caseload: {
    prefix: "sen2_age_caseload",
    total: "Total_all",
    columns: ["time_period", "geographic_level", "new_la_code", "la_name", "characteristic_age", "Total_all"],
  },
  caseload: { prefix: "caseload", total: "ehcplans", columns: breakdownColumns("ehcplans", PLACEMENT_COLUMNS) },
  needs: { prefix: "sen_needs_all_plans", total: "ehc_plans", columns: breakdownColumns("ehc_plans", NEED_COLUMNS) },
};

/** Which SEN2 file a file name is, or null: DfE's names, optionally with a year range (`caseload_2019-2025.csv`). */
export function sen2FileKind(fileName: string): Sen2FileKind | null {
  const base = fileName.split(/[\\/]/).pop()!.toLowerCase();
  for (const [kind, file] of Object.entries(SEN2_FILES) as Array<[Sen2FileKind, (typeof SEN2_FILES)[Sen2FileKind]]>) {
    if (new RegExp(`^${file.prefix}(_[0-9-]+)?\\.csv$`).test(base)) return kind;
  }
  return null;
}

/** One published figure, under today's authority code (England as ENGLAND_CODE). */
export interface Sen2Figure {
  /** The calendar year of the January census: time period 202425 is January 2025. */
  censusYear: number;
  authorityCode: string;
  /** `ehcp.total` or an `ehcp.age.*`, `ehcp.setting.*` or `ehcp.need.*` key. */
  breakdown: string;
  value: number;
}

export type Sen2ReadResult =
  { ok: true; figures: Sen2Figure[]; notices: string[]; firstCensusYear: number; lastCensusYear: number } | { ok: false; errors: string[] };

export interface Sen2File {
  name: string;
  text: string;
}

/** Census year of a DfE time period: "2015" → 2015, "202425" → 2025; null if it is neither. */
export function censusYearOf(timePeriod: string): number | null {
  const text = timePeriod.trim();
  if (/^\d{4}$/.test(text)) return Number(text);
  const match = /^(\d{4})(\d{2})$/.exec(text);
  if (match && (Number(match[1]) + 1) % 100 === Number(match[2])) return Number(match[1]) + 1;
  return null;
}

type Cell = { kind: "number"; value: number } | { kind: "symbol"; symbol: string } | { kind: "invalid" };

function readCell(text: string | undefined): Cell {
  const value = (text ?? "").trim();
  if (/^\d+$/.test(value)) return { kind: "number", value: Number(value) };
  if (Object.hasOwn(SEN2_SYMBOLS, value)) return { kind: "symbol", symbol: value };
  return { kind: "invalid" };
}

const CELL_EXPECTED = `a whole number of plans or one of DfE's symbols ${Object.keys(SEN2_SYMBOLS).join(" ")}`;

interface Total {
  value: number | null;
  rows: number[];
}

/**
 * Reads one release's files. `knownCodes` are today's authority codes; a row whose code is neither
 * one of them (after code succession) nor a former area's is refused. Any error refuses everything.
 */
export function readSen2Files(files: readonly Sen2File[], knownCodes: ReadonlySet<string>): Sen2ReadResult {
  const errors: string[] = [];
  const notices: string[] = [];
  const figures = new Map<string, Sen2Figure & { where: string }>();
  if (files.length === 0)
    return { ok: false, errors: ["No SEN2 files were given: expected sen2_age_caseload, caseload or sen_needs_all_plans CSV files"] };

  const add = (figure: Sen2Figure, where: string) => {
    const key = `${figure.censusYear}|${figure.authorityCode}|${figure.breakdown}`;
    const earlier = figures.get(key);
    if (earlier) {
      errors.push(
        `${where}: a second ${figure.breakdown} figure for ${figure.authorityCode} in January ${figure.censusYear} (the first is ${earlier.where})`,
      );
      return;
    }
    figures.set(key, { ...figure, where });
  };

  for (const file of files) {
    const kind = sen2FileKind(file.name);
    if (!kind) {
      errors.push(
        `${file.name}: not a SEN2 file this product reads: expected a name starting sen2_age_caseload, caseload or sen_needs_all_plans, ending .csv`,
      );
      continue;
    }
    const spec = SEN2_FILES[kind];
    const parsed = parseCsv(file.text);
    if (!parsed.ok) {
      errors.push(...parsed.errors.map((error) => `${file.name}: ${error}`));
      continue;
    }
    const [header, ...body] = parsed.rows;
    const names = (header ?? []).map((name) => name.trim());
    const missing = spec.columns.filter((column) => !names.includes(column));
    if (missing.length > 0) {
      errors.push(
        `${file.name}: row 1 lacks the column${missing.length === 1 ? "" : "s"} ${missing.map((m) => `"${m}"`).join(", ")}: expected DfE's ${kind.replace("_", " ")} layout`,
      );
      continue;
    }
    const index = new Map(names.map((name, i) => [name, i]));
    const symbolCounts = new Map<string, { count: number; first: number }>();
    // Totals and parts per authority-year, checked against each other once the whole file is read.
    const groups = new Map<string, { censusYear: number; code: string; name: string; total: Total; parts: Map<string, Total> }>();
    const groupOf = (censusYear: number, code: string, name: string, family: string) => {
      const key = `${censusYear}|${code}|${family}`;
      let group = groups.get(key);
      if (!group) {
        group = { censusYear, code, name, total: { value: null, rows: [] }, parts: new Map() };
        groups.set(key, group);
      }
      return group;
    };

    body.forEach((cells, offset) => {
      const row = offset + 2;
      const at = (column: string) => cells[index.get(column)!] ?? "";
      const where = `${file.name} row ${row}`;
      const censusYear = censusYearOf(at("time_period"));
      if (censusYear === null) {
        errors.push(`${where}, column time_period: "${at("time_period")}" is not a year such as 2015 or 202425`);
        return;
      }
      const level = at("geographic_level").trim();
      if (level === "Regional") return;
      let code: string;
      if (level === "National") code = ENGLAND_CODE;
      else if (level === "Local authority") {
        const published = at("new_la_code").trim();
        code = currentCode(published);
        if (!knownCodes.has(code) && !findFormerArea(code)) {
          errors.push(
            `${where}, column new_la_code: "${published}" (${at("la_name").trim() || "no name"}) is not a known local authority code: expected an ONS code such as E10000014`,
          );
          return;
        }
      } else {
        errors.push(`${where}, column geographic_level: "${level}" is not National, Regional or Local authority`);
        return;
      }
      const name = level === "National" ? "England" : at("la_name").trim();

      const numberAt = (column: string, isTotal: boolean): number | null | "invalid" => {
        const cell = readCell(at(column));
        if (cell.kind === "number") return cell.value;
        if (cell.kind === "invalid") {
          errors.push(`${where}, column ${column}: "${at(column)}" is not ${CELL_EXPECTED}`);
          return "invalid";
        }
        if (isTotal) {
          notices.push(`${where}: ${name}, January ${censusYear}, ${column} is "${cell.symbol}" (${SEN2_SYMBOLS[cell.symbol]}): no figure`);
        } else {
          const key = `${column} "${cell.symbol}" (${SEN2_SYMBOLS[cell.symbol]})`;
          const seen = symbolCounts.get(key);
          if (seen) seen.count++;
          else symbolCounts.set(key, { count: 1, first: row });
        }
        return null;
      };

      if (kind === "age_caseload") {
        const band = AGE_FILE_BANDS[at("characteristic_age").trim()];
        if (!band) {
          errors.push(
            `${where}, column characteristic_age: "${at("characteristic_age")}" is not one of ${Object.keys(AGE_FILE_BANDS).join(", ")}`,
          );
          return;
        }
        const value = numberAt(spec.total, true);
        if (value === "invalid") return;
        const group = groupOf(censusYear, code, name, "age");
        const target = band === "total" ? group.total : (group.parts.get(band) ?? { value: null, rows: [] });
        if (target.rows.length > 0) {
          errors.push(
            `${where}: a second "${at("characteristic_age")}" row for ${name} in January ${censusYear} (the first is row ${target.rows[0]})`,
          );
          return;
        }
        target.value = value;
        target.rows.push(row);
        if (band !== "total") group.parts.set(band, target);
        return;
      }

      const topic = at("breakdown_topic").trim();
      const breakdown = at("breakdown").trim();
      if (topic === "All EHC plans") {
        const value = numberAt(spec.total, true);
        if (value === "invalid") return;
        const family = kind === "caseload" ? "setting" : "need";
        const group = groupOf(censusYear, code, name, family);
        if (group.total.rows.length > 0) {
          errors.push(
            `${where}: a second "All EHC plans" row for ${name} in January ${censusYear} (the first is row ${group.total.rows[0]})`,
          );
          return;
        }
        group.total = { value, rows: [row] };
        const columns: Record<string, number | null> = {};
        for (const column of kind === "caseload" ? Object.values(PLACEMENT_COLUMNS).flat() : Object.values(NEED_COLUMNS).flat()) {
          const cell = numberAt(column, false);
          if (cell === "invalid") return;
          columns[column] = cell;
        }
        const grouped: Record<string, number> = kind === "caseload" ? groupPlacements(columns) : groupNeeds(columns);
        for (const [part, count] of Object.entries(grouped)) group.parts.set(part, { value: count, rows: [row] });
        if (kind === "caseload" && value !== null) add({ censusYear, authorityCode: code, breakdown: "ehcp.total", value }, where);
        return;
      }
      if (kind === "caseload" && topic === "Child or young persons age") {
        const band = ageBandOfSingleYear(breakdown);
        if (!band) {
          errors.push(`${where}, column breakdown: "${breakdown}" is not an age such as "under 3" or "age 14"`);
          return;
        }
        const value = numberAt(spec.total, true);
        if (value === "invalid") return;
        const group = groupOf(censusYear, code, name, "single-age");
        const part = group.parts.get(band) ?? { value: 0, rows: [] };
        part.value = (part.value ?? 0) + (value ?? 0);
        part.rows.push(row);
        group.parts.set(band, part);
        return;
      }
      // Other topics (sex, ethnicity, years held …) are not used; they are skipped, not refused.
    });

    for (const [column, seen] of symbolCounts) {
      notices.push(
        `${file.name}: ${column} in ${seen.count} row${seen.count === 1 ? "" : "s"} from row ${seen.first}: counted as no plans in that placement or need`,
      );
    }

    // The single-age rows have their totals in the same file's "All EHC plans" rows.
    for (const [key, group] of groups) {
      const [year, code, family] = key.split("|") as [string, string, string];
      if (family === "single-age") {
        group.total = groups.get(`${year}|${code}|setting`)?.total ?? { value: null, rows: [] };
      }
      if (family === "age" && group.total.value !== null) {
        add(
          { censusYear: group.censusYear, authorityCode: code, breakdown: "ehcp.total", value: group.total.value },
          `${file.name} row ${group.total.rows[0]}`,
        );
      }
      const prefix = family === "setting" ? "ehcp.setting." : family === "need" ? "ehcp.need." : "ehcp.age.";
      const parts = [...group.parts.entries()];
      if (group.total.value === null || parts.length === 0) continue;
      const sum = parts.reduce((total, [, part]) => total + (part.value ?? 0), 0);
      const rows = parts.flatMap(([, part]) => part.rows);
      if (sum !== group.total.value || parts.some(([, part]) => part.value === null)) {
        const what = family === "setting" ? "placements" : family === "need" ? "primary needs" : "ages";
        notices.push(
          `${file.name} rows ${Math.min(...rows)}–${Math.max(...rows)}: ${group.name}, January ${group.censusYear}: the ${what} add up to ${formatCount(sum)}, not the total of ${formatCount(group.total.value)}, so they are not stored`,
        );
        continue;
      }
      for (const [part, figure] of parts) {
        add(
          { censusYear: group.censusYear, authorityCode: code, breakdown: `${prefix}${part}`, value: figure.value! },
          `${file.name} row ${figure.rows[0]}`,
        );
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  const list = [...figures.values()].map(({ where: _where, ...figure }) => figure);
  if (list.length === 0) return { ok: false, errors: ["The files hold no figures: expected rows of EHC plans by authority"] };
  const years = list.map((figure) => figure.censusYear);
  return { ok: true, figures: list, notices, firstCensusYear: Math.min(...years), lastCensusYear: Math.max(...years) };
}

/** The census a financial year's return is checked against: 2024-25 ↔ January 2025 (the January inside it). */
export function censusYearOfFinancialYear(startYear: number): number {
  return startYear + 1;
}

/** The January census of a round's financial year written "2024-25", or null if it is not one. */
export function censusYearOfRound(financialYear: string): number | null {
  const start = parseFinancialYear(financialYear);
  return start === null ? null : censusYearOfFinancialYear(start);
}

/** The label shown beside each pre-filled answer. */
export function prefillLabel(censusYear: number): string {
  return `From DfE SEN2, January ${censusYear} — check and confirm`;
}

/**
 * The answers a return section is pre-filled with: SEN2's figure for each of the section's EHCP
 * questions, but only while none of them has an answer (a member's own answers are never replaced).
 * Null when there is nothing to pre-fill.
 */
export function sectionPrefill(
  sectionKeys: readonly string[],
  stored: Readonly<Record<string, unknown>>,
  sen2Values: Readonly<Record<string, number>>,
): Record<string, number> | null {
  const ehcpKeys = sectionKeys.filter((key) => key.startsWith("ehcp."));
  if (ehcpKeys.length === 0) return null;
  if (ehcpKeys.some((key) => stored[key] !== undefined && stored[key] !== null)) return null;
  const values = Object.fromEntries(ehcpKeys.flatMap((key) => (sen2Values[key] === undefined ? [] : [[key, sen2Values[key]!]])));
  return Object.keys(values).length > 0 ? values : null;
}

/** The pre-filled answers saved as they were offered: these are recorded as SEN2's, the others as the member's own. */
export function keptPrefills(prefill: Readonly<Record<string, number>>, saved: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(prefill).filter((key) => saved[key] === prefill[key]);
}

/** The keys a return's EHCP questions and SEN2 share. */
export const SEN2_RETURN_KEYS: readonly string[] = [
  "ehcp.total",
  ...EHCP_AGE_BANDS.map((band) => `ehcp.age.${band}`),
  ...EHCP_NEEDS.map((need) => `ehcp.need.${need}`),
  ...EHCP_SETTINGS.map((setting) => `ehcp.setting.${setting}`),
];

/** What a release of the reporting year is called in the service. */
export function sen2ReleaseName(reportingYear: number): string {
  return `SEN2 ${reportingYear}`;
}

/** Where a release of the reporting year comes from, with its licence. */
export function sen2ReleaseSource(reportingYear: number): string {
  return `Department for Education, "Education, health and care plans", reporting year ${reportingYear} (SEN2). Open Government Licence v3.0.`;
}
