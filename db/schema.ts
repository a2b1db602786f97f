import type { Generated, Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { ReturnStatus, RoundStatus } from "../app/domain/round-lifecycle";
import type { RoundStatistics } from "../app/domain/statistics";

// Statuses are the lifecycle's (app/domain/round-lifecycle.ts); the columns store exactly those words.
export type { ReturnStatus, RoundStatus };

/**
 * The database as the application sees it. Timestamps are ISO-8601 text and booleans are 0/1
 * integers so the same queries serve SQLite and PostgreSQL unchanged.
 */
export interface Database {
  authorities: AuthorityTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  statistical_neighbours: StatisticalNeighbourTable;
  users: UserTable;
  rounds: RoundTable;
  returns: ReturnTable;
  return_values: ReturnValueTable;
  comments: CommentTable;
  reopen_requests: ReopenRequestTable;
  audit_log: AuditLogTable;
  deflators: DeflatorTable;
  reference_sources: ReferenceSourceTable;
  round_metric_results: RoundMetricResultTable;
  results_version: ResultsVersionTable;
  round_statistics: RoundStatisticTable;
  sessions: SessionTable;
  throttle_counters: ThrottleCounterTable;
  service_secrets: ServiceSecretTable;
  warning_explanations: WarningExplanationTable;
  outbox: OutboxTable;
  password_tokens: PasswordTokenTable;
  pending_uploads: PendingUploadTable;
  sen2_releases: Sen2ReleaseTable;
  sen2_figures: Sen2FigureTable;
  round_contributors: RoundContributorTable;
}

/** What every model function takes first: the pool, or the transaction a caller opened around several changes. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface AuthorityTable {
  id: Generated<number>;
  /** ONS code, e.g. E09000002. */
  code: string;
  /** DfE's three-digit LA number, when known. */
  dfe_code: string | null;
  name: string;
  region_code: string;
  region_name: string;
  created_at: string;
}

export type GroupKind = "region" | "family";

export interface GroupTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: GroupKind;
  created_at: string;
  /** Stamped whenever the group or its membership changes (cached results key on it); null before that. */
  updated_at: string | null;
}

export interface GroupMemberTable {
  group_id: number;
  authority_id: number;
}

export interface StatisticalNeighbourTable {
  authority_id: number;
  neighbour_id: number;
  /** 1 = nearest, 10 = furthest. */
  rank: number;
  proximity: string;
}

// Roles are declared once, with what each may do, in app/domain/permissions.ts.
export { ROLES, type Role } from "../app/domain/permissions";
import type { Role } from "../app/domain/permissions";

export interface UserTable {
  id: Generated<number>;
  /** Stored lower-case; compared lower-case. */
  email: string;
  name: string;
  /** argon2id hash; null until the user has set a password. */
  password_hash: string | null;
  role: Role;
  authority_id: number | null;
  group_id: number | null;
  active: number;
  created_at: string;
  updated_at: string;
  last_signed_in_at: string | null;
}

export interface RoundTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** "2024-25". */
  financial_year: string;
  question_set_version: number;
  status: RoundStatus;
  opens_on: string | null;
  closes_on: string | null;
  /** Price base year for real-terms figures; null = latest year in the deflator table. */
  base_year: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** Reminders go to authorities that have not submitted this many days before closes_on. */
  reminder_days_before: Generated<number>;
  /**
   * Set when an earlier round's approved answers changed after this round was published: its change
   * and growth figures are then out of date, but published figures change only by withdraw and
   * republish, so it is flagged for the coordinator instead of recomputed. Cleared by recomputing.
   */
  results_out_of_date_at: string | null;
}

export interface ReturnTable {
  id: Generated<number>;
  round_id: number;
  authority_id: number;
  status: ReturnStatus;
  /** Incremented by every write; a save carrying an older version is refused (optimistic concurrency). */
  version: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  approved_at: string | null;
}

/**
 * One row per provided answer (see docs/decisions/002-return-values-as-rows.md). A blank answer has
 * no row. Exactly one of the value columns is set, chosen by the field's kind.
 */
export interface ReturnValueTable {
  return_id: number;
  field_key: string;
  number_value: number | null;
  text_value: string | null;
  boolean_value: number | null;
  updated_at: string;
  updated_by: number | null;
}

export interface CommentTable {
  id: Generated<number>;
  return_id: number;
  user_id: number | null;
  body: string;
  created_at: string;
  /** JSON array of the field keys a comment (a query) is about; null for the whole return. */
  field_keys: string | null;
}

export type ReopenRequestStatus = "pending" | "granted" | "declined";

/** A member's request to reopen a submitted return, and the coordinator's decision on it. */
export interface ReopenRequestTable {
  id: Generated<number>;
  return_id: number;
  requested_by: number | null;
  reason: string;
  requested_at: string;
  status: ReopenRequestStatus;
  decided_by: number | null;
  decided_at: string | null;
  decision_comment: string | null;
}

