// The production HTTP server: Express in front of the Remix build. It owns what must hold for
// every request before a route runs: security headers with a per-request CSP nonce, the
// same-origin check on state-changing requests (CSRF), a body-size cap and static files.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const MAX_BODY_BYTES = Number(process.env.MAX_BODY_BYTES ?? 6 * 1024 * 1024);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const root = path.resolve(import.meta.dirname, "..");
const production = process.env.NODE_ENV === "production";

export function securityHeaders(nonce) {
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

function expectedOrigin(req) {
  return process.env.APP_ORIGIN ?? `${req.protocol}://${req.get("host")}`;
}

/** A state-changing request must come from our own pages: Origin (or, failing that, Referer) must be ours. */
function sameOriginOnly(req, res, next) {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = expectedOrigin(req);
  const origin = req.get("origin") ?? (req.get("referer") ? safeOrigin(req.get("referer")) : undefined);
  if (origin === expected) return next();
  res.status(403).type("text/plain").send("This request did not come from this service's own pages, so it was refused.");
}

function safeOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function bodySizeCap(req, res, next) {
  const length = Number(req.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send(`The request was too large: the limit is ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
    return;
  }
  next();
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
  if (process.env.MOCKS === "true") await startMocks();
  const build = await import(path.join(root, "build", "index.js"));
  const app = express();
  app.disable("x-powered-by");
  // Pages carry their chart markup twice (HTML and the data that hydrates it); gzip shrinks it ~10×.
  app.use(compression());
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);

  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.set(securityHeaders(res.locals.cspNonce));
    next();
  });
  // Static files only where they live, so page requests never touch the file system.
  app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y", fallthrough: false }));
  for (const folder of ["assets", "govuk"]) {
    app.use(`/${folder}`, express.static(path.join(root, "public", folder), { maxAge: "1d", fallthrough: false }));
  }
  app.get("/app.css", (req, res) => res.sendFile(path.join(root, "public", "app.css"), { maxAge: "1h" }));
  app.use(sameOriginOnly);
  app.use(bodySizeCap);
  app.all(
    "*",
    createRequestHandler({
      build: build.default ?? build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" }),
    }),
  );
  return app;
}

export async function listen(port = Number(process.env.PORT ?? 3000)) {
  const app = await createServer();
  const server = app.listen(port, () => {
    const address = server.address();
    console.log(`Benchmark Network listening on http://localhost:${typeof address === "object" ? address.port : port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) await listen();
