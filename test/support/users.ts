import type { Kysely } from "kysely";
import type { Database, UserRow } from "../../db/schema";
import { registerUser } from "../../app/services/user-admin.server";
import { hashPassword } from "../../app/utils/password.server";

export const TEST_PASSWORD = "correct horse battery staple";
/** Barking and Dagenham and Barnet: two London authorities. */
export const AUTHORITY_A = "E09000002";
export const AUTHORITY_B = "E09000003";

export const TEST_USERS = {
  memberA: { email: "member.a@example.org", name: "Member of A", role: "member", authorityCode: AUTHORITY_A, groupSlug: null },
  memberB: { email: "member.b@example.org", name: "Member of B", role: "member", authorityCode: AUTHORITY_B, groupSlug: null },
  viewer: { email: "viewer@example.org", name: "Regional Viewer", role: "regional_viewer", authorityCode: null, groupSlug: "london" },
  coordinator: { email: "coordinator@example.org", name: "Coordinator", role: "coordinator", authorityCode: null, groupSlug: null },
} as const;

export type TestUserName = keyof typeof TEST_USERS;

/** One user of each kind, all with TEST_PASSWORD. */
export async function createTestUsers(db: Kysely<Database>): Promise<Record<TestUserName, UserRow>> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const created = {} as Record<TestUserName, UserRow>;
  for (const [key, user] of Object.entries(TEST_USERS) as Array<[TestUserName, (typeof TEST_USERS)[TestUserName]]>) {
    const result = await registerUser(db, { ...user, passwordHash }, null);
    if (!result.ok) throw new Error(result.message);
    created[key] = result.user;
  }
  return created;
}
