/**
 * Who may do what, in one static table (domain spec §5). A signed-in user becomes a Viewer — the
 * role with the scope it is tied to — and every guard in app/utils/auth.server.ts asks `can(viewer,
 * permission)`. Adding a permission: add a row here, guard the route with it
 * (`requirePermission(request, "...")`) and give it rows in test/integration/authorisation.test.ts.
 */

/** The three roles, named the same in the database, the code and the table below. */
export const ROLES = ["member", "regional_viewer", "coordinator"] as const;
export type Role = (typeof ROLES)[number];

/** Who is looking: a role with its scope (a member's authority, a regional viewer's group). */
export type Viewer = { kind: "member"; authorityId: number } | { kind: "regional_viewer"; groupId: number } | { kind: "coordinator" };

const EVERY_ROLE = ROLES;

export const PERMISSIONS = {
  /** Fill in, upload and submit the own authority's return in an open round. */
  "returns.submit": ["member"],
  /** Published results, anonymised for everyone but coordinators. */
  "results.published": EVERY_ROLE,
  /** Results of a round before it is published (checking before publishing). */
  "results.unpublished": ["coordinator"],
  /** Pages about one's own authority: its trend over the years, its statistical neighbours, its composition. */
  "results.own_authority": ["member"],
  /** The briefing pack, page and PDF: about a member's own authority or a regional viewer's group. */
  "results.briefing_pack": ["member", "regional_viewer"],
  /** Cost-growth decomposition, forecasts and scenarios (an authority, or a regional viewer's group). */
  "results.forecasts": EVERY_ROLE,
  /** Every authority named, in pages and downloads. */
  "results.identified": ["coordinator"],
  /** Rounds: create, open, close, publish, withdraw; review, query and approve returns; bulk upload. */
  "rounds.manage": ["coordinator"],
  /** Users: invite, change scope, deactivate. */
  "users.manage": ["coordinator"],
  /** Deflators and the email outbox. */
  "service.manage": ["coordinator"],
  /** The development outbox, with set-password links in clear (only where MOCKS=true, never in production). */
  "dev.outbox": ["coordinator"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleOf(viewer: Viewer): Role {
  return viewer.kind;
}

export function can(viewer: Viewer, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(roleOf(viewer));
}

/**
 * The viewer a user becomes, or null when their record does not hold the scope their role needs
 * (a member without an authority, a regional viewer without a group): such a user may do nothing.
 */
export function viewerOf(user: { role: Role; authority_id: number | null; group_id: number | null }): Viewer | null {
  switch (user.role) {
    case "member":
      return user.authority_id === null ? null : { kind: "member", authorityId: user.authority_id };
    case "regional_viewer":
      return user.group_id === null ? null : { kind: "regional_viewer", groupId: user.group_id };
    case "coordinator":
      return { kind: "coordinator" };
  }
}
