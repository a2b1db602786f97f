import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce that lets Remix's inline scripts pass the Content-Security-Policy. */
    cspNonce: string;
    /** The client's address as Express sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
    clientIp: string;
    /** True when Remix will render a document (not single-fetch `.data`): figures then travel only in the markup. */
    documentRequest?: boolean;
    /** This request's server-rendered figures by element id, for entry.server's render (utils/figure-cache.server). */
    figureMarkup?: Map<string, string>;
    /**
     * The render is for the stored-page path (app/utils/stored-pages.server.ts): it is buffered whole
     * anyway, so it waits for all data and is the same bytes however fast that data came.
     */
    forStore?: boolean;
  }
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
