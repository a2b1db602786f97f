import type { Kysely, Transaction } from "kysely";
import { COHORTS, type Cohort, EHCP_AGE_BANDS, EHCP_NEEDS, EHCP_SETTINGS, TRAVEL_MODES } from "../app/domain/cohorts";
import type { FieldValue } from "../app/domain/values";
import { registerUser } from "../app/services/user-admin.server";
import { findUserByEmail } from "../app/models/user.server";
import { recomputeRoundsFrom } from "../app/services/recompute.server";
import { saveExplanations, writeReturnValues } from "../app/models/return.server";
import { validateRoundReturns } from "../app/services/return-workspace.server";
import { loadSen2Figures } from "../app/models/public-statistics.server";
import { SEN2_RETURN_KEYS } from "../app/domain/sen2";
import { censusYearOfRound } from "../app/domain/sen2";
import { hashPassword } from "../app/utils/password.server";
import type { Database, ReturnStatus, RoundRow, RoundStatus } from "./schema";
import { regionSlug } from "./seed";

export const DEMO_PASSWORD = "demo-password";
/** Kent: the demo member's authority (a return in draft in the open round). */
export const DEMO_MEMBER_AUTHORITY = "E10000016";
/** Surrey: the demo member who has not started the open round's return. */
export const DEMO_NEW_MEMBER_AUTHORITY = "E10000030";
export const DEMO_VIEWER_GROUP = regionSlug("South East");

export const DEMO_USERS = [
  { email: "coordinator@example.org", name: "Demo Coordinator", role: "coordinator", authorityCode: null, groupSlug: null },
  { email: "member@example.org", name: "Demo Member", role: "member", authorityCode: DEMO_MEMBER_AUTHORITY, groupSlug: null },
  {
    email: "new.member@example.org",
    name: "Demo Member (not started)",
    role: "member",
    authorityCode: DEMO_NEW_MEMBER_AUTHORITY,
    groupSlug: null,
  },
  { email: "viewer@example.org", name: "Demo Regional Viewer", role: "regional_viewer", authorityCode: null, groupSlug: DEMO_VIEWER_GROUP },
] as const;

/** A date `days` from today (negative: before), YYYY-MM-DD: demo rounds are dated from the day they are seeded. */
function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// The open round opened a month ago and closes in a month, so its reminders and closing date are ahead.
const DEMO_ROUNDS: ReadonlyArray<{ slug: string; year: string; status: RoundStatus; opens: string; closes: string }> = [
  { slug: "demo-2022-23", year: "2022-23", status: "published", opens: daysFromToday(-760), closes: daysFromToday(-700) },
  { slug: "demo-2023-24", year: "2023-24", status: "published", opens: daysFromToday(-395), closes: daysFromToday(-335) },
  { slug: "demo-2024-25", year: "2024-25", status: "open", opens: daysFromToday(-30), closes: daysFromToday(30) },
];

