import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { destroySessionCookie } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await destroySessionCookie(request) } });
}

// Signing out changes state, so it is a POST from the "Sign out" button; a GET just goes home.
export async function loader() {
  return redirect("/");
}
