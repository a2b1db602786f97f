import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { deleteUserSessions } from "~/models/session.server";
import { loadRequestContext } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { endSession } from "~/utils/session.server";

/**
 * Signing out ends this session on the server, so a copy of the cookie stops working too.
 * `scope=everywhere` ("Sign out everywhere", on the account page) ends every session the user has.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user } = await loadRequestContext(request);
  const db = getDb();
  if (user && form.get("scope") === "everywhere") await deleteUserSessions(db, user.id);
  return redirect("/login", { headers: { "Set-Cookie": await endSession(db, request) } });
}

// Signing out changes state, so it is a POST from the "Sign out" button; a GET just goes home.
export async function loader() {
  return redirect("/");
}