/** Deterministic pseudo-random numbers (mulberry32), so the demo is the same on every machine. */
export function randomFrom(seedText: string): () => number {
  let seed = 0;
  for (const char of seedText) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits a whole number into parts by weight; the last part takes the remainder so the parts sum exactly. */
export function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

const UNIT_COST_RANGE: Record<Cohort, [number, number]> = {
  mainstream: [1_000, 2_000],
  send_mainstream: [5_500, 9_000],
  special: [8_500, 14_000],
  independent_special: [18_000, 34_000],
  alternative_provision: [5_000, 10_000],
  post16: [4_000, 8_000],
  post19: [7_000, 15_000],
};

/** A synthetic return: plausible magnitudes, breakdowns that add up, growth year on year. */
export function syntheticReturn(authorityCode: string, yearIndex: number): Record<string, FieldValue> {
  const base = randomFrom(authorityCode);
  const noise = randomFrom(`${authorityCode}:${yearIndex}`);
  const between = (rng: () => number, low: number, high: number) => low + rng() * (high - low);
  const population = Math.round(between(base, 60_000, 450_000) * (1 + 0.005 * yearIndex));
  const ehcps = Math.round(population * between(base, 0.025, 0.05) * 1.1 ** yearIndex * between(noise, 0.97, 1.03));
  const values: Record<string, FieldValue> = { population_0_25: population, "ehcp.total": ehcps };

  const ages = split(ehcps, [0.05, 0.36, 0.33, 0.2, 0.06]);
  EHCP_AGE_BANDS.forEach((band, i) => (values[`ehcp.age.${band}`] = ages[i]!));
  const needs = split(
    ehcps,
    EHCP_NEEDS.map(() => between(base, 0.5, 1.5)),
  );
  EHCP_NEEDS.forEach((need, i) => (values[`ehcp.need.${need}`] = needs[i]!));
  const settings = split(ehcps, [0.03, 0.38, 0.05, 0.3, 0.08, 0.02, 0.12, 0.02]);
  EHCP_SETTINGS.forEach((setting, i) => (values[`ehcp.setting.${setting}`] = settings[i]!));

  const children: Record<Cohort, number> = {
    mainstream: Math.round(population * between(base, 0.01, 0.03)),
    send_mainstream: Math.round(settings[1]! * between(base, 0.08, 0.15)),
    special: Math.round(settings[3]! * between(base, 0.55, 0.8)),
    independent_special: Math.round(settings[4]! * between(base, 0.6, 0.85)),
    alternative_provision: Math.round(ehcps * between(base, 0.005, 0.015)),
    post16: Math.round(settings[6]! * between(base, 0.2, 0.4)),
    post19: Math.round(ehcps * between(base, 0.005, 0.015)),
  };
  let sendChildren = 0;
  for (const cohort of COHORTS) {
    const [low, high] = UNIT_COST_RANGE[cohort];
    const unitCost = between(base, low, high) * 1.08 ** yearIndex * between(noise, 0.95, 1.05);
    values[`transport.${cohort}.children`] = children[cohort];
    values[`transport.${cohort}.spend`] = Math.round(children[cohort] * unitCost);
    if (cohort !== "mainstream" && cohort !== "alternative_provision") sendChildren += children[cohort];
    if (cohort !== "mainstream") {
      values[`transport.${cohort}.routes`] = Math.max(1, Math.round(children[cohort] / between(base, 3, 6)));
      values[`transport.${cohort}.passenger_assistants`] = Math.round(children[cohort] * between(base, 0.1, 0.3));
    }
  }
  const modes = split(sendChildren, [between(base, 0.3, 0.55), 0.25, between(base, 0.02, 0.1), 0.05, between(base, 0.05, 0.15)]);
  TRAVEL_MODES.forEach((mode, i) => (values[`mode.${mode}`] = modes[i]!));
  values["mode.single_occupancy"] = Math.round(modes[0]! * between(base, 0.1, 0.3));
  values["itt.completed"] = Math.round(sendChildren * between(noise, 0.005, 0.02));
  values["income.parental_contributions"] = Math.round(children.post16 * between(base, 0, 400));
  values["income.health_contributions"] = Math.round(between(noise, 0, 150_000));

  const allocation = Math.round(ehcps * between(base, 14_000, 20_000));
  values["hnb.allocation"] = allocation;
  values["hnb.outturn"] = Math.round(allocation * between(noise, 0.95, 1.15));
  values["dsg.cumulative_deficit"] = Math.round(allocation * between(base, -0.05, 0.3) * (1 + yearIndex * 0.4));

  // Each authority's draw is fixed and the chance grows a little each year, so some councils adopt a
  // policy between rounds (what the "what works" difference in differences compares) and none drop one.
  const policy = (name: string, chance: number) => (values[`policy.${name}`] = base() < chance + 0.08 * yearIndex);
  policy("statutory_minimum_only", 0.4);
  const charges = policy("post16_charge", 0.7);
  // Drawn whether or not the council charges, so the draws of the policies after it stay the same each year.
  const chargeAmount = Math.round(between(base, 500, 900));
  if (charges) values["policy.post16_charge_amount"] = chargeAmount;
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
 * A demo return's EHCP answers replaced by the authority's real SEN2 figures for the round's January
 * census (they are public); every other answer stays synthetic. Breakdowns SEN2 lacks are left blank,
 * since synthetic parts would not add up to the real total. Without a SEN2 total, unchanged.
 */
export function withPublicEhcps(values: Record<string, FieldValue>, sen2: Readonly<Record<string, number>>): Record<string, FieldValue> {
  if (sen2["ehcp.total"] === undefined) return values;
  const kept = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith("ehcp.")));
  return { ...kept, ...sen2 };
}

/** The open demo round's statuses: some not started, some in draft, some awaiting approval. */
function openRoundStatus(index: number): ReturnStatus | null {
  const slot = index % 6;
  return slot === 0 ? null : slot === 1 ? "draft" : slot === 2 ? "submitted" : "approved";
}

/** A demo return's status in a round: the two demo members' returns are fixed (draft, not started). */
function demoReturnStatus(roundStatus: RoundStatus, authorityCode: string, index: number): ReturnStatus | null {
  if (roundStatus === "published") return "approved";
  if (authorityCode === DEMO_MEMBER_AUTHORITY) return "draft";
  if (authorityCode === DEMO_NEW_MEMBER_AUTHORITY) return null;
  return openRoundStatus(index);
}

