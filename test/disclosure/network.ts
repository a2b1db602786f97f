/**
 * The seeded network the attack suite plays against: 44 real authorities (codes and regions from the
 * shipped reference data) in four regions, five rounds (three published, one published then withdrawn,
 * one open), varied synthetic returns with blanks, a family group that differs from a region by one
 * authority, and the public statistics the attacker of domain spec §5.1 knows for every authority and
 * year (the real DfE SEN2 EHCP counts by age, need and placement, which the returns carry; a seeded
 * ONS population and s251-like SEN transport spend). It is built through the coordinator's command
 * line (round create, import, publish, round close, group add), run in-process so the suite stays
 * fast on a shared machine.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { COHORTS, type Cohort, EHCP_AGE_BANDS, EHCP_NEEDS, EHCP_SETTINGS, TRAVEL_MODES } from "../../app/domain/cohorts";
import { QUESTION_SET_V1 } from "../../app/domain/question-set";
import type { FieldValue } from "../../app/domain/values";
import type { Database } from "../../db/schema";
import { registerUser } from "../../app/services/user-admin.server";
import { hashPassword } from "../../app/utils/password.server";
import { runCli } from "../../scripts/cli";
import { randomFrom, split, withPublicEhcps } from "../../db/demo";
import { loadSen2Figures } from "../../app/models/public-statistics.server";
import { SEN2_RETURN_KEYS, censusYearOfRound } from "../../app/domain/sen2";

export const ATTACK_PASSWORD = "attack suite password of some length";

/** Regions of the network and how many of their authorities (lowest ONS codes first) take part. */
export const NETWORK_REGIONS: Readonly<Record<string, number>> = {
  "North East": 9,
  "Yorkshire and The Humber": 9,
  "South West": 13,
  "West Midlands": 13,
};

export interface RoundPlan {
  slug: string;
  year: string;
  yearIndex: number;
  /** The state the round is left in once the network is built. */
  final: "published" | "withdrawn" | "open";
}

export const ROUNDS: readonly RoundPlan[] = [
  { slug: "2020-21", year: "2020-21", yearIndex: 0, final: "published" },
  { slug: "2021-22", year: "2021-22", yearIndex: 1, final: "withdrawn" },
  { slug: "2022-23", year: "2022-23", yearIndex: 2, final: "published" },
  { slug: "2023-24", year: "2023-24", yearIndex: 3, final: "published" },
  { slug: "2024-25", year: "2024-25", yearIndex: 4, final: "open" },
];
export const LATEST_PUBLISHED = "2023-24";
export const WITHDRAWN = "2021-22";
export const OPEN_ROUND = "2024-25";

export interface NetworkAuthority {
  id: number;
  code: string;
  name: string;
  region: string;
}

/** What the attacker knows from public statistics for one authority and financial year. */
export interface PublicFigures {
  ehcps: number;
  population: number;
  ehcpRatePer10k: number;
  /** `ehcp.age.*`, `ehcp.need.*`, `ehcp.setting.*` as SEN2 publishes them. */
  breakdown: Record<string, number>;
  /** Section 251 outturn, SEN transport lines: tracks the return's SEND spend to within a few per cent. */
  s251SendTransport: number;
}

export interface SeededNetwork {
  authorities: NetworkAuthority[];
  /** Returns as imported: round slug → authority code → answers (absent key = blank). */
  returns: Map<string, Map<string, Record<string, FieldValue>>>;
  /** Public figures by financial year → authority code. */
  publicFigures: Map<string, Map<string, PublicFigures>>;
  /** The authority whose 2023-24 return is approved late (the round is withdrawn and republished). */
  lateReturner: NetworkAuthority;
  /** A family group: the late returner's region without one other authority. */
  family: { slug: string; name: string; members: string[] };
  members: Array<{ email: string; authority: NetworkAuthority }>;
  viewers: Array<{ email: string; groupSlug: string }>;
  /** Authorities given exactly the same special-school unit cost in the latest round, to test tie order. */
  tiedSpecial: string[];
  folder: string;
}

