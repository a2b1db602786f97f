/**
 * The question set: one typed definition from which forms, zod schemas, validation messages,
 * spreadsheet templates and the data dictionary are all built (domain spec §3).
 */
import { COHORTS, EHCP_AGE_BANDS, EHCP_NEEDS, EHCP_SETTINGS, SEND_COHORTS, TRAVEL_MODES, type Cohort } from "./cohorts";

export type FieldKind = "count" | "money" | "boolean" | "text";

/**
 * Who may see a field's answer of another authority (domain spec §5.2). Every answer is a count or a
 * money total that public statistics publish or closely track, so its scale alone names a council
 * (`public_linkable`: others only as a distribution); policies are yes/no answers and their amounts,
 * shown for others only as counts of authorities on each side (`policy`).
 */
export type FieldDisclosureClass = "public_linkable" | "policy";

export interface FieldDefinition {
  key: string;
  /** Short noun phrase in sentence case, usable at the start of a sentence. */
  label: string;
  hint?: string;
  unit: string;
  kind: FieldKind;
  /** Required for submission; a draft may leave it blank. */
  required: boolean;
  allowNegative?: boolean;
  /**
   * What counts and what does not, so every council counts the same things: shown beside the question
   * on the form, in the spreadsheet templates and in the data dictionary.
   */
  guidance?: string;
  /** The yes/no question whose "yes" this answer follows (a charge's amount): asked only then, blank otherwise. */
  revealedBy?: string;
  /** How others' answers may be shown (§5.2): part of the definition, so no field goes unclassed. */
  disclosure: FieldDisclosureClass;
  sectionId: string;
}

export interface SectionDefinition {
  id: string;
  title: string;
  /** At most 31 characters: the section's sheet name in spreadsheet templates, where the title is longer. */
  shortTitle?: string;
  description?: string;
  fields: readonly FieldDefinition[];
}

export interface BreakdownRule {
  id: string;
  totalKey: string;
  partKeys: readonly string[];
  label: string;
}

export interface QuestionSet {
  version: number;
  sections: readonly SectionDefinition[];
  /** Every field, flat, in section order. */
  fields: readonly FieldDefinition[];
  breakdowns: readonly BreakdownRule[];
}

/** A field as written in a section; the section it sits in supplies `sectionId`. */
export type FieldInput = Omit<FieldDefinition, "sectionId">;

export interface SectionInput {
  id: string;
  title: string;
  shortTitle?: string;
  description?: string;
  fields: readonly FieldInput[];
}

export interface QuestionSetInput {
  version: number;
  sections: readonly SectionInput[];
  breakdowns: readonly BreakdownRule[];
}

const SECTION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Excel's rules for a sheet name: 1 to 31 characters, none of : \ / ? * [ ]. */
const SHEET_NAME_PATTERN = /^[^:\\/?*[\]]{1,31}$/;
const FIELD_KEY_PATTERN = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;

/**
 * Builds a question set and checks it is internally consistent. Later versions are made by passing
 * an earlier version's sections and breakdowns, edited, so the earlier version never changes.
 */
export function defineQuestionSet(input: QuestionSetInput): QuestionSet {
  const sections = input.sections.map((section): SectionDefinition => ({
    ...section,
    fields: section.fields.map((field) => ({ ...field, sectionId: section.id })),
  }));
  const fields = sections.flatMap((section) => section.fields);
  const problems = [...findSectionProblems(sections), ...findFieldKeyProblems(fields), ...findBreakdownProblems(input.breakdowns, fields)];
  if (problems.length > 0) {
    throw new Error(`Question set v${input.version} is inconsistent:\n- ${problems.join("\n- ")}`);
  }
  return deepFreeze({ version: input.version, sections, fields, breakdowns: input.breakdowns });
}