/** What a council officer might write for each kind of warning (domain spec §3.5), so demo approvals read as real ones. */
const DEMO_EXPLANATIONS: Readonly<Record<string, string>> = {
  unit_cost_range: "Checked with our transport team: a few long out-of-county journeys to specialist placements explain this unit cost.",
  outlier: "Checked: our rural geography means long single-occupancy routes, so this cohort costs more per child than most.",
  spend_children_mismatch:
    "Correct as entered: the spend is a contract retained over the summer for a cohort with no children carried this year.",
  change: "A real change: the number of specialist placements and their journey lengths moved sharply this year.",
  public_statistics: "Our count is taken at 31 March, after the January census, and includes plans transferred in from other areas.",
};

/** The explanation the demo writes for a warning, by its kind ("unit_cost_range:special" → unit_cost_range). */
export function demoExplanation(warning: { id: string; code: string }): string {
  return DEMO_EXPLANATIONS[warning.code] ?? "Checked with the service: the figure is correct as entered.";
}

/**
 * Approved demo returns, and every other submitted one, get an explanation of each warning, as a
 * member's submission would: the rest of the submitted returns wait with warnings unexplained, so
 * the dashboard shows both kinds and bulk approval has something to approve.
 */
async function explainDemoWarnings(trx: Transaction<Database>, round: Pick<RoundRow, "id" | "financial_year" | "question_set_version">) {
  const validations = await validateRoundReturns(trx, round);
  const returns = await trx
    .selectFrom("returns")
    .selectAll()
    .where("round_id", "=", round.id)
    .where("status", "in", ["approved", "submitted"])
    .orderBy("authority_id")
    .execute();
  let submitted = 0;
  for (const returnRow of returns) {
    if (returnRow.status === "submitted" && submitted++ % 2 === 1) continue;
    const warnings = validations.get(returnRow.authority_id)?.warnings ?? [];
    const explanations = Object.fromEntries(warnings.map((warning) => [warning.id, demoExplanation(warning)]));
    await saveExplanations(trx, { returnRow, explanations, actorId: null });
  }
}

/**
 * Demo users and three rounds of clearly synthetic returns ("demo-" rounds, named as synthetic), whose
 * EHCP answers are each authority's real SEN2 figures (withPublicEhcps).
 * Idempotent: users and rounds that already exist are left alone.
 */
export async function seedDemo(db: Kysely<Database>): Promise<{ users: number; rounds: number; returns: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let users = 0;
  for (const user of DEMO_USERS) {
    if (await findUserByEmail(db, user.email)) continue;
    const result = await registerUser(db, { ...user, passwordHash }, null);
    if (!result.ok) throw new Error(`Demo user ${user.email}: ${result.message}`);
    users++;
  }

  const authorities = await db.selectFrom("authorities").select(["id", "code"]).orderBy("code").execute();
  // EHCP figures are the real, public SEN2 ones wherever a release is loaded; transport stays synthetic.
  const sen2 = await loadSen2Figures(db, { breakdowns: SEN2_RETURN_KEYS });
  let rounds = 0;
  let returns = 0;
  for (const [yearIndex, round] of DEMO_ROUNDS.entries()) {
    const existing = await db.selectFrom("rounds").select("id").where("slug", "=", round.slug).executeTakeFirst();
    if (existing) continue;
    await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const created = await trx
        .insertInto("rounds")
        .values({
          slug: round.slug,
          name: `Demo round ${round.year} (synthetic transport data; EHCPs from DfE SEN2)`,
          financial_year: round.year,
          question_set_version: 1,
          status: round.status,
          opens_on: round.opens,
          closes_on: round.closes,
          base_year: null,
          created_at: now,
          updated_at: now,
          published_at: round.status === "published" ? now : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [index, authority] of authorities.entries()) {
        const status = demoReturnStatus(round.status, authority.code, index);
        if (!status) continue;
        await writeReturnValues(trx, {
          roundId: created.id,
          authorityId: authority.id,
          values: withPublicEhcps(
            syntheticReturn(authority.code, yearIndex),
            sen2.valuesAt(authority.code, censusYearOfRound(round.year)!, SEN2_RETURN_KEYS),
          ),
          status,
          actorId: null,
          action: "demo.seed",
        });
        returns++;
      }
      await explainDemoWarnings(trx, { id: created.id, financial_year: round.year, question_set_version: 1 });
      await recomputeRoundsFrom(trx, created.id);
    });
    rounds++;
  }
  return { users, rounds, returns };
}
