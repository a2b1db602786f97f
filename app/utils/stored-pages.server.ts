import type { IncomingMessage, ServerResponse } from "node:http";
import { type Viewer, viewerOf } from "../domain/permissions";
import { readResultsVersion } from "../models/results-version.server";
import { listSignedInUsers } from "../models/session.server";
import { type RequestContext, loadScopedRequestContext } from "./auth.server";
import { getDb } from "./db.server";
import { PageStore, type StoredPage, chooseEncoding, inlineScriptHashes, matchesEtag, pageKey, storedPageOf } from "./page-store.server";
import { runInRequestScope } from "./request-scope.server";

/**
 * The stored-page path in front of Remix (issue 17, docs/performance.md): results pages, their
 * single-fetch `.data` and downloads depend only on the results version and the viewer's view, so
 * each is rendered once per key and then sent from memory. Order per request:
 *
 * 1. the session is validated and the user and results version read in one query — signing in or
 *    out, deactivation, revocation and expiry take effect on this very request, as on any page;
 * 2. only then is the store asked, under results version × build × view × URL;
 * 3. on a miss Remix renders it without a nonce (one render per key at a time); a 200 without a
 *    cookie is stored with gzip and brotli bodies, a strong ETag and a CSP that allows exactly the
 *    page's inline scripts by hash. Anything else goes to that request alone.
 *
 * On publish (announcePublished, after the publish transaction has committed) this app server
 * renders the round's common pages for the views of everyone signed in, in the background, under
 * the new results version, so that their first view is a hit; it starts each page only while no
 * GET is being answered, so it never delays a request by more than the one page it is rendering.
 * Other app servers render on their first request.
 */

/** Results pages, their single-fetch data and downloads: nothing under /results depends on who beyond the view. */
const STORABLE_PATH = /^\/results(?:\.data|\/[^/?]+(?:\/[^/?]+)?(?:\.data)?)?$/;

export function isStorablePath(pathname: string): boolean {
  return STORABLE_PATH.test(pathname);
}

/** The part of the key that says whose page it is: the view, never the user. */
export function viewKey(viewer: Viewer): string {
  switch (viewer.kind) {
    case "member":
      return `authority:${viewer.authorityId}`;
    case "regional_viewer":
      return `group:${viewer.groupId}`;
    case "coordinator":
      return "coordinator";
  }
}

/** The request's context when its page may come from the store, else null (signed out, a notice waiting…). */
function storableContext(context: RequestContext): (RequestContext & { viewer: Viewer; resultsVersion: number }) | null {
  if (!context.user || !context.viewer || context.resultsVersion === null || context.hasNotice) return null;
  return context as RequestContext & { viewer: Viewer; resultsVersion: number };
}

// Headers of a rendered page that are about that one response, never stored with it.
const PER_RESPONSE_HEADERS = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "date",
  "etag",
  "content-security-policy",
]);

/** The CSP for a stored page: the server's policy with its per-request nonce replaced by the page's script hashes. */
export function storedPageCsp(policy: string, hashes: readonly string[]): string {
  const sources = hashes.length > 0 ? hashes.join(" ") : "";
  return policy.replace(/'nonce-[^']*'/g, sources).replace(/ {2,}/g, " ");
}

/** 64 MiB: the explorer of one view is ~0.5 MB in its three encodings, so about a hundred pages of each kind. */
export const DEFAULT_STORE_BYTES = 64 * 1024 * 1024;

export interface StoredPagesOptions {
  /** Changes with every deploy (the Remix build's asset version). */
  build: string;
  maxBytes?: number;
  /** The server's Content-Security-Policy; its nonce source is replaced by each stored page's script hashes. */
  contentSecurityPolicy: string;
  /** Renders a GET of this path and query through Remix with no cookie and no CSP nonce (a warm-up render). */
  renderPath: (url: string) => Promise<Response>;
}

type PassThrough = Response;

/** The pages a view opens first in a round: the overview and the two tabs beside it, as the layout links them. */
export function commonPagesOf(slug: string): string[] {
  return [`/results/${slug}`, `/results/${slug}/explore`, `/results/${slug}/compare`];
}

/**
 * At most this many views are warmed after a publish, members' and regional viewers' first, each the
 * most recently signed-in first; the rest render on first view.
 */
export const MAX_WARMED_VIEWS = 60;

const publishListeners = new Set<(slug: string) => void>();

/**
 * Says that a round has just been published (call it after the transaction has committed): the
 * stored-page path of this app server then warms its common pages, off the request path.
 */
