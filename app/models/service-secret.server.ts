import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

/**
 * A secret generated once per database and kept in it: the first caller's random value wins (the
 * insert skips an existing name), and every later caller, on any app server, reads the same one.
 */
export async function readOrCreateServiceSecret(db: Kysely<Database>, name: string): Promise<string> {
  await db
    .insertInto("service_secrets")
    .values({ name, value: randomBytes(32).toString("base64url"), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("service_secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}