/** Deterministic pseudo-random numbers seeded from text: the demo data's generator. */
export const seeded = randomFrom;

const UNIT_COST: Record<Cohort, [number, number]> = {
  mainstream: [900, 2_200],
  send_mainstream: [5_000, 9_500],
  special: [8_000, 15_000],
  independent_special: [17_000, 36_000],
  alternative_provision: [4_500, 10_500],
  post16: [3_500, 8_500],
  post19: [6_500, 16_000],
};

/**
 * One authority's return for one year: plausible magnitudes, breakdowns that add up, growth with
 * noise year on year, and blanks where councils really leave them (routes, assistants, modes, income,
 * post-19, a breakdown).
 */
export function networkReturn(code: string, yearIndex: number): Record<string, FieldValue> {
  const base = seeded(`base:${code}`);
  const noise = seeded(`noise:${code}:${yearIndex}`);
  const habits = seeded(`blanks:${code}`);
  const between = (rng: () => number, low: number, high: number) => low + rng() * (high - low);
  const population = Math.round(between(base, 55_000, 480_000) * (1 + 0.006 * yearIndex) * between(noise, 0.995, 1.005));
  const ehcps = Math.round(population * between(base, 0.022, 0.055) * between(base, 1.06, 1.14) ** yearIndex * between(noise, 0.96, 1.04));
  const values: Record<string, FieldValue> = { population_0_25: population, "ehcp.total": ehcps };

  const ages = split(
    ehcps,
    [0.05, 0.35, 0.33, 0.21, 0.06].map((w) => w * between(noise, 0.9, 1.1)),
  );
  const needs = split(
    ehcps,
    EHCP_NEEDS.map(() => between(base, 0.5, 1.5) * between(noise, 0.95, 1.05)),
  );
  const settings = split(
    ehcps,
    [0.03, 0.37, 0.05, 0.31, 0.08, 0.02, 0.12, 0.02].map((w) => w * between(base, 0.8, 1.2)),
  );
  const blankAges = habits() < 0.12;
  const blankNeeds = habits() < 0.12;
  if (!blankAges) EHCP_AGE_BANDS.forEach((band, i) => (values[`ehcp.age.${band}`] = ages[i]!));
  if (!blankNeeds) EHCP_NEEDS.forEach((need, i) => (values[`ehcp.need.${need}`] = needs[i]!));
  EHCP_SETTINGS.forEach((setting, i) => (values[`ehcp.setting.${setting}`] = settings[i]!));

  // Required answers are never blank (imports refuse them today); alternative provision is optional.
  const blankAlternative = habits() < 0.15;
  const blankRoutes = habits() < 0.3;
  const blankAssistants = habits() < 0.25;
  const children: Record<Cohort, number> = {
    mainstream: Math.round(population * between(base, 0.008, 0.03)),
    send_mainstream: Math.round(settings[1]! * between(base, 0.07, 0.16) * between(noise, 0.95, 1.05)),
    special: Math.round(settings[3]! * between(base, 0.5, 0.82) * between(noise, 0.97, 1.03)),
    independent_special: Math.round(settings[4]! * between(base, 0.55, 0.88)),
    alternative_provision: Math.round(ehcps * between(base, 0.004, 0.016)),
    post16: Math.round(settings[6]! * between(base, 0.18, 0.42)),
    post19: Math.round(ehcps * between(base, 0.004, 0.016)),
  };
  let sendChildren = 0;
  for (const cohort of COHORTS) {
    if (cohort === "alternative_provision" && blankAlternative) continue;
    const [low, high] = UNIT_COST[cohort];
    const unitCost = between(base, low, high) * between(base, 1.03, 1.12) ** yearIndex * between(noise, 0.93, 1.07);
    values[`transport.${cohort}.children`] = children[cohort];
    values[`transport.${cohort}.spend`] = Math.round(children[cohort] * unitCost);
    if (cohort !== "mainstream" && cohort !== "alternative_provision") sendChildren += children[cohort];
    if (cohort !== "mainstream") {
      if (!blankRoutes) values[`transport.${cohort}.routes`] = Math.max(1, Math.round(children[cohort] / between(base, 2.5, 6.5)));
      if (!blankAssistants) values[`transport.${cohort}.passenger_assistants`] = Math.round(children[cohort] * between(base, 0.08, 0.32));
    }
  }
  if (habits() >= 0.15) {
    const modes = split(sendChildren, [
      between(base, 0.28, 0.58),
      0.25,
      between(base, 0.01, 0.12),
      between(noise, 0.03, 0.07),
      between(base, 0.04, 0.16),
    ]);
    TRAVEL_MODES.forEach((mode, i) => (values[`mode.${mode}`] = modes[i]!));
    values["mode.single_occupancy"] = Math.round(modes[0]! * between(base, 0.08, 0.32));
  }
  values["itt.completed"] = Math.round(sendChildren * between(noise, 0.004, 0.022));
  if (habits() >= 0.2) {
    values["income.parental_contributions"] = Math.round(children.post16 * between(base, 0, 420));
    values["income.health_contributions"] = Math.round(between(noise, 0, 160_000));
  }
  if (habits() >= 0.1) {
    const allocation = Math.round(ehcps * between(base, 13_500, 21_000));
    values["hnb.allocation"] = allocation;
    values["hnb.outturn"] = Math.round(allocation * between(noise, 0.94, 1.16));
    values["dsg.cumulative_deficit"] = Math.round(allocation * between(base, -0.06, 0.32) * (1 + yearIndex * 0.35));
  }
  const policy = (name: string, chance: number) => (values[`policy.${name}`] = base() < chance);
  policy("statutory_minimum_only", 0.4);
  if (policy("post16_charge", 0.65)) values["policy.post16_charge_amount"] = Math.round(between(base, 450, 950));
  policy("one_school_one_operator", 0.3);
  policy("route_bundling", 0.6);
  policy("route_planning_software", 0.7);
  policy("personal_transport_budgets", 0.8);
  policy("pickup_points", 0.5);
  policy("minibuses_to_schools", 0.4);
  policy("suspension_transport", 0.5);
  return values;
}

