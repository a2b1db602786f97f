import { randomBytes } from "node:crypto";
import { createCookieSessionStorage } from "@remix-run/node";
import { getEnv } from "./env.server";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

interface SessionData {
  userId: number;
  /** Fresh random id at every sign-in, so a cookie planted before sign-in is never promoted (session fixation). */
  sessionId: string;
  signedInAt: string;
}

interface FlashData {
  notice: string;
}

let storage: ReturnType<typeof createStorage> | undefined;

function createStorage() {
  const env = getEnv();
  return createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      secure: env.NODE_ENV === "production",
      path: "/",
      maxAge: SESSION_MAX_AGE_SECONDS,
      secrets: [env.SESSION_SECRET],
    },
  });
}

export function sessionStorage() {
  storage ??= createStorage();
  return storage;
}

export function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

/** A brand-new session for a user who has just proved who they are; nothing carries over from the old cookie. */
export async function createSignedInCookie(userId: number): Promise<string> {
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  session.set("sessionId", randomBytes(16).toString("hex"));
  session.set("signedInAt", new Date().toISOString());
  return sessionStorage().commitSession(session);
}

export async function destroySessionCookie(request: Request): Promise<string> {
  return sessionStorage().destroySession(await getSession(request));
}

/** A one-off message for the next page ("User created"), carried in the session cookie. */
export async function flashNotice(request: Request, notice: string): Promise<string> {
  const session = await getSession(request);
  session.flash("notice", notice);
  return sessionStorage().commitSession(session);
}

export function isSessionExpired(signedInAt: string | undefined, now = Date.now()): boolean {
  if (!signedInAt) return true;
  return now - Date.parse(signedInAt) > SESSION_MAX_AGE_SECONDS * 1000;
}
