/**
 * Local authority code succession (domain spec §8): which published codes mean the same area as a
 * code of today, and which of today's authorities are new areas with no comparable series before
 * they were formed. Every series that crosses years (SEN2 loading, the demand view, growth) goes
 * through here, so an old code is never shown as a different authority and a new area is never given
 * a series it did not have.
 *
 * Sources: ONS register of geographic codes and the structural change orders named below; the list
 * of codes seen in DfE SEN2 is in `db/reference/sen2/README.md`.
 */
import { formatDate } from "./format";

/** A code replaced by another for the same area: the old series belongs to today's code. */
export interface SameAreaCodeChange {
  oldCode: string;
  currentCode: string;
  name: string;
  /** Why the code changed, as shown to people. */
  reason: string;
}

/** An authority that did not exist before `formedOn`: its series starts at its first January census. */
export interface NewArea {
  code: string;
  name: string;
  formedOn: string;
  /** The first January census in which the area existed (the census after it was formed). */
  firstCensusYear: number;
  predecessors: ReadonlyArray<{ code: string; name: string }>;
  /** The areas it was formed from, as a phrase. */
  formedFrom: string;
}

/** An area that no longer exists, with the region it was in, so its figures still count in regional totals of its years. */
export interface FormerArea {
  code: string;
  name: string;
  regionCode: string;
  lastCensusYear: number;
}

export const SAME_AREA_CODE_CHANGES: readonly SameAreaCodeChange[] = [
  {
    oldCode: "E10000002",
    currentCode: "E06000060",
    name: "Buckinghamshire",
    reason: "Buckinghamshire became a unitary authority on 1 April 2020 with the same area (DfE still publishes E10000002 in some years)",
  },
  {
    oldCode: "E10000023",
    currentCode: "E06000065",
    name: "North Yorkshire",
    reason: "North Yorkshire became a unitary authority on 1 April 2023 with the same education area",
  },
  {
    oldCode: "E10000027",
    currentCode: "E06000066",
    name: "Somerset",
    reason: "Somerset became a unitary authority on 1 April 2023 with the same education area",
  },
  {
    oldCode: "E06000048",
    currentCode: "E06000057",
    name: "Northumberland",
    reason: "Northumberland's code changed in 2013 after a boundary correction",
  },
  {
    oldCode: "E08000020",
    currentCode: "E08000037",
    name: "Gateshead",
    reason: "Gateshead's code changed in 2013 after a boundary correction",
  },
];

export const NEW_AREAS: readonly NewArea[] = [
  {
    code: "E06000058",
    name: "Bournemouth, Christchurch and Poole",
    formedOn: "2019-04-01",
    firstCensusYear: 2020,
    predecessors: [
      { code: "E06000028", name: "Bournemouth" },
      { code: "E06000029", name: "Poole" },
      { code: "E10000009", name: "Dorset (county)" },
    ],
    formedFrom: "Bournemouth (E06000028), Poole (E06000029) and Christchurch, part of Dorset county (E10000009)",
  },
  {
    code: "E06000059",
    name: "Dorset",
    formedOn: "2019-04-01",
    firstCensusYear: 2020,
    predecessors: [{ code: "E10000009", name: "Dorset (county)" }],
    formedFrom: "Dorset county (E10000009) without Christchurch",
  },
  {
    code: "E06000061",
    name: "North Northamptonshire",
    formedOn: "2021-04-01",
    firstCensusYear: 2022,
    predecessors: [{ code: "E10000021", name: "Northamptonshire" }],
    formedFrom: "part of Northamptonshire (E10000021)",
  },
  {
    code: "E06000062",
    name: "West Northamptonshire",
    formedOn: "2021-04-01",
    firstCensusYear: 2022,
    predecessors: [{ code: "E10000021", name: "Northamptonshire" }],
    formedFrom: "part of Northamptonshire (E10000021)",
  },
  {
    code: "E06000063",
    name: "Cumberland",
    formedOn: "2023-04-01",
    firstCensusYear: 2024,
    predecessors: [{ code: "E10000006", name: "Cumbria" }],
    formedFrom: "part of Cumbria (E10000006)",
  },
  {
    code: "E06000064",
    name: "Westmorland and Furness",
    formedOn: "2023-04-01",
    firstCensusYear: 2024,
    predecessors: [{ code: "E10000006", name: "Cumbria" }],
    formedFrom: "part of Cumbria (E10000006)",
  },
];

/** Areas split or merged away, with their region, so their figures count in the region's totals of their years. */
export const FORMER_AREAS: readonly FormerArea[] = [
  { code: "E06000028", name: "Bournemouth", regionCode: "E12000009", lastCensusYear: 2019 },
  { code: "E06000029", name: "Poole", regionCode: "E12000009", lastCensusYear: 2019 },
  { code: "E10000009", name: "Dorset (county)", regionCode: "E12000009", lastCensusYear: 2019 },
  { code: "E10000021", name: "Northamptonshire", regionCode: "E12000004", lastCensusYear: 2021 },
  { code: "E10000006", name: "Cumbria", regionCode: "E12000002", lastCensusYear: 2023 },
];

/** England's ONS code: national rows of public statistics are stored under it. */
export const ENGLAND_CODE = "E92000001";

const CURRENT_CODE = new Map(SAME_AREA_CODE_CHANGES.map((change) => [change.oldCode, change.currentCode]));

/** Today's code for a published code: the same code unless the area was given a new one. */
export function currentCode(code: string): string {
  return CURRENT_CODE.get(code) ?? code;
}

export function findNewArea(code: string): NewArea | undefined {
  return NEW_AREAS.find((area) => area.code === code);
}

export function findFormerArea(code: string): FormerArea | undefined {
  return FORMER_AREAS.find((area) => area.code === code);
}

/** The old codes whose series now belongs to `code`. */
export function earlierCodes(code: string): string[] {
  return SAME_AREA_CODE_CHANGES.filter((change) => change.currentCode === code).map((change) => change.oldCode);
}

/**
 * Why an authority's series starts late, in a sentence, or null when it does not: new areas have no
 * comparable figure before they were formed (the figures of the areas they came from covered other
 * children), so none is invented.
 */
export function seriesBreakReason(code: string): string | null {
  const area = findNewArea(code);
  if (!area) return null;
  return `${area.name} was formed on ${formatDate(area.formedOn)} from ${area.formedFrom}: there is no comparable figure before its first January census, ${area.firstCensusYear}.`;
}
