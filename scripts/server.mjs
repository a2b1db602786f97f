// The production HTTP server: Express in front of the Remix build. It owns what must hold for
// every request before a route runs: security headers with a per-request CSP nonce, the
// same-origin check on state-changing requests (CSRF), a body-size cap counted on the stream, the
// trusted-proxy setting and static files. Its configuration comes from the app's one zod schema
// (app/utils/env.server.ts), exported by the build's server entry.
import { randomBytes } from "node:crypto";
import path from "node:path";
import remixNode from "@remix-run/node";
import compression from "compression";
import express from "express";

const { createRequestHandler, writeReadableStreamToWritable } = remixNode;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const root = path.resolve(import.meta.dirname, "..");

export function securityHeaders(nonce, production) {
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

function safeOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * A state-changing request must come from our own pages: its Origin (or, failing that, Referer) must
 * be the configured APP_ORIGIN. Never compared with the Host header, which the sender chooses.
 */
function sameOriginOnly(appOrigin) {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin") ?? (req.get("referer") ? safeOrigin(req.get("referer")) : undefined);
    if (origin === appOrigin) return next();
    res.status(403).type("text/plain").send("This request did not come from this service's own pages, so it was refused.");
  };
}

class BodyTooLarge extends Error {}

function tooLarge(req, res, maxBodyBytes) {
  // The rest of the body is read and thrown away (never kept), so the client sees the answer
  // instead of a broken pipe; Node's request timeout bounds a client that never stops sending.
  req.resume();
  res
    .status(413)
    .type("text/plain")
    .send(`The request was too large: the limit is ${(maxBodyBytes / 1024 / 1024).toFixed(1)} MB.`);
}

