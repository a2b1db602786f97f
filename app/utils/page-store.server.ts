import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, gzip } from "node:zlib";

/**
 * Stored pages (issue 17): a published round's results pages do not change until the results
 * version moves, so each is rendered once per (results version × build × viewer's view × URL) and
 * then served from memory, already compressed, with a strong ETag. Nothing but the key invalidates
 * an entry: the version is read with the signed-in user in the request's one query, so a change
 * committed on one app server is seen by every other on its very next request. Entries that are not
 * used are dropped least-recently-used first once the store holds more than its byte budget.
 */

export type Encoding = "br" | "gzip" | "identity";

export interface StoredPage {
  status: number;
  /** Response headers to send with every copy (Content-Type, Cache-Control, CSP…), no Content-Encoding. */
  headers: ReadonlyArray<readonly [string, string]>;
  bodies: Readonly<Record<Encoding, Buffer>>;
  /** Strong ETags, one per encoding (different bytes, different tag). */
  etags: Readonly<Record<Encoding, string>>;
  /** What the entry costs the store: its three bodies. */
  bytes: number;
}

export interface PageKeyParts {
  resultsVersion: number;
  build: string;
  /** The viewer's view: "authority:12", "group:3" or "coordinator" — never the user. */
  view: string;
  /** Path and query string, exactly as requested. */
  url: string;
}

export function pageKey(parts: PageKeyParts): string {
  return `${parts.resultsVersion}\u0000${parts.build}\u0000${parts.view}\u0000${parts.url}`;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

// Compressed once per entry, so a better ratio than per-request compression could afford; brotli at
// quality 11 would cost ~0.3 s for the explorer, beyond the 150 ms a miss may take.
const GZIP_LEVEL = 9;
const BROTLI_QUALITY = 7;

function etagOf(body: Buffer, encoding: Encoding): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}-${encoding}"`;
}

/** Makes a stored page from a rendered one: compresses it both ways (on the thread pool, in parallel). */
export async function storedPageOf(status: number, headers: ReadonlyArray<readonly [string, string]>, body: Buffer): Promise<StoredPage> {
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(body, { level: GZIP_LEVEL }),
    brotliAsync(body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  ]);
  const bodies = { identity: body, gzip: gzipped, br: brotli };
  return {
    status,
    headers,
    bodies,
    etags: { identity: etagOf(body, "identity"), gzip: etagOf(gzipped, "gzip"), br: etagOf(brotli, "br") },
    bytes: body.length + gzipped.length + brotli.length,
  };
}

/**
 * The encoding to send for an Accept-Encoding header: brotli, then gzip, when accepted with a
 * non-zero q; otherwise the identity body.
 */
export function chooseEncoding(acceptEncoding: string | null | undefined): Encoding {
  if (!acceptEncoding) return "identity";
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name!.trim(), q ? Number(q[1]) : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return "identity";
}

/** Whether an If-None-Match header names this ETag (or is "*"), so a 304 may be sent. */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const trimmed = tag.trim();
    return trimmed === "*" || trimmed === etag || trimmed === `W/${etag}`;
  });
}

/**
 * The SHA-256 sources of a page's inline scripts, for a Content-Security-Policy that allows exactly
 * them: a stored page is sent to many requests, so it cannot carry a per-request nonce.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1]!)) continue;
    hashes.add(`'sha256-${createHash("sha256").update(match[2]!, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/**
 * An in-process store of pages, bounded by bytes, least recently used dropped first, that renders
 * each key at most once at a time: concurrent misses for one key wait for the first render.
 */
export class PageStore {
  private readonly entries = new Map<string, StoredPage>();
  private readonly rendering = new Map<string, Promise<StoredPage | null>>();
  private totalBytes = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): StoredPage | undefined {
    const page = this.entries.get(key);
    if (page) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.entries.delete(key);
      this.entries.set(key, page);
    }
    return page;
  }

  set(key: string, page: StoredPage): void {
    if (page.bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.totalBytes -= old.bytes;
    }
    this.entries.set(key, page);
    this.totalBytes += page.bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.totalBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
    }
  }

  /**
   * The stored page for `key`, or what `render` makes of a miss: `{ stored }` is kept and shared
   * with every request that waited for it; `{ passThrough }` (not storable: a redirect, an error, a
   * page that set a cookie) goes only to the request that rendered it, and each waiting request then
   * renders for itself.
   */
  async getOrRender<T>(key: string, render: () => Promise<RenderResult<T>>): Promise<RenderResult<T> & { hit: boolean }> {
    const stored = this.get(key);
    if (stored) return { stored, hit: true };
    const pending = this.rendering.get(key);
    if (pending) {
      const shared = await pending;
      if (shared) return { stored: shared, hit: false };
      return { ...(await render()), hit: false };
    }
    const rendering = render();
    // A failed render is the renderer's to report; waiters then render for themselves.
    const storedOrNull = rendering.then(
      (result) => ("stored" in result ? result.stored : null),
      () => null,
    );
    this.rendering.set(key, storedOrNull);
    try {
      const result = await rendering;
      if ("stored" in result) this.set(key, result.stored);
      return { ...result, hit: false };
    } finally {
      this.rendering.delete(key);
    }
  }
}

export type RenderResult<T> = { stored: StoredPage } | { passThrough: T };
