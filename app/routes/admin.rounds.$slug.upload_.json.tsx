import { type ActionFunctionArgs } from "@remix-run/node";
import { importUploadedReturns } from "~/services/bulk-upload.server";
import { requireCoordinatorRound } from "~/utils/coordinator-access.server";
import { flashNotice } from "~/utils/session.server";

/**
 * The bulk upload for the page's script, which sends the file itself to show its progress: the same
 * import as the form's own action, answered in JSON instead of a page.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { coordinator, round } = await requireCoordinatorRound(request, params.slug);
  const outcome = await importUploadedReturns(request, round, coordinator);
  if (!outcome.ok) return Response.json(outcome, { status: 400 });
  return Response.json(
    { ok: true, redirectTo: `/admin/rounds/${round.slug}` },
    { headers: { "Set-Cookie": await flashNotice(request, outcome.notice) } },
  );
}