/** The body, counted as it arrives (chunked bodies too): past the cap it stops reading and throws. */
async function readCappedBody(req, maxBodyBytes) {
  const chunks = [];
  let total = 0;
  for await (const chunk of req) {
    total += chunk.length;
    if (total > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The request's headers as Remix sees them: the Host (and any X-Forwarded-Host) are the configured origin's. */
function requestHeaders(req, appHost) {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (values === undefined || name === "host" || name === "x-forwarded-host") continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  headers.set("host", appHost);
  return headers;
}

/** Remix's answer onto the Express response, as @remix-run/express sends it. */
async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Hands the request to Remix, as @remix-run/express would, except that (1) the body is read with the
 * cap above, and (2) the URL Remix sees is built on the configured origin, so no route can ever read
 * the Host header (or X-Forwarded-Host) a client sent.
 */
function remixHandler(build, env, serverEntry) {
  const handle = createRequestHandler(build, env.NODE_ENV);
  const appHost = new URL(env.APP_ORIGIN).host;
  // Results pages rendered once per results version and view, sent pre-compressed (issue 17).
  const storedPages = serverEntry.createStoredPages({
    build: build.assets.version,
    contentSecurityPolicy: securityHeaders("stored-page", env.NODE_ENV === "production")["Content-Security-Policy"],
    // A warm-up render after a publish: no cookie (its request scope carries the view), no client.
    renderPath: (url) =>
      handle(new Request(`${env.APP_ORIGIN}${url}`, { method: "GET", headers: { host: appHost } }), {
        cspNonce: undefined,
        clientIp: "warm-up",
        // The common pages are documents: figures travel in the markup only.
        documentRequest: true,
        forStore: true,
      }),
  });
  // One scope per request: its cookie is verified once and its user and results version read in
  // one query, shared by the stored-page path and every loader (app/utils/request-scope.server.ts).
  return (req, res, next) => serverEntry.runInRequestScope(req.headers.cookie ?? null, () => handleRequest(req, res, next));
  async function handleRequest(req, res, next) {
    try {
      if (!req.originalUrl.startsWith("/")) {
        res.status(400).type("text/plain").send("Bad request");
        return;
      }
      if (req.method === "GET") {
        const stored = await storedPages.handle(req, res, {
          pathname: req.path,
          url: req.originalUrl,
          acceptEncoding: res.locals.acceptEncoding,
          render: () =>
            handle(new Request(`${env.APP_ORIGIN}${req.originalUrl}`, { method: "GET", headers: requestHeaders(req, appHost) }), {
              cspNonce: undefined,
              clientIp: req.ip ?? "unknown",
              documentRequest: !req.path.endsWith(".data"),
              forStore: true,
            }),
        });
        if (stored === null) return;
        if (stored !== "not-storable") return await sendResponse(res, stored);
      }
      const declared = Number(req.get("content-length") ?? 0);
      if (declared > env.MAX_BODY_BYTES) return tooLarge(req, res, env.MAX_BODY_BYTES);
      let body;
      if (req.method !== "GET" && req.method !== "HEAD") {
        try {
          body = await readCappedBody(req, env.MAX_BODY_BYTES);
        } catch (error) {
          if (error instanceof BodyTooLarge) return tooLarge(req, res, env.MAX_BODY_BYTES);
          throw error;
        }
      }
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const request = new Request(`${env.APP_ORIGIN}${req.originalUrl}`, {
        method: req.method,
        headers: requestHeaders(req, appHost),
        body,
        signal: controller.signal,
      });
      // A document carries each server-rendered figure once, in its markup (not again in its data).
      const documentRequest = !req.path.endsWith(".data");
      const response = await handle(request, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown", documentRequest });
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  }
}

/**
 * MOCKS=true puts the msw stand-ins of test/mocks in front of every outbound request (GOV.UK Notify),
 * for development and the tests, loading the TypeScript handlers through tsx. msw is a
 * devDependency, so this needs a full `npm ci`; a production install never sets MOCKS.
 */
async function startMocks() {
  const { tsImport } = await import("tsx/esm/api");
  const { startMockServer } = await tsImport("../test/mocks/index.ts", import.meta.url);
  startMockServer();
}

export async function createServer() {
  const imported = await import(path.join(root, "build", "index.js"));
  const build = imported.default ?? imported;
  const serverEntry = build.entry.module;
  // Parsed once by the app's schema; a bad or missing value (APP_ORIGIN in production) stops the server here.
  const env = serverEntry.getEnv();
  if (env.MOCKS) await startMocks();
  serverEntry.startOutboxWorker();

  const app = express();
  app.disable("x-powered-by");
  // Stored pages are compressed once, brotli and gzip (app/utils/stored-pages.server.ts), and see
  // Accept-Encoding as sent. Everything else is gzipped per response at level 4, never brotli:
  // `compression` brotli-streams each chunk on the thread pool, which cost more than it saved.
  app.use((req, res, next) => {
    const sent = req.headers["accept-encoding"];
    res.locals.acceptEncoding = sent;
    if (sent) req.headers["accept-encoding"] = sent.replace(/\bbr\b(\s*;\s*q=[0-9.]+)?\s*,?\s*/gi, "");
    next();
  });
  app.use(compression({ level: 4 }));
  // Which proxies may say who the client is (X-Forwarded-For): hop count or addresses, never "any".
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.set(securityHeaders(res.locals.cspNonce, env.NODE_ENV === "production"));
    next();
  });
  // Static files only where they live, so page requests never touch the file system.
  app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y", fallthrough: false }));
  for (const folder of ["assets", "govuk"]) {
    app.use(`/${folder}`, express.static(path.join(root, "public", folder), { maxAge: "1d", fallthrough: false }));
  }
  // app.css on every page; pack.css, the briefing pack's A4 print stylesheet, on that page only.
  for (const file of ["app.css", "pack.css"]) {
    app.get(`/${file}`, (req, res) => res.sendFile(path.join(root, "public", file), { maxAge: "1h" }));
  }
  app.use(sameOriginOnly(env.APP_ORIGIN));
  app.all("*", remixHandler(build, env, serverEntry));
  return { app, env };
}

export async function listen() {
  const { app, env } = await createServer();
  const server = app.listen(env.PORT, () => {
    const address = server.address();
    console.log(
      `Benchmark Network listening on http://localhost:${typeof address === "object" ? address.port : env.PORT} (${env.APP_ORIGIN})`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) await listen();
