import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  PageStore,
  type StoredPage,
  chooseEncoding,
  inlineScriptHashes,
  matchesEtag,
  pageKey,
  storedPageOf,
} from "~/utils/page-store.server";

const page = (bytes: number): StoredPage => {
  const body = Buffer.alloc(bytes);
  return {
    status: 200,
    headers: [],
    bodies: { identity: body, gzip: body, br: body },
    etags: { identity: '"a"', gzip: '"b"', br: '"c"' },
    bytes,
  };
};

describe("stored pages", () => {
  it("keeps the key's parts apart, so no two views or versions share a key", () => {
    const base = { resultsVersion: 7, build: "b1", view: "authority:1", url: "/results/r?metric=a" };
    const keys = new Set([
      pageKey(base),
      pageKey({ ...base, resultsVersion: 8 }),
      pageKey({ ...base, build: "b2" }),
      pageKey({ ...base, view: "authority:2" }),
      pageKey({ ...base, view: "group:1" }),
      pageKey({ ...base, view: "coordinator" }),
      pageKey({ ...base, url: "/results/r?metric=b" }),
    ]);
    expect(keys.size).toBe(7);
  });

  it("compresses once both ways, each with its own strong ETag", async () => {
    const html = Buffer.from("<p>hello</p>".repeat(500));
    const stored = await storedPageOf(200, [["Content-Type", "text/html"]], html);
    expect(gunzipSync(stored.bodies.gzip).equals(html)).toBe(true);
    expect(brotliDecompressSync(stored.bodies.br).equals(html)).toBe(true);
    expect(stored.bodies.br.length).toBeLessThan(html.length / 10);
    expect(new Set(Object.values(stored.etags)).size).toBe(3);
    expect(stored.etags.gzip).toMatch(/^"[\w-]+-gzip"$/);
    expect(stored.bytes).toBe(html.length + stored.bodies.gzip.length + stored.bodies.br.length);
  });

  it("chooses brotli, then gzip, as the browser accepts them", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip, deflate")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(chooseEncoding("identity")).toBe("identity");
    expect(chooseEncoding(undefined)).toBe("identity");
    expect(chooseEncoding("*")).toBe("br");
  });

  it("answers If-None-Match with the exact tag, a weak copy of it or *", () => {
    expect(matchesEtag('"x", "abc-br"', '"abc-br"')).toBe(true);
    expect(matchesEtag('W/"abc-br"', '"abc-br"')).toBe(true);
    expect(matchesEtag("*", '"abc-br"')).toBe(true);
    expect(matchesEtag('"abc-gzip"', '"abc-br"')).toBe(false);
    expect(matchesEtag(null, '"abc-br"')).toBe(false);
  });

  it("hashes each inline script once and leaves scripts with a src out", () => {
    const html = '<script>a()</script><script type="module">import "x";</script><script src="/x.js"></script><script>a()</script>';
    const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(inlineScriptHashes(html)).toEqual([sha("a()"), sha('import "x";')]);
  });

  it("drops the least recently used pages once over its byte budget", () => {
    const store = new PageStore(300);
    store.set("a", page(100));
    store.set("b", page(100));
    store.set("c", page(100));
    store.get("a");
    store.set("d", page(100));
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toBeDefined();
    expect(store.get("c")).toBeDefined();
    expect(store.bytes).toBe(300);
    store.set("huge", page(301));
    expect(store.get("huge")).toBeUndefined();
    expect(store.size).toBe(3);
  });

  it("renders a key once however many requests miss it at the same time", async () => {
    const store = new PageStore(10_000);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { stored: page(10) };
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.getOrRender<never>("k", render)));
    expect(renders).toBe(1);
    const pages = results.map((r) => ("stored" in r ? r.stored : null));
    expect(pages[0]).not.toBeNull();
    expect(pages.every((p) => p === pages[0])).toBe(true);
    expect((await store.getOrRender<never>("k", render)).hit).toBe(true);
    expect(renders).toBe(1);
  });

  it("never shares what was not storable: each waiting request renders its own", async () => {
    const store = new PageStore(10_000);
    let renders = 0;
    const render = async () => {
      const mine = ++renders;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { passThrough: mine };
    };
    const results = await Promise.all(Array.from({ length: 3 }, () => store.getOrRender("k", render)));
    expect(results.map((r) => ("passThrough" in r ? r.passThrough : null)).sort()).toEqual([1, 2, 3]);
    expect(store.size).toBe(0);
  });

  it("lets waiters render for themselves when the first render fails", async () => {
    const store = new PageStore(10_000);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (renders === 1) throw new Error("database gone");
      return { stored: page(10) };
    };
    const [first, second] = await Promise.allSettled([store.getOrRender<never>("k", render), store.getOrRender<never>("k", render)]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("fulfilled");
    expect(renders).toBe(2);
  });
});
