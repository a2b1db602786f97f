import { type LoaderFunctionArgs } from "@remix-run/node";
import { getQuestionSet } from "~/domain/question-set";
import { memberTemplateWorkbook, wideTemplateRows } from "~/domain/return-templates";
import { findAuthorityById } from "~/models/authority.server";
import { findReturn, readReturnValues } from "~/models/return.server";
import { getDb } from "~/utils/db.server";
import { requireMemberRound } from "~/utils/return-access.server";
import { requestedFormat, spreadsheetResponse } from "~/utils/spreadsheet-http.server";

/** The member's template for a round, filled in with their authority's answers as saved now: Excel or CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, round } = await requireMemberRound(request, params.slug);
  const db = getDb();
  const [authority, returnRow] = await Promise.all([
    findAuthorityById(db, member.authority_id),
    findReturn(db, round.id, member.authority_id),
  ]);
  const values = returnRow ? await readReturnValues(db, returnRow.id) : {};
  const questionSet = getQuestionSet(round.question_set_version);
  const identity = { code: authority!.code, name: authority!.name };
  const name = `${round.slug}-return-${identity.code}`;
  return requestedFormat(request) === "xlsx"
    ? spreadsheetResponse(name, {
        xlsx: memberTemplateWorkbook({ questionSet, round: { slug: round.slug, name: round.name }, authority: identity, values }),
      })
    : spreadsheetResponse(name, { csv: wideTemplateRows(questionSet, [{ authorityCode: identity.code, values }]) });
}