/**
 * What DfE and ONS publish for that authority and year. EHCPs, by age, need and placement, are the
 * real DfE SEN2 figures of the round's January census (loaded from `db/reference/sen2/`, as in the
 * demo data), and the return carries them exactly, as a council pre-filling from SEN2 would; ONS
 * population and the s251 SEN transport line are seeded stand-ins (the population is the return's;
 * s251 within ±3 % of the return's SEND spend), since the reference data holds neither.
 */
function publicFiguresOf(code: string, yearIndex: number, values: Record<string, FieldValue>): PublicFigures {
  const rng = seeded(`public:${code}:${yearIndex}`);
  const ehcps = values["ehcp.total"] as number;
  const population = values.population_0_25 as number;
  const breakdown: Record<string, number> = {};
  for (const key of Object.keys(values)) if (key.startsWith("ehcp.") && key !== "ehcp.total") breakdown[key] = values[key] as number;
  let send = 0;
  for (const cohort of ["send_mainstream", "special", "independent_special", "post16", "post19"])
    send += (values[`transport.${cohort}.spend`] as number | undefined) ?? 0;
  return {
    ehcps,
    population,
    ehcpRatePer10k: (ehcps / population) * 10_000,
    breakdown,
    s251SendTransport: Math.round(send * (0.97 + rng() * 0.06)),
  };
}

