import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { POLICIES } from "../domain/policy-comparisons";

/**
 * The yes/no policy answers of a round's approved returns, by authority id (one query). Identified:
 * only the comparisons of domain/policy-comparisons may turn them into what a viewer sees.
 */
export async function readApprovedPolicyAnswers(db: Kysely<Database>, roundId: number): Promise<Map<number, Record<string, boolean>>> {
  const rows = await db
    .selectFrom("return_values")
    .innerJoin("returns", "returns.id", "return_values.return_id")
    .select(["returns.authority_id", "return_values.field_key", "return_values.boolean_value"])
    .where("returns.round_id", "=", roundId)
    .where("returns.status", "=", "approved")
    .where(
      "return_values.field_key",
      "in",
      POLICIES.map((policy) => policy.key),
    )
    .where("return_values.boolean_value", "is not", null)
    .execute();
  const byAuthority = new Map<number, Record<string, boolean>>();
  for (const row of rows) {
    const answers = byAuthority.get(row.authority_id) ?? {};
    answers[row.field_key] = row.boolean_value === 1;
    byAuthority.set(row.authority_id, answers);
  }
  return byAuthority;
}
