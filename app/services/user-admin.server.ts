import type { Kysely, Transaction } from "kysely";
import type { Database, Role, UserRow } from "../../db/schema";
import { appendAudit } from "../models/audit.server";
import { findAuthorityByCode, listAuthorities } from "../models/authority.server";
import { findGroupBySlug, listGroupNames } from "../models/group.server";
import { createUser, findUserByEmail, updateUser } from "../models/user.server";

export interface UserScopeRequest {
  name: string;
  role: Role;
  authorityCode: string | null;
  groupSlug: string | null;
}

export type ScopeResult =
  { ok: true; authorityId: number | null; groupId: number | null } | { ok: false; field: "authorityCode" | "groupSlug"; message: string };

/** Turns the authority code / group slug a coordinator chose into ids, naming the field if one is unknown. */
export async function resolveUserScope(db: Kysely<Database>, scope: UserScopeRequest): Promise<ScopeResult> {
  if (scope.authorityCode) {
    const authority = await findAuthorityByCode(db, scope.authorityCode);
    if (!authority) return { ok: false, field: "authorityCode", message: `No authority has the code "${scope.authorityCode}"` };
    return { ok: true, authorityId: authority.id, groupId: null };
  }
  if (scope.groupSlug) {
    const group = await findGroupBySlug(db, scope.groupSlug);
    if (!group) return { ok: false, field: "groupSlug", message: `No group is called "${scope.groupSlug}"` };
    return { ok: true, authorityId: null, groupId: group.id };
  }
  return { ok: true, authorityId: null, groupId: null };
}

export type CreateUserResult = { ok: true; user: UserRow } | { ok: false; field: "email" | "authorityCode" | "groupSlug"; message: string };

/**
 * Creates a user with their scope, audited; shared by the web app and the command line.
 * `afterCreate` runs in the same transaction (queueing the invitation email, say).
 */
export async function registerUser(
  db: Kysely<Database>,
  input: UserScopeRequest & { email: string; passwordHash: string | null },
  actorId: number | null,
  afterCreate?: (trx: Transaction<Database>, user: UserRow) => Promise<void>,
): Promise<CreateUserResult> {
  if (await findUserByEmail(db, input.email)) {
    return { ok: false, field: "email", message: `A user with the email address ${input.email} already exists` };
  }
  const scope = await resolveUserScope(db, input);
  if (!scope.ok) return scope;
  const user = await db.transaction().execute(async (trx) => {
    const created = await createUser(trx, {
      email: input.email,
      name: input.name,
      role: input.role,
      authorityId: scope.authorityId,
      groupId: scope.groupId,
      passwordHash: input.passwordHash,
    });
    await appendAudit(trx, {
      userId: actorId,
      action: "user.created",
      detail: { userId: created.id, email: created.email, role: created.role },
    });
    await afterCreate?.(trx, created);
    return created;
  });
  return { ok: true, user };
}

export async function changeUser(
  db: Kysely<Database>,
  userId: number,
  input: UserScopeRequest & { active: boolean },
  actorId: number,
): Promise<ScopeResult> {
  const scope = await resolveUserScope(db, input);
  if (!scope.ok) return scope;
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, {
      name: input.name,
      role: input.role,
      authorityId: scope.authorityId,
      groupId: scope.groupId,
      active: input.active,
    });
    await appendAudit(trx, { userId: actorId, action: "user.updated", detail: { userId, role: input.role, active: input.active } });
  });
  return scope;
}

/** What a coordinator can choose from when scoping a user. */
export async function listScopeOptions(db: Kysely<Database>) {
  const [authorities, groups] = await Promise.all([listAuthorities(db), listGroupNames(db)]);
  return { authorities: authorities.map(({ code, name }) => ({ code, name })), groups };
}
