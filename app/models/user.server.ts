import type { Executor, ReturnStatus, Role, UserRow } from "../../db/schema";
import { deleteUserSessions } from "./session.server";

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  authorityId: number | null;
  groupId: number | null;
  passwordHash: string | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Executor, input: UserInput): Promise<UserRow> {
  const now = new Date().toISOString();
  return db
    .insertInto("users")
    .values({
      email: normaliseEmail(input.email),
      name: input.name,
      role: input.role,
      authority_id: input.authorityId,
      group_id: input.groupId,
      password_hash: input.passwordHash,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface UserListItem {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: number;
  authorityName: string | null;
  groupName: string | null;
  lastSignedInAt: string | null;
}

export async function listUsers(db: Executor): Promise<UserListItem[]> {
  return db
    .selectFrom("users")
    .leftJoin("authorities", "authorities.id", "users.authority_id")
    .leftJoin("groups", "groups.id", "users.group_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.active",
      "authorities.name as authorityName",
      "groups.name as groupName",
      "users.last_signed_in_at as lastSignedInAt",
    ])
    .orderBy("users.email")
    .execute();
}

export interface UserScopeUpdate {
  name: string;
  role: Role;
  authorityId: number | null;
  groupId: number | null;
  active: boolean;
}

export async function updateUser(db: Executor, id: number, update: UserScopeUpdate): Promise<void> {
  await db
    .updateTable("users")
    .set({
      name: update.name,
      role: update.role,
      authority_id: update.authorityId,
      group_id: update.groupId,
      active: update.active ? 1 : 0,
      updated_at: new Date().toISOString(),
    })
    .where("id", "=", id)
    .execute();
  // A deactivated user's sessions end on the server, so reactivating them does not bring old cookies back.
  if (!update.active) await deleteUserSessions(db, id);
}

export async function recordSignIn(db: Executor, id: number): Promise<void> {
  await db.updateTable("users").set({ last_signed_in_at: new Date().toISOString() }).where("id", "=", id).execute();
}

/** A new password ends every session the user had (ASVS 3.3.3): whoever held one must sign in with it. */
export async function setPasswordHash(db: Executor, id: number, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash, updated_at: new Date().toISOString() }).where("id", "=", id).execute();
  await deleteUserSessions(db, id);
}

export interface MemberRecipient {
  userId: number;
  email: string;
  name: string;
  authorityName: string;
  authorityCode: string;
}

export interface MemberWithReturnStatus extends MemberRecipient {
  returnStatus: ReturnStatus;
}

function activeMembers(db: Executor) {
  return db
    .selectFrom("users")
    .innerJoin("authorities", "authorities.id", "users.authority_id")
    .select(["users.id as userId", "users.email", "users.name", "authorities.name as authorityName", "authorities.code as authorityCode"])
    .where("users.role", "=", "member")
    .where("users.active", "=", 1);
}

/** Active members (of one authority, if named), in the order they were added. */
export async function listActiveMembers(db: Executor, filter: { authorityId?: number } = {}): Promise<MemberRecipient[]> {
  let query = activeMembers(db);
  if (filter.authorityId !== undefined) query = query.where("users.authority_id", "=", filter.authorityId);
  return query.orderBy("users.id").execute();
}

/** Every active member with their authority's return status in the round, by authority name then email. */
export async function listActiveMembersWithReturnStatus(db: Executor, roundId: number): Promise<MemberWithReturnStatus[]> {
  const rows = await activeMembers(db)
    .leftJoin("returns", (join) => join.onRef("returns.authority_id", "=", "authorities.id").on("returns.round_id", "=", roundId))
    .select("returns.status as returnStatus")
    .orderBy("authorities.name")
    .orderBy("users.email")
    .execute();
  return rows.map((row) => ({ ...row, returnStatus: row.returnStatus ?? ("not_started" as const) }));
}

/** Active coordinators, in the order they were added. */
export async function listActiveCoordinators(db: Executor): Promise<Array<Pick<UserRow, "id" | "email" | "name">>> {
  return db
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("role", "=", "coordinator")
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
}
