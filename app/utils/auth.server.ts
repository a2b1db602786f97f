import { redirect } from "@remix-run/node";
import type { Role, UserRow } from "../../db/schema";
import { findUserById } from "../models/user.server";
import { getDb } from "./db.server";
import { getSession, isSessionExpired } from "./session.server";

export type SessionUser = Pick<UserRow, "id" | "email" | "name" | "role" | "authority_id" | "group_id">;
export type Member = SessionUser & { role: "member"; authority_id: number };
export type RegionalViewer = SessionUser & { role: "regional_viewer"; group_id: number };
export type Coordinator = SessionUser & { role: "coordinator" };

/** The signed-in, active user, or null. Deactivation takes effect on the user's next request. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "number" || isSessionExpired(session.get("signedInAt"))) return null;
  const user = await findUserById(getDb(), userId);
  if (!user || user.active !== 1) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, authority_id: user.authority_id, group_id: user.group_id };
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

async function requireRole<R extends Role>(request: Request, role: R): Promise<SessionUser & { role: R }> {
  const user = await requireUser(request);
  if (user.role !== role) throw forbidden();
  return user as SessionUser & { role: R };
}

export async function requireMember(request: Request): Promise<Member> {
  return (await requireRole(request, "member")) as Member;
}

export async function requireRegionalViewer(request: Request): Promise<RegionalViewer> {
  return (await requireRole(request, "regional_viewer")) as RegionalViewer;
}

export async function requireCoordinator(request: Request): Promise<Coordinator> {
  return requireRole(request, "coordinator");
}

/** Only same-site paths may be redirected to after sign-in (no open redirects). */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}
