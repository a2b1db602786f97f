/**
 * Where a user may be sent after signing in: a path on this service and nothing else (no open
 * redirect). The target is normalised the way a browser will resolve it — WHATWG URL parsing drops
 * tabs and newlines and reads a backslash as a slash — and only a same-origin result that is still
 * a plain path is kept, in its normalised form, so what is checked is exactly what is sent.
 */
const PROBE_ORIGIN = "http://same-origin.invalid";

export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(target, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