/** Runs the coordinator's command line in this process against `databaseUrl`; throws with its output on failure. */
export async function coordinatorCli(databaseUrl: string, ...args: string[]): Promise<void> {
  const saved = process.env.DATABASE_URL;
  const { log, error } = console;
  const printed: string[] = [];
  console.log = console.error = (...parts: unknown[]) => void printed.push(parts.join(" "));
  process.env.DATABASE_URL = databaseUrl;
  try {
    const code = await runCli(args);
    if (code !== 0) throw new Error(`cli ${args.join(" ")} exited ${code}:\n${printed.join("\n")}`);
  } finally {
    console.log = log;
    console.error = error;
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

const FIELD_KEYS = QUESTION_SET_V1.fields.map((field) => field.key);

/** The wide import layout: authority_code then every field key; blanks stay empty. */
export function wideCsv(rows: ReadonlyArray<[string, Record<string, FieldValue>]>): string {
  const cell = (value: FieldValue | undefined) =>
    value === undefined || value === null ? "" : typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
  return (
    [
      ["authority_code", ...FIELD_KEYS].join(","),
      ...rows.map(([code, values]) => [code, ...FIELD_KEYS.map((key) => cell(values[key]))].join(",")),
    ].join("\n") + "\n"
  );
}

/**
 * Builds the network in a fresh, seeded database: everything is published, then 2021-22 is withdrawn,
 * and 2024-25 is left open with others' returns in (so its outlier limits exist). The late returner's
 * 2023-24 return is written to `lateReturnFile` but not imported: `approveLateReturn` does that.
 */
export async function buildNetwork(db: Kysely<Database>, databaseUrl: string): Promise<SeededNetwork> {
  const folder = mkdtempSync(path.join(tmpdir(), "bn-attacks-"));
  const authorities: NetworkAuthority[] = [];
  // Real SEN2 figures for every round's census: authorities created later (North Northamptonshire
  // 2021, …) have none for the early years, so each region takes its first that have them all.
  const sen2 = await loadSen2Figures(db, { breakdowns: SEN2_RETURN_KEYS });
  const censuses = ROUNDS.map((round) => censusYearOfRound(round.year)!);
  for (const [region, count] of Object.entries(NETWORK_REGIONS)) {
    const rows = (
      await db
        .selectFrom("authorities")
        .select(["id", "code", "name", "region_name"])
        .where("region_name", "=", region)
        .orderBy("code")
        .execute()
    )
      .filter((row) => censuses.every((census) => sen2.valuesAt(row.code, census, ["ehcp.total"])["ehcp.total"] !== undefined))
      .slice(0, count);
    if (rows.length !== count)
      throw new Error(`The reference data has ${rows.length} authorities with SEN2 figures in ${region}, not ${count}`);
    authorities.push(...rows.map((row) => ({ id: row.id, code: row.code, name: row.name, region })));
  }
  const northEast = authorities.filter((a) => a.region === "North East");
  const lateReturner = northEast[4]!;
  const family = {
    slug: "north-east-family",
    name: "North East family",
    members: northEast.filter((a) => a !== northEast[7]).map((a) => a.code),
  };
  const members = [
    northEast[0]!,
    authorities.find((a) => a.region === "South West")!,
    authorities.filter((a) => a.region === "West Midlands")[3]!,
  ].map((authority, i) => ({
    email: `attacker.${i + 1}@example.org`,
    authority,
  }));
  const viewers = [
    { email: "viewer.north-east@example.org", groupSlug: "north-east" },
    { email: "viewer.family@example.org", groupSlug: family.slug },
  ];
  const tiedSpecial = authorities
    .filter((a) => a.region === "South West")
    .slice(2, 6)
    .map((a) => a.code);

  const returns = new Map<string, Map<string, Record<string, FieldValue>>>();
  const publicFigures = new Map<string, Map<string, PublicFigures>>();
  for (const round of ROUNDS) {
    const byCode = new Map<string, Record<string, FieldValue>>();
    const figures = new Map<string, PublicFigures>();
    const census = censusYearOfRound(round.year)!;
    for (const authority of authorities) {
      const real = sen2.valuesAt(authority.code, census, SEN2_RETURN_KEYS);
      if (real["ehcp.total"] === undefined) throw new Error(`No SEN2 EHCP total for ${authority.code} in January ${census}`);
      const values = withPublicEhcps(networkReturn(authority.code, round.yearIndex), real);
      if (round.slug === LATEST_PUBLISHED && tiedSpecial.includes(authority.code)) {
        values["transport.special.spend"] = (values["transport.special.children"] as number) * 12_000;
      }
      figures.set(authority.code, publicFiguresOf(authority.code, round.yearIndex, values));
      // One authority a year sends nothing (not the attackers or the late returner), so contributor sets move.
      const skip = authorities[(round.yearIndex * 7 + 11) % authorities.length]!;
      if (skip === authority && !members.some((m) => m.authority === authority) && authority !== lateReturner) continue;
      // The attackers' own open-round returns are typed in by the suite; the open round has others' in.
      if (round.final === "open" && members.some((m) => m.authority === authority)) continue;
      byCode.set(authority.code, values);
    }
    returns.set(round.slug, byCode);
    publicFigures.set(round.year, figures);
  }

  await coordinatorCli(databaseUrl, "group", "add", "--slug", family.slug, "--name", family.name, "--members", family.members.join(","));
  for (const round of ROUNDS) {
    await coordinatorCli(databaseUrl, "round", "create", "--slug", round.slug, "--year", round.year, "--name", `Round ${round.year}`);
    const rows = [...returns.get(round.slug)!].filter(([code]) => !(round.slug === LATEST_PUBLISHED && code === lateReturner.code));
    const file = path.join(folder, `${round.slug}.csv`);
    writeFileSync(file, wideCsv(rows));
    await coordinatorCli(databaseUrl, "round", "open", "--round", round.slug);
    await coordinatorCli(databaseUrl, "import", "--round", round.slug, file);
    if (round.final !== "open") {
      await coordinatorCli(databaseUrl, "round", "close", "--round", round.slug);
      await coordinatorCli(databaseUrl, "publish", "--round", round.slug);
    }
  }
  await coordinatorCli(databaseUrl, "round", "close", "--round", WITHDRAWN);
  writeFileSync(path.join(folder, "late.csv"), wideCsv([[lateReturner.code, returns.get(LATEST_PUBLISHED)!.get(lateReturner.code)!]]));

  const passwordHash = await hashPassword(ATTACK_PASSWORD);
  for (const member of members) {
    const result = await registerUser(
      db,
      {
        email: member.email,
        name: `Attacker ${member.authority.name}`,
        role: "member",
        authorityCode: member.authority.code,
        groupSlug: null,
        passwordHash,
      },
      null,
    );
    if (!result.ok) throw new Error(result.message);
  }
  for (const viewer of viewers) {
    const result = await registerUser(
      db,
      {
        email: viewer.email,
        name: `Viewer ${viewer.groupSlug}`,
        role: "regional_viewer",
        authorityCode: null,
        groupSlug: viewer.groupSlug,
        passwordHash,
      },
      null,
    );
    if (!result.ok) throw new Error(result.message);
  }
  return { authorities, returns, publicFigures, lateReturner, family, members, viewers, tiedSpecial, folder };
}

/** The coordinator approves the late return: withdraw 2023-24, import it, publish again. */
export async function approveLateReturn(databaseUrl: string, network: SeededNetwork): Promise<void> {
  await coordinatorCli(databaseUrl, "round", "close", "--round", LATEST_PUBLISHED);
  await coordinatorCli(databaseUrl, "import", "--round", LATEST_PUBLISHED, path.join(network.folder, "late.csv"));
  await coordinatorCli(databaseUrl, "publish", "--round", LATEST_PUBLISHED);
}
