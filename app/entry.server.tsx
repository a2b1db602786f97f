import { PassThrough } from "node:stream";
import { type AppLoadContext, type EntryContext, createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { FigureMarkup } from "./components/figure-slot";
import { NonceProvider } from "./utils/nonce";

// For scripts/server.mjs, which runs in front of Remix: the configuration (parsed by the app's one
// schema), the outbox worker it starts once its mocks are in place (every app server delivers the
// outbox, whoever queued the messages), the request scope (one cookie check and one query a request)
// and the stored-page path.
export { getEnv } from "./utils/env.server";
export { startOutboxWorker } from "./utils/outbox-worker.server";
export { runInRequestScope } from "./utils/request-scope.server";
export { createStoredPages } from "./utils/stored-pages.server";

const ABORT_DELAY = 5_000;

export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Bots and stored pages get the whole document at once: a stored page is kept as bytes, and must
  // not depend on whether the data was ready when the shell was.
  const waitForAll = loadContext.forStore === true || isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cleared when the render finishes: a pending timer keeps the whole render's state alive for
    // its 6 seconds (379 MB resident under load against 230 MB with it cleared, issue 17).
    const abortTimer = setTimeout(() => abort(), ABORT_DELAY + 1000);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <FigureMarkup.Provider value={loadContext.figureMarkup ?? null}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </FigureMarkup.Provider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) respond();
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onAllReady() {
          clearTimeout(abortTimer);
          if (waitForAll) respond();
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell has streamed would otherwise vanish; log them once here.
          if (shellRendered) console.error(error);
        },
      },
    );
    function respond() {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    }
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
