/** Vocabulary of question set v1 (domain spec §3), shared by the question set, validation and metrics. */

export const COHORTS = [
  "mainstream",
  "send_mainstream",
  "special",
  "independent_special",
  "alternative_provision",
  "post16",
  "post19",
] as const;
export type Cohort = (typeof COHORTS)[number];

export const SEND_COHORTS = ["send_mainstream", "special", "independent_special", "post16", "post19"] as const satisfies readonly Cohort[];

export const COHORT_LABELS: Record<Cohort, string> = {
  mainstream: "mainstream school (no SEND)",
  send_mainstream: "SEND in mainstream school",
  special: "special school",
  independent_special: "independent special school",
  alternative_provision: "alternative provision",
  post16: "post-16",
  post19: "post-19",
};

/** Travel modes whose sum is the denominator of mode shares (single occupancy is a subset, not a mode). */
export const TRAVEL_MODES = ["taxi", "minibus", "in_house_fleet", "public_transport", "ptb"] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

export const EHCP_AGE_BANDS = ["under_5", "5_10", "11_15", "16_19", "20_25"] as const;
export const EHCP_NEEDS = ["ASD", "SLCN", "SEMH", "MLD", "SLD", "PMLD", "SPLD", "PD", "HI", "VI", "MSI", "OTH"] as const;
export const EHCP_SETTINGS = ["early_years", "mainstream", "resourced", "special", "independent", "ap", "post16", "other"] as const;
