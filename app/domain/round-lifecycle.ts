/**
 * The life of a survey round and of the returns in it (domain spec §2), as pure rules that the web app
 * and the command line both ask before they change a status.
 *
 * Round: draft → open → closed → published; a closed round may be re-opened, and a published round
 * withdrawn back to closed. Return: not_started → draft → submitted → (queried → submitted)* → approved.
 */

export const ROUND_STATUSES = ["draft", "open", "closed", "published"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const RETURN_STATUSES = ["not_started", "draft", "submitted", "queried", "approved"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface RoundTransition {
  from: RoundStatus;
  to: RoundStatus;
  /** What a coordinator's button or command says: "Publish the results". */
  label: string;
}

export const ROUND_TRANSITIONS: readonly RoundTransition[] = [
  { from: "draft", to: "open", label: "Open the round" },
  { from: "open", to: "closed", label: "Close the round" },
  { from: "closed", to: "open", label: "Re-open the round" },
  { from: "closed", to: "published", label: "Publish the results" },
  { from: "published", to: "closed", label: "Withdraw the published results" },
];

function findTransition(from: RoundStatus, to: RoundStatus): RoundTransition | undefined {
  return ROUND_TRANSITIONS.find((transition) => transition.from === from && transition.to === to);
}

export function canTransitionRound(from: RoundStatus, to: RoundStatus): boolean {
  return findTransition(from, to) !== undefined;
}

/** The plain-English name of a move, or null when the move is not allowed. */
export function roundTransitionLabel(from: RoundStatus, to: RoundStatus): string | null {
  return findTransition(from, to)?.label ?? null;
}

/** The moves a coordinator can make from `from`, in the order buttons are shown. */
export function roundTransitionsFrom(from: RoundStatus): RoundTransition[] {
  return ROUND_TRANSITIONS.filter((transition) => transition.from === from);
}

/** Why a move is refused, naming what can be done instead; null when the move is allowed. */
export function roundTransitionRefusal(from: RoundStatus, to: RoundStatus): string | null {
  if (canTransitionRound(from, to)) return null;
  if (from === to) return `The round is already ${from}`;
  const options = roundTransitionsFrom(from).map((transition) => `${transition.label.toLowerCase()} (${transition.to})`);
  return `A ${from} round cannot become ${to}: from ${from} you can only ${options.join(" or ")}`;
}

/** Statuses in which a member may still change their answers (while the round is open). */
export const RETURN_EDITABLE_STATUSES: readonly ReturnStatus[] = ["not_started", "draft", "queried"];

/** Round statuses in which a coordinator reviews returns; a published round must be withdrawn first. */
const REVIEW_ROUND_STATUSES: readonly RoundStatus[] = ["open", "closed"];

export function canMemberEditReturn(roundStatus: RoundStatus, returnStatus: ReturnStatus): boolean {
  return roundStatus === "open" && RETURN_EDITABLE_STATUSES.includes(returnStatus);
}

/** A return with answers is at least a draft, so a member submits a draft or answers a query. */
export function canSubmitReturn(roundStatus: RoundStatus, returnStatus: ReturnStatus): boolean {
  return roundStatus === "open" && (returnStatus === "draft" || returnStatus === "queried");
}

/**
 * A coordinator may query a submitted return, or an approved one found wrong later, until the round is
 * published; published figures only change after the round is withdrawn.
 */
export function canQueryReturn(roundStatus: RoundStatus, returnStatus: ReturnStatus): boolean {
  return REVIEW_ROUND_STATUSES.includes(roundStatus) && (returnStatus === "submitted" || returnStatus === "approved");
}

export function canApproveReturn(roundStatus: RoundStatus, returnStatus: ReturnStatus): boolean {
  return REVIEW_ROUND_STATUSES.includes(roundStatus) && returnStatus === "submitted";
}

/** Un-approving puts the return back to submitted, out of the round's comparisons, for another look. */
export function canUnapproveReturn(roundStatus: RoundStatus, returnStatus: ReturnStatus): boolean {
  return REVIEW_ROUND_STATUSES.includes(roundStatus) && returnStatus === "approved";
}

/** An import replaces returns as approved; a published round's figures change only after it is withdrawn. */
export function canImportReturns(roundStatus: RoundStatus): boolean {
  return roundStatus !== "published";
}

/**
 * A member may ask for a submitted (or approved) return to be reopened while the round is open; a
 * coordinator who grants it puts the return back to queried, which the member may change again.
 */
export function canRequestReopen(roundStatus: RoundStatus, returnStatus: ReturnStatus): boolean {
  return roundStatus === "open" && (returnStatus === "submitted" || returnStatus === "approved");
}