export function announcePublished(slug: string): void {
  for (const listener of publishListeners) listener(slug);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createStoredPages(options: StoredPagesOptions) {
  const store = new PageStore(options.maxBytes ?? DEFAULT_STORE_BYTES);

  // GETs being answered now: the warm-up starts each page only when there are none, so it never
  // competes for the one thread with a request (a view's first request after a publish renders at
  // once, and its page is then a hit for the warm-up too).
  let inFlight = 0;
  let whenIdle: Array<() => void> = [];
  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve)));
  const requestEnded = () => {
    if (--inFlight > 0) return;
    const waiting = whenIdle;
    whenIdle = [];
    for (const resolve of waiting) resolve();
  };

  async function renderForStore(render: () => Promise<Response>): Promise<{ stored: StoredPage } | { passThrough: PassThrough }> {
    const response = await render();
    if (response.status !== 200 || response.headers.has("set-cookie") || !response.body) return { passThrough: response };
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Array<[string, string]> = [];
    for (const [name, value] of response.headers) if (!PER_RESPONSE_HEADERS.has(name)) headers.push([name, value]);
    const type = response.headers.get("content-type") ?? "";
    const hashes = /html|x-script/.test(type) ? inlineScriptHashes(body.toString("utf8")) : [];
    headers.push(["Content-Security-Policy", storedPageCsp(options.contentSecurityPolicy, hashes)]);
    return { stored: await storedPageOf(200, headers, body) };
  }

  /**
   * Renders the round's common pages for the views of everyone signed in now, one page at a time
   * and yielding between them, so requests keep being served. Each render is as that view's own
   * first request would make it: the same key, the same one-render-at-a-time rule.
   */
  async function warm(slug: string): Promise<void> {
    const started = performance.now();
    const db = getDb();
    const resultsVersion = await readResultsVersion(db);
    const views = new Map<string, RequestContext & { viewer: Viewer }>();
    // Members and regional viewers first (the published round is for them; the coordinator who
    // published has just seen its preview), each most recently signed in first.
    const users = await listSignedInUsers(db, new Date());
    const byAudience = [...users.filter((user) => user.role !== "coordinator"), ...users.filter((user) => user.role === "coordinator")];
    for (const user of byAudience) {
      const viewer = viewerOf(user);
      if (!viewer || views.size >= MAX_WARMED_VIEWS) continue;
      const view = viewKey(viewer);
      if (!views.has(view)) views.set(view, { user, viewer, sessionIdHash: null, resultsVersion, hasNotice: false });
    }
    let warmed = 0;
    for (const [view, context] of views) {
      for (const url of commonPagesOf(slug)) {
        await nextTurn();
        await idle();
        const key = pageKey({ resultsVersion, build: options.build, view, url });
        const result = await runInRequestScope(null, () => store.getOrRender(key, () => renderForStore(() => options.renderPath(url))), {
          context: Promise.resolve(context),
        });
        if ("stored" in result && !result.hit) warmed++;
      }
    }
    console.info(
      `Stored pages: warmed ${warmed} pages of ${slug} for ${views.size} signed-in views (results version ${resultsVersion}) in ${Math.round(performance.now() - started)} ms`,
    );
  }

  publishListeners.add((slug) => {
    setImmediate(() => void warm(slug).catch((error: unknown) => console.warn(`Stored pages: warming ${slug} failed:`, error)));
  });

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    acceptEncoding: string | undefined,
    page: StoredPage,
    state: "hit" | "miss",
  ): void {
    const encoding = chooseEncoding(acceptEncoding);
    const etag = page.etags[encoding];
    for (const [name, value] of page.headers) res.setHeader(name, value);
    res.setHeader("ETag", etag);
    // Each copy belongs to a session's view: browsers may keep it, shared caches may not, and it is
    // checked again (a cheap 304) on every use, so a sign-out or a republish is seen at once.
    res.setHeader("Cache-Control", "private, no-cache");
    res.setHeader("Vary", "Accept-Encoding, Cookie");
    res.setHeader("X-Stored-Page", state);
    if (matchesEtag(req.headers["if-none-match"], etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = page.status;
    if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
    const body = page.bodies[encoding];
    res.setHeader("Content-Length", body.length);
    res.end(body);
  }

  return {
    store,
    /** Warms a round's common pages now (what announcePublished starts in the background). */
    warm,
    /**
     * Serves a GET from the store, rendering it first on a miss (with `render`), and returns null.
     * Returns "not-storable" (nothing written: let Remix answer as usual), or the rendered Response
     * to send when the page turned out not to be storable (a redirect, an error, a cookie set).
     * `acceptEncoding` is the header as the browser sent it. Runs inside the request's scope.
     */
    async handle(
      req: IncomingMessage,
      res: ServerResponse,
      request: { pathname: string; url: string; acceptEncoding: string | undefined; render: () => Promise<Response> },
    ): Promise<Response | null | "not-storable"> {
      const { pathname, url, acceptEncoding } = request;
      if (req.method !== "GET" || !isStorablePath(pathname)) return "not-storable";
      inFlight++;
      try {
        const context = storableContext(await loadScopedRequestContext());
        if (!context) return "not-storable";
        const key = pageKey({ resultsVersion: context.resultsVersion, build: options.build, view: viewKey(context.viewer), url });
        const result = await store.getOrRender(key, () => renderForStore(request.render));
        if ("stored" in result) {
          send(req, res, acceptEncoding, result.stored, result.hit ? "hit" : "miss");
          return null;
        }
        return result.passThrough;
      } finally {
        requestEnded();
      }
    },
  };
}