/** Append-only: the application inserts and reads, never updates or deletes. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  return_id: number | null;
  round_id: number | null;
  field_key: string | null;
  old_value: string | null;
  new_value: string | null;
  detail: string | null;
}

export interface DeflatorTable {
  financial_year: string;
  index: number;
}

/** Where each piece of reference data came from, shown beside the figures that use it. */
export interface ReferenceSourceTable {
  name: string;
  source: string;
  released_on: string | null;
  loaded_at: string;
}

/**
 * One metric's results in one round, every authority at once: `results` is the JSON of
 * PackedMetricResults (app/models/metric-results.server.ts), columns of equal length.
 */
export interface RoundMetricResultTable {
  round_id: number;
  metric_key: string;
  results: string;
}

/** A single row (id 1): bumped in every transaction that may change what a results page shows. */
export interface ResultsVersionTable {
  id: number;
  version: number;
}

/** One metric's summary in a round: the columns are the pipeline's RoundStatistics (n, min, q1, median, q3, max, mean). */
export interface RoundStatisticTable extends RoundStatistics {
  round_id: number;
  metric_key: string;
}

/** A signed-in session on the server: the signed cookie carries the random id, this table its SHA-256. */
export interface SessionTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

/**
 * Sign-in and password-reset throttling: the count of attempts under a key (e.g.
 * "sign-in-account-ip:<email>|<address>") in its current fixed window, taken by one atomic upsert.
 */
export interface ThrottleCounterTable {
  throttle_key: string;
  window_started_at: string;
  count: number;
}

/** Secrets generated once per database, e.g. the pseudonym secret outside production. */
export interface ServiceSecretTable {
  name: string;
  value: string;
  created_at: string;
}

export interface WarningExplanationTable {
  return_id: number;
  /** The warning's stable id from validation, e.g. "unit_cost_range:special". */
  warning_id: string;
  explanation: string;
  updated_at: string;
  updated_by: number | null;
}

export type OutboxStatus = "queued" | "sending" | "sent" | "failed";

/**
 * Every email, written in the transaction of the change that causes it and sent after commit
 * (see docs/decisions/004-email-outbox.md). A key is queued at most once, so never sent twice.
 */
export interface OutboxTable {
  id: Generated<number>;
  recipient: string;
  /** A MessageKind from app/domain/notifications.ts. */
  kind: string;
  /** JSON object of the template's personalisation; secret links are blanked once sent. */
  personalisation: string;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** When a sender claimed the row (status "sending"). */
  claimed_at: string | null;
  last_error: string | null;
  notify_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export type PasswordTokenPurpose = "invite" | "password_reset";

/** One-time set-password links: only the SHA-256 of the random token is kept. */
export interface PasswordTokenTable {
  id: Generated<number>;
  user_id: number;
  purpose: PasswordTokenPurpose;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** A member's uploaded return, parsed, waiting for them to confirm it (see models/pending-upload.server.ts). */
export interface PendingUploadTable {
  /** Random, unguessable; also the preview page's address. */
  token: string;
  user_id: number;
  round_id: number;
  authority_id: number;
  file_name: string;
  /** JSON: the answers the file gives and where each one is in the file. */
  payload: string;
  created_at: string;
  expires_at: string;
}

export type AuthorityRow = Selectable<AuthorityTable>;
export type GroupRow = Selectable<GroupTable>;
export type UserRow = Selectable<UserTable>;
export type RoundRow = Selectable<RoundTable>;
export type NewRound = Insertable<RoundTable>;
export type ReturnRow = Selectable<ReturnTable>;
export type ReturnValueRow = Selectable<ReturnValueTable>;
export type DeflatorRow = Selectable<DeflatorTable>;
export type OutboxRow = Selectable<OutboxTable>;

/** A loaded release of DfE's SEN2 statistics (domain spec §8); figures are kept apart from returns. */
export interface Sen2ReleaseTable {
  id: Generated<number>;
  /** e.g. "SEN2 2025": the release a figure is shown and audited with. */
  name: string;
  /** The latest January census in it; a later release's figure replaces an earlier one's. */
  reporting_year: number;
  source: string;
  /** JSON array of the file names loaded. */
  files: string;
  /** SHA-256 of the figures, so loading the same release again changes nothing. */
  content_hash: string;
  figure_count: number;
  loaded_at: string;
  loaded_by: number | null;
}

export interface Sen2FigureTable {
  release_id: number;
  /** The calendar year of the January census. */
  census_year: number;
  /** Today's ONS code (code succession applied); England is E92000001. */
  authority_code: string;
  /** `ehcp.total` or an `ehcp.age.*`, `ehcp.setting.*` or `ehcp.need.*` key. */
  breakdown: string;
  value: number;
}

export type Sen2ReleaseRow = Selectable<Sen2ReleaseTable>;
/** The authorities behind each group's figures in a published round, fixed when it is first published. */
export interface RoundContributorTable {
  round_id: number;
  /** "network", "group:<id>" or "neighbours:<authority id>". */
  set_key: string;
  authority_id: number;
}
