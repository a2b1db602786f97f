import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestContext } from "./auth.server";
import type { CookieSession } from "./session.server";

/**
 * One HTTP request's scope, from the server in front of Remix (scripts/server.mjs) to the last
 * loader (issue 17): the cookie is verified once and the request context (user, viewer, results
 * version) read in one query, however many `Request` objects Remix makes of the one HTTP request
 * (a single-fetch `.data` request builds its own) and whether or not the stored-page path asked
 * first. Nothing here outlives the request, so sign-in, sign-out, revocation, deactivation and
 * expiry are seen on the very next one.
 */
export interface RequestScope {
  /** The Cookie header the scope was opened for: a Request with any other cookie is not this request. */
  readonly cookie: string | null;
  session?: Promise<CookieSession>;
  context?: Promise<RequestContext>;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` as one request with this Cookie header (optionally with its context already known: a warm-up render). */
export function runInRequestScope<T>(cookie: string | null, fn: () => T, known: Omit<RequestScope, "cookie"> = {}): T {
  return scopes.run({ cookie, ...known }, fn);
}

/** The open scope, when `request` is the request it was opened for (same Cookie header), else undefined. */
export function requestScopeOf(request: Request): RequestScope | undefined {
  const scope = scopes.getStore();
  return scope && scope.cookie === request.headers.get("Cookie") ? scope : undefined;
}

/** The open scope; code in front of Remix runs only inside one. */
export function currentRequestScope(): RequestScope {
  const scope = scopes.getStore();
  if (!scope) throw new Error("No request scope is open: call runInRequestScope first (scripts/server.mjs does for every request)");
  return scope;
}