function findSectionProblems(sections: readonly SectionDefinition[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const seenSheets = new Set<string>();
  for (const section of sections) {
    if (!SECTION_ID_PATTERN.test(section.id)) problems.push(`section id "${section.id}" is not a url-safe slug`);
    if (seen.has(section.id)) problems.push(`section id "${section.id}" is used twice`);
    seen.add(section.id);
    const sheetName = sectionSheetName(section);
    if (!SHEET_NAME_PATTERN.test(sheetName))
      problems.push(`section "${section.id}" needs a short title of at most 31 characters, without : \\ / ? * [ ], for its sheet name`);
    if (seenSheets.has(sheetName.toLowerCase())) problems.push(`sheet name "${sheetName}" is used twice`);
    seenSheets.add(sheetName.toLowerCase());
  }
  return problems;
}

/** The name of a section's sheet in a spreadsheet template. */
export function sectionSheetName(section: Pick<SectionDefinition, "title" | "shortTitle">): string {
  return section.shortTitle ?? section.title;
}

function findFieldKeyProblems(fields: readonly FieldDefinition[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const field of fields) {
    if (!FIELD_KEY_PATTERN.test(field.key)) problems.push(`field key "${field.key}" is not dot-separated words`);
    if (keys.has(field.key)) problems.push(`field key "${field.key}" is used twice`);
    keys.add(field.key);
    if (field.revealedBy !== undefined && fields.find((other) => other.key === field.revealedBy)?.kind !== "boolean") {
      problems.push(`field "${field.key}" is revealed by "${field.revealedBy}", which is not a yes/no question`);
    }
    if (field.allowNegative && field.kind !== "money" && field.kind !== "count") {
      problems.push(`field "${field.key}" allows negatives but is not a number`);
    }
  }
  // Form field names are read as paths (`a.b` nests under `a`), so no key may also be a parent of another.
  for (const key of keys) {
    const parts = key.split(".");
    for (let length = 1; length < parts.length; length++) {
      const parent = parts.slice(0, length).join(".");
      if (keys.has(parent)) problems.push(`field key "${parent}" is also the parent of "${key}"`);
    }
  }
  return problems;
}

function findBreakdownProblems(breakdowns: readonly BreakdownRule[], fields: readonly FieldDefinition[]): string[] {
  const numericKeys = new Set(fields.filter((f) => f.kind === "count" || f.kind === "money").map((f) => f.key));
  const problems: string[] = [];
  for (const breakdown of breakdowns) {
    for (const key of [breakdown.totalKey, ...breakdown.partKeys]) {
      if (!numericKeys.has(key)) problems.push(`breakdown "${breakdown.id}" uses "${key}", which is not a numeric field`);
    }
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** What each cohort's transport is called in labels and messages ("Spend on special school transport"). */
export const TRANSPORT_NAMES: Readonly<Record<Cohort, string>> = {
  mainstream: "transport for children without SEND",
  send_mainstream: "transport for children with SEND in mainstream schools",
  special: "special school transport",
  independent_special: "independent special school transport",
  alternative_provision: "alternative provision transport",
  post16: "post-16 transport",
  post19: "post-19 transport",
};

const TRANSPORT_CHILDREN_LABELS: Readonly<Record<Cohort, string>> = {
  mainstream: "Children without SEND given transport to mainstream schools",
  send_mainstream: "Children with SEND given transport to mainstream schools",
  special: "Children given transport to special schools",
  independent_special: "Children given transport to independent special schools",
  alternative_provision: "Children given transport to alternative provision",
  post16: "Young people aged 16 to 18 given post-16 transport",
  post19: "Young people aged 19 to 25 given post-19 transport",
};

const TRANSPORT_CHILDREN_HINTS: Readonly<Record<Cohort, string>> = {
  mainstream:
    "Children of statutory school age without SEND, eligible through distance, low income or an unsafe route. Count each child once.",
  send_mainstream: "Including children in resourced provision and SEN units. Count each child once.",
  special: "State-funded special schools: maintained, academy and free schools. Count each child once.",
  independent_special: "Independent and non-maintained special schools. Count each child once.",
  alternative_provision: "Pupil referral units and other alternative provision. Count each child once.",
  post16:
    "Learners aged 16 to 18 with SEND in school sixth forms, further education colleges and specialist post-16 institutions. Count each person once.",
  post19: "Learners aged 19 to 25 with an EHCP. Count each person once.",
};

const ADULT_COHORTS: readonly Cohort[] = ["post16", "post19"];

const SPEND_HINT = "Gross outturn for the financial year, in whole pounds, before any income is taken off.";

/** What a cohort's spend covers: section 251's transport lines, so a return reconciles with the authority's s251 outturn. */
function spendGuidance(cohort: Cohort): string {
  const lines = (SEND_COHORTS as readonly Cohort[]).includes(cohort) ? "SEN transport lines" : "home to school transport lines";
  return (
    "Include contracted transport (taxis, minibuses and coaches), the running costs of the authority's own fleet, travel passes, personal transport budgets and mileage allowances, and passenger assistants, " +
    `as section 251's ${lines} do. Leave out the transport team's own staffing, and capital spending such as buying vehicles.`
  );
}

const CHILDREN_GUIDANCE =
  "Count each child or young person once, in the cohort of the placement they had at the January census, even if they moved or travelled more than one way.";

function transportFields(cohort: Cohort): FieldInput[] {
  const required = (SEND_COHORTS as readonly Cohort[]).includes(cohort);
  const name = TRANSPORT_NAMES[cohort];
  return [
    {
      key: `transport.${cohort}.children`,
      label: TRANSPORT_CHILDREN_LABELS[cohort],
      hint: TRANSPORT_CHILDREN_HINTS[cohort],
      guidance: CHILDREN_GUIDANCE,
      unit: ADULT_COHORTS.includes(cohort) ? "young people" : "children",
      kind: "count",
      required,
      ...PUBLIC_LINKABLE,
    },
    {
      key: `transport.${cohort}.spend`,
      label: `Spend on ${name}`,
      hint: SPEND_HINT,
      guidance: spendGuidance(cohort),
      unit: "£ a year",
      kind: "money",
      required,
      ...PUBLIC_LINKABLE,
    },
    {
      key: `transport.${cohort}.routes`,
      label: `Contracted routes for ${name}`,
      hint: "Routes under contract at the end of the year. Optional.",
      unit: "routes",
      kind: "count",
      required: false,
      ...PUBLIC_LINKABLE,
    },
    {
      key: `transport.${cohort}.passenger_assistants`,
      label: `Passenger assistants on ${name}`,
      hint: "Passenger assistants employed or contracted at the end of the year. Optional.",
      unit: "people",
      kind: "count",
      required: false,
      ...PUBLIC_LINKABLE,
    },
  ];
}

const EHCP_AGE_LABELS: Readonly<Record<(typeof EHCP_AGE_BANDS)[number], string>> = {
  under_5: "EHCPs for children under 5",
  "5_10": "EHCPs for children aged 5 to 10",
  "11_15": "EHCPs for children aged 11 to 15",
  "16_19": "EHCPs for young people aged 16 to 19",
  "20_25": "EHCPs for young people aged 20 to 25",
};

const EHCP_NEED_NAMES: Readonly<Record<(typeof EHCP_NEEDS)[number], string>> = {
  ASD: "autistic spectrum disorder",
  SLCN: "speech, language and communication needs",
  SEMH: "social, emotional and mental health",
  MLD: "moderate learning difficulty",
  SLD: "severe learning difficulty",
  PMLD: "profound and multiple learning difficulty",
  SPLD: "specific learning difficulty",
  PD: "physical disability",
  HI: "hearing impairment",
  VI: "visual impairment",
  MSI: "multi-sensory impairment",
  OTH: "other difficulty or disability",
};

const EHCP_SETTING_LABELS: Readonly<Record<(typeof EHCP_SETTINGS)[number], { label: string; hint?: string }>> = {
  early_years: { label: "EHCPs in early years settings" },
  mainstream: { label: "EHCPs in mainstream schools", hint: "Not counting resourced provision and SEN units." },
  resourced: { label: "EHCPs in resourced provision or SEN units" },
  special: { label: "EHCPs in state-funded special schools", hint: "Maintained, academy and free special schools." },
  independent: { label: "EHCPs in independent or non-maintained special schools" },
  ap: { label: "EHCPs in alternative provision", hint: "Including pupil referral units." },
  post16: {
    label: "EHCPs in post-16 settings",
    hint: "Further education and sixth form colleges, specialist post-16 institutions and apprenticeships.",
  },
  other: { label: "EHCPs in other placements", hint: "Any placement not listed above, such as education otherwise than at school." },
};

const MODE_FIELDS: Readonly<Record<(typeof TRAVEL_MODES)[number], { label: string; hint?: string }>> = {
  taxi: { label: "Children with SEND travelling by taxi or private hire", hint: "Including multi-purpose vehicles (MPVs)." },
  minibus: { label: "Children with SEND travelling by contracted minibus or coach" },
  in_house_fleet: {
    label: "Children with SEND travelling in the authority's own vehicles",
    hint: "Vehicles the authority runs itself (in-house fleet).",
  },
  public_transport: { label: "Children with SEND travelling by public transport", hint: "Including those given bus or rail passes." },
  ptb: { label: "Children with SEND given a personal transport budget or mileage allowance" },
};

const PUBLIC_LINKABLE = { disclosure: "public_linkable" } as const;
const EHCP_COUNT = { unit: "EHCPs", kind: "count", required: false, ...PUBLIC_LINKABLE } as const;
const POLICY = { unit: "yes/no", kind: "boolean", required: false, disclosure: "policy" } as const;

const V1_SECTIONS: readonly SectionInput[] = [
  {
    id: "context",
    title: "Population and EHCPs",
    description: "The size of the population you serve and the number of EHCPs you maintain.",
    fields: [
      {
        key: "population_0_25",
        label: "Population aged 0 to 25",
        hint: "Resident population aged 0 to 25 from the ONS mid-year estimate.",
        unit: "people",
        kind: "count",
        required: true,
        ...PUBLIC_LINKABLE,
      },
      {
        key: "ehcp.total",
        label: "Number of EHCPs maintained",
        hint: "Education, health and care plans maintained by the authority at the January census (SEN2).",
        unit: "EHCPs",
        kind: "count",
        required: true,
        ...PUBLIC_LINKABLE,
      },
    ],
  },
  {
    id: "ehcp-breakdowns",
    title: "EHCPs by age, need and placement",
    shortTitle: "EHCPs by age, need, placement",
    description:
      "The EHCPs you maintain at the January census, as reported in SEN2. Each breakdown you complete in full must add up to your number of EHCPs maintained.",
    fields: [
      ...EHCP_AGE_BANDS.map((band): FieldInput => ({ key: `ehcp.age.${band}`, label: EHCP_AGE_LABELS[band], ...EHCP_COUNT })),
      ...EHCP_NEEDS.map((code): FieldInput => ({
        key: `ehcp.need.${code}`,
        label: `EHCPs for ${EHCP_NEED_NAMES[code]} (${code})`,
        ...(code === "OTH" ? { hint: "Until SEN2 reports Down syndrome separately, count it here." } : {}),
        ...EHCP_COUNT,
      })),
      ...EHCP_SETTINGS.map((setting): FieldInput => ({ key: `ehcp.setting.${setting}`, ...EHCP_SETTING_LABELS[setting], ...EHCP_COUNT })),
    ],
  },
  {
    id: "transport-send",
    title: "Transport for children and young people with SEND",
    shortTitle: "SEND transport",
    description:
      "Home-to-school transport for each SEND cohort. Children given transport and spend are needed for every cohort before you submit.",
    fields: SEND_COHORTS.flatMap(transportFields),
  },
  {
    id: "transport-other",
    title: "Transport for other children",
    description: "Home-to-school transport for children without SEND and for alternative provision.",
    fields: COHORTS.filter((cohort) => !(SEND_COHORTS as readonly Cohort[]).includes(cohort)).flatMap(transportFields),
  },
  {
    id: "travel-modes",
    title: "How children with SEND travel",
    description: "Children and young people in all SEND cohorts together. Count each child once, under the way they mostly travel.",
    fields: [
      ...TRAVEL_MODES.map((mode): FieldInput => ({
        key: `mode.${mode}`,
        ...MODE_FIELDS[mode],
        unit: "children",
        kind: "count",
        required: false,
        ...PUBLIC_LINKABLE,
      })),
      {
        key: "mode.single_occupancy",
        label: "Children with SEND travelling alone in a vehicle",
        hint: "Single occupancy: a part of the children counted above, not an extra way of travelling.",
        unit: "children",
        kind: "count",
        required: false,
        ...PUBLIC_LINKABLE,
      },
      {
        key: "itt.completed",
        label: "Young people who completed independent travel training",
        hint: "Training completed during the financial year.",
        unit: "people",
        kind: "count",
        required: false,
        ...PUBLIC_LINKABLE,
      },
    ],
  },
  {
    id: "income",
    title: "Transport income",
    description: "Income towards SEND transport, for the financial year.",
    fields: [
      {
        key: "income.parental_contributions",
        label: "Income from parental contributions",
        hint: "For example, charges for post-16 transport.",
        unit: "£ a year",
        kind: "money",
        required: false,
        ...PUBLIC_LINKABLE,
      },
      {
        key: "income.health_contributions",
        label: "Income from health contributions",
        hint: "Contributions from the NHS towards transport.",
        unit: "£ a year",
        kind: "money",
        required: false,
        ...PUBLIC_LINKABLE,
      },
    ],
  },
  {
    id: "high-needs",
    title: "High needs funding",
    fields: [
      {
        key: "hnb.allocation",
        label: "High needs block allocation",
        hint: "The high needs block of the dedicated schools grant (DSG) for the financial year.",
        unit: "£ a year",
        kind: "money",
        required: false,
        ...PUBLIC_LINKABLE,
      },
      {
        key: "hnb.outturn",
        label: "High needs block outturn",
        hint: "Gross outturn on high needs for the financial year.",
        unit: "£ a year",
        kind: "money",
        required: false,
        ...PUBLIC_LINKABLE,
      },
      {
        key: "dsg.cumulative_deficit",
        label: "Cumulative DSG deficit",
        hint: "The dedicated schools grant deficit carried forward at the end of the year. Enter a surplus as a negative number, like -250000.",
        unit: "£",
        kind: "money",
        required: false,
        ...PUBLIC_LINKABLE,
        allowNegative: true,
      },
    ],
  },
  {
    id: "policies",
    title: "Transport policies",
    description: "Which of these policies were in place during the year.",
    fields: [
      {
        key: "policy.statutory_minimum_only",
        label: "Transport given at the statutory minimum only",
        hint: "No discretionary transport beyond what the law requires.",
        ...POLICY,
      },
      { key: "policy.post16_charge", label: "Charge for post-16 transport", ...POLICY },
      {
        key: "policy.post16_charge_amount",
        label: "Post-16 transport charge",
        hint: "The standard charge for a year.",
        revealedBy: "policy.post16_charge",
        unit: "£ a year",
        kind: "money",
        required: false,
        disclosure: "policy",
      },
      {
        key: "policy.one_school_one_operator",
        label: "One operator for each school",
        hint: "All routes to a school are given to a single operator.",
        ...POLICY,
      },
      { key: "policy.route_bundling", label: "Route bundling", hint: "Routes tendered together in lots.", ...POLICY },
      { key: "policy.route_planning_software", label: "Route planning software", ...POLICY },
      { key: "policy.personal_transport_budgets", label: "Personal transport budgets offered", ...POLICY },
      {
        key: "policy.pickup_points",
        label: "Pick-up points",
        hint: "Children are collected from shared pick-up points rather than from home.",
        ...POLICY,
      },
      {
        key: "policy.minibuses_to_schools",
        label: "Minibuses provided to schools",
        hint: "Schools run minibuses the authority provides or funds.",
        ...POLICY,
      },
      {
        key: "policy.suspension_transport",
        label: "Transport during suspensions",
        hint: "Transport given to pupils during fixed-term suspensions.",
        ...POLICY,
      },
    ],
  },
];

const V1_BREAKDOWNS: readonly BreakdownRule[] = [
  { id: "ehcp-age", totalKey: "ehcp.total", partKeys: EHCP_AGE_BANDS.map((b) => `ehcp.age.${b}`), label: "EHCPs by age band" },
  { id: "ehcp-need", totalKey: "ehcp.total", partKeys: EHCP_NEEDS.map((c) => `ehcp.need.${c}`), label: "EHCPs by primary need" },
  { id: "ehcp-setting", totalKey: "ehcp.total", partKeys: EHCP_SETTINGS.map((s) => `ehcp.setting.${s}`), label: "EHCPs by placement" },
];

export const QUESTION_SET_V1: QuestionSet = defineQuestionSet({ version: 1, sections: V1_SECTIONS, breakdowns: V1_BREAKDOWNS });

export const QUESTION_SETS: Readonly<Record<number, QuestionSet>> = Object.freeze({ 1: QUESTION_SET_V1 });

export const LATEST_QUESTION_SET_VERSION = 1;

export function getQuestionSet(version: number): QuestionSet {
  const questionSet = QUESTION_SETS[version];
  if (!questionSet) {
    const known = Object.keys(QUESTION_SETS).join(", ");
    throw new Error(`There is no question set version ${version}; the known versions are ${known}`);
  }
  return questionSet;
}

export function findField(questionSet: QuestionSet, key: string): FieldDefinition | undefined {
  return questionSet.fields.find((field) => field.key === key);
}
