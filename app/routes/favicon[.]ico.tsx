import { redirect } from "@remix-run/node";

/**
 * Browsers and bookmarking tools ask for /favicon.ico whatever the page links to: send them to the
 * icon the pages link to (GOV.UK Frontend's, served from our own origin).
 */
export function loader() {
  return redirect("/assets/images/favicon.ico", { status: 301, headers: { "Cache-Control": "public, max-age=86400" } });
}
