import { createHash, randomBytes } from "node:crypto";
import { type Session, createCookieSessionStorage } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { deleteSession, insertSession, pruneExpiredSessions } from "../models/session.server";
import { getEnv } from "./env.server";
import { requestScopeOf } from "./request-scope.server";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export interface SessionData {
  /**
   * Fresh random id at every sign-in (so a cookie planted before sign-in is never promoted: session
   * fixation). The server keeps its SHA-256 in `sessions`; the session lives exactly as long as that row.
   */
  sessionId: string;
}

export interface FlashData {
  notice: string;
}

export type CookieSession = Session<SessionData, FlashData>;

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

// One cookie verification per request, however many loaders, guards and flash messages ask for it.
const parsed = new WeakMap<Request, Promise<CookieSession>>();

/** The request's cookie session (verified once per request and shared). */
export function getSession(request: Request): Promise<CookieSession> {
  const scope = requestScopeOf(request);
  if (scope) return (scope.session ??= sessionStorage().getSession(scope.cookie));
  let session = parsed.get(request);
  if (!session) parsed.set(request, (session = sessionStorage().getSession(request.headers.get("Cookie"))));
  return session;
}

export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/** The hash under which the server keeps this cookie's session, or null when it carries none. */
export function sessionIdHashOf(session: CookieSession): string | null {
  const id = session.get("sessionId");
  return typeof id === "string" && id.length > 0 ? hashSessionId(id) : null;
}

/**
 * A brand-new session for a user who has just proved who they are: recorded on the server, with a
 * new random id in a new cookie; nothing carries over from the old cookie. Returns the Set-Cookie.
 */
export async function startSession(db: Kysely<Database>, userId: number, now = new Date()): Promise<string> {
  const sessionId = randomBytes(32).toString("base64url");
  await pruneExpiredSessions(db, now);
  await insertSession(db, {
    idHash: hashSessionId(sessionId),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
  });
  const session = await sessionStorage().getSession();
  session.set("sessionId", sessionId);
  return sessionStorage().commitSession(session);
}

/** Signs out: the server forgets the session (a copy of the cookie is worthless) and the browser drops it. */
export async function endSession(db: Kysely<Database>, request: Request): Promise<string> {
  const session = await getSession(request);
  const idHash = sessionIdHashOf(session);
  if (idHash) await deleteSession(db, idHash);
  return sessionStorage().destroySession(session);
}

/** A one-off message for the next page ("User created"), carried in the session cookie. */
export async function flashNotice(request: Request, notice: string): Promise<string> {
  const session = await getSession(request);
  session.flash("notice", notice);
  return sessionStorage().commitSession(session);
}
