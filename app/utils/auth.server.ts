import { redirect } from "@remix-run/node";
import type { UserRow } from "../../db/schema";
import { type Permission, type Viewer, can, viewerOf } from "../domain/permissions";
import { findSessionContext } from "../models/session.server";
import { getDb } from "./db.server";
import { currentRequestScope, requestScopeOf } from "./request-scope.server";
import { type CookieSession, getSession, sessionIdHashOf, sessionStorage } from "./session.server";

export type SessionUser = Pick<UserRow, "id" | "email" | "name" | "role" | "authority_id" | "group_id">;
export type Member = SessionUser & { role: "member"; authority_id: number };
export type Coordinator = SessionUser & { role: "coordinator" };

/** Who is asking, as far as the server knows: read once per request (one cookie check, one query). */
export interface RequestContext {
  /** The signed-in, active user with a live server-side session; null otherwise. */
  user: SessionUser | null;
  /** The user as a viewer (role and scope); null when signed out or when the user's scope is missing. */
  viewer: Viewer | null;
  /** The SHA-256 of the session id (which row in `sessions`); null when signed out. */
  sessionIdHash: string | null;
  /** The results version read in the same query (app/models/results-version.server.ts); null when signed out. */
  resultsVersion: number | null;
  /** A one-off notice waits in the cookie, so this request's page is the one that shows it. */
  hasNotice: boolean;
}

const SIGNED_OUT: RequestContext = { user: null, viewer: null, sessionIdHash: null, resultsVersion: null, hasNotice: false };

async function contextOf(session: CookieSession, now: Date): Promise<RequestContext> {
  const idHash = sessionIdHashOf(session);
  if (!idHash) return SIGNED_OUT;
  const row = await findSessionContext(getDb(), idHash, now);
  if (!row) return SIGNED_OUT;
  const user: SessionUser = {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    authority_id: row.authority_id,
    group_id: row.group_id,
  };
  const resultsVersion = row.resultsVersion === null ? null : Number(row.resultsVersion);
  return { user, viewer: viewerOf(user), sessionIdHash: idHash, resultsVersion, hasNotice: session.has("notice") };
}

const contexts = new WeakMap<Request, Promise<RequestContext>>();

/**
 * The request's context, computed once per request however many loaders and guards ask. Signing
 * out, revocation and deactivation take effect on the very next request: nothing is cached across
 * requests.
 */
export function loadRequestContext(request: Request): Promise<RequestContext> {
  const scope = requestScopeOf(request);
  if (scope) return (scope.context ??= getSession(request).then((session) => contextOf(session, new Date())));
  let context = contexts.get(request);
  if (!context) contexts.set(request, (context = getSession(request).then((session) => contextOf(session, new Date()))));
  return context;
}

/**
 * The same for the request whose scope is open (app/utils/request-scope.server.ts): for code in
 * front of Remix that has no Request. Loaders of the same request then reuse it.
 */
export function loadScopedRequestContext(): Promise<RequestContext> {
  const scope = currentRequestScope();
  scope.session ??= sessionStorage().getSession(scope.cookie);
  return (scope.context ??= scope.session.then((session) => contextOf(session, new Date())));
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await loadRequestContext(request)).user;
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

export function forbidden(): Response {
  return new Response("You do not have permission to see this page.", { status: 403, statusText: "Forbidden" });
}

export function notFound(): Response {
  return new Response("Page not found", { status: 404, statusText: "Not Found" });
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) throw signInRedirect(request);
  return user;
}

/** The signed-in user and their viewer, when the permission table lets them do this; else sign-in or 403. */
export async function requirePermission(request: Request, permission: Permission): Promise<{ user: SessionUser; viewer: Viewer }> {
  const { user, viewer } = await loadRequestContext(request);
  if (!user) throw signInRedirect(request);
  if (!viewer || !can(viewer, permission)) throw forbidden();
  return { user, viewer };
}

export async function requireMember(request: Request): Promise<Member> {
  const { user, viewer } = await requirePermission(request, "returns.submit");
  if (viewer.kind !== "member") throw forbidden();
  return { ...user, role: "member", authority_id: viewer.authorityId };
}

export async function requireCoordinator(request: Request, permission: Permission = "rounds.manage"): Promise<Coordinator> {
  const { user, viewer } = await requirePermission(request, permission);
  if (viewer.kind !== "coordinator") throw forbidden();
  return { ...user, role: "coordinator" };
}
