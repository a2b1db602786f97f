/**
 * The attacker's reading of the site: signed in as a member or regional viewer over real HTTP, it
 * follows every same-site link from the home page and the results, submits every GET form with
 * every combination of its choices (or each choice in turn when the combinations are too many),
 * fetches each page's single-fetch `.data` response, and keeps every download (CSV and Excel). Routes
 * are found only by following what the pages offer, so a page added later is read too.
 */
import { execFileSync } from "node:child_process";
import ExcelJS from "exceljs";
import { type TestClient } from "../support/client";

export type DocumentKind = "html" | "csv" | "xlsx" | "data" | "svg" | "pdf" | "other";

export interface CrawledDocument {
  url: string;
  status: number;
  kind: DocumentKind;
  /** HTML, CSV or the decoded `.data` as JSON text. */
  text: string;
  /** Spreadsheet sheets as rows of cells (CSV: one sheet). */
  sheets?: string[][][];
  /** The decoded single-fetch payload. */
  data?: unknown;
}

export interface CrawlOptions {
  /** Stop after this many documents (a guard against a loop of ever-new URLs). */
  maxDocuments?: number;
  /** A GET form whose choices multiply to more than this is varied one field at a time instead. */
  maxCombinations?: number;
  concurrency?: number;
  /** Only paths this accepts are followed (pooled attackers read only the rounds they add to). */
  scope?: (path: string) => boolean;
}

/**
 * URLs that differ only in choices the app is known to treat alike are read once, under one form
 * (each equivalence is the app's own code, named here):
 * - `terms=real` turns only a unit cost into its real-terms twin (`resolveMetricChoice`); for any other
 *   metric it gives the cash page, and `terms=cash` is the default;
 * - the compare page's x defaults to `ehcp_rate_per_10k` (`results.$slug.compare.tsx`);
 * - a figure's PNG is its SVG rasterised, and its Excel file its CSV's table in a sheet
 *   (`results.$slug.figure.tsx`: both from the same chart and the same table).
 */
export function canonical(url: URL): URL | null {
  const params = url.searchParams;
  const metric = params.get("metric") ?? "unit_cost.send";
  if (params.get("terms") === "cash" || (params.get("terms") === "real" && !/^(real_)?unit_cost\./.test(metric))) params.delete("terms");
  if (/\/compare(\.data)?$/.test(url.pathname) && params.has("y") && !params.has("x")) params.set("x", "ehcp_rate_per_10k");
  if (/\/figure$/.test(url.pathname) && (params.get("format") === "png" || params.get("format") === "xlsx")) return null;
  return url;
}

const SKIPPED_PATHS = [
  /^\/logout/,
  /^\/login/,
  /^\/forgot-password/,
  /^\/set-password/,
  /^\/build\//,
  /^\/assets\//,
  /^\/favicon/,
  /\.(css|js|ico|png|svg|woff2?|map)$/,
];

export class Crawler {
  readonly documents = new Map<string, CrawledDocument>();
  private readonly queue: string[] = [];
  private readonly seen = new Set<string>();
  private readonly dataPaths = new Set<string>();
  readonly forms: Array<{ page: string; action: string; fields: Record<string, string[]> }> = [];

  constructor(
    readonly client: TestClient,
    private readonly options: CrawlOptions = {},
  ) {}

  /** Crawls from the start paths until nothing new is linked; returns the documents read. */
  async crawl(starts: readonly string[] = ["/", "/results"]): Promise<Map<string, CrawledDocument>> {
    for (const start of starts) this.enqueue(start);
    const concurrency = this.options.concurrency ?? 4;
    const maxDocuments = this.options.maxDocuments ?? 6_000;
    const workers = Array.from({ length: concurrency }, async () => {
      while (this.queue.length > 0 && this.documents.size < maxDocuments) {
        const next = this.queue.shift()!;
        await this.visit(next);
      }
    });
    await Promise.all(workers);
    return this.documents;
  }

  enqueue(url: string) {
    const normal = normalise(url, this.client.baseUrl);
    if (!normal || this.seen.has(normal)) return;
    if (this.options.scope && !this.options.scope(normal)) return;
    this.seen.add(normal);
    this.queue.push(normal);
  }

  private async visit(url: string) {
    const response = await this.client.get(url);
    const type = response.headers.get("content-type") ?? "";
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      this.documents.set(url, { url, status: response.status, kind: "other", text: location ?? "" });
      if (location) this.enqueue(location);
      return;
    }
    if (type.includes("text/html")) {
      const html = await response.text();
      this.documents.set(url, { url, status: response.status, kind: "html", text: html, data: await inlineLoaderData(html) });
      if (response.status === 200) {
        for (const link of links(html)) this.enqueue(link);
        for (const form of getForms(html, url)) {
          this.forms.push({ page: url, ...form });
          for (const query of formQueries(form.fields, this.options.maxCombinations ?? 150)) this.enqueue(`${form.action}?${query}`);
        }
        // Every page's loader data is read from the page itself (the same stream); the `.data`
        // endpoint is fetched once per route path, with that page's query.
        const pathname = url.replace(/\?.*$/, "");
        if (!this.dataPaths.has(pathname)) {
          this.dataPaths.add(pathname);
          await this.visitData(url);
        }
      }
      return;
    }
    if (type.includes("text/csv")) {
      const text = await response.text();
      this.documents.set(url, { url, status: response.status, kind: "csv", text, sheets: [parseCsv(text)] });
      return;
    }
    if (type.includes("application/pdf")) {
      // The PDF's text as poppler's pdftotext reads it (laid out, so table rows stay on one line).
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: bytes, maxBuffer: 64 * 1024 * 1024 }).toString();
      this.documents.set(url, { url, status: response.status, kind: "pdf", text });
      return;
    }
    if (type.includes("image/svg")) {
      this.documents.set(url, { url, status: response.status, kind: "svg", text: await response.text() });
      return;
    }
    if (type.includes("spreadsheetml")) {
      const bytes = Buffer.from(await response.arrayBuffer());
      const sheets = await readXlsx(bytes);
      this.documents.set(url, {
        url,
        status: response.status,
        kind: "xlsx",
        text: sheets.map((s) => s.map((r) => r.join(",")).join("\n")).join("\n\n"),
        sheets,
      });
      return;
    }
    this.documents.set(url, { url, status: response.status, kind: "other", text: await response.text() });
  }

  /** The same page's single-fetch data, as the browser asks for it on client-side navigation. */
  private async visitData(pageUrl: string) {
    const url = new URL(pageUrl, this.client.baseUrl);
    const dataPath = url.pathname === "/" ? "/_root.data" : `${url.pathname.replace(/\/$/, "")}.data`;
    const dataUrl = `${dataPath}${url.search}`;
    const response = await this.client.get(dataUrl);
    if (response.status !== 200 || !response.body) {
      this.documents.set(dataUrl, { url: dataUrl, status: response.status, kind: "other", text: await response.text() });
      return;
    }
    const data = await decodeSingleFetch(response.body);
    this.documents.set(dataUrl, { url: dataUrl, status: response.status, kind: "data", text: JSON.stringify(data), data });
  }
}

/** The loader data Remix streams inside the page (the same turbo-stream the `.data` endpoint serves). */
async function inlineLoaderData(html: string): Promise<unknown> {
  const chunks = [...html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\)/g)].map((match) => JSON.parse(match[1]!) as string);
  if (chunks.length === 0) return undefined;
  const bytes = new TextEncoder().encode(chunks.join(""));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return decodeSingleFetch(body);
}

async function decodeSingleFetch(body: ReadableStream<Uint8Array>): Promise<unknown> {
  // Remix's own decoder, with its plugins for redirects, errors and the like.
  const { decodeViaTurboStream } = (await import("@remix-run/react/dist/single-fetch")) as {
    decodeViaTurboStream: (body: ReadableStream<Uint8Array>, global: typeof globalThis) => Promise<{ done: Promise<void>; value: unknown }>;
  };
  const decoded = await decodeViaTurboStream(body, globalThis);
  await decoded.done;
  return decoded.value;
}

/** A same-site path with its query, or null for another site, a skipped path or a fragment. */
export function normalise(href: string, baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(href, baseUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(baseUrl).origin) return null;
  if (SKIPPED_PATHS.some((pattern) => pattern.test(url.pathname))) return null;
  if (!canonical(url)) return null;
  url.searchParams.sort();
  return `${url.pathname}${url.search}`;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;|&#160;|&#xa0;/gi, " ")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)));
}

function links(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"/g)]
    .map((match) => decodeEntities(match[1]!))
    .filter((href) => !href.startsWith("#") && !href.startsWith("mailto:"));
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]!) : null;
}

/** Every GET form on the page: its action and, per field, the values it offers. */
export function getForms(html: string, pageUrl: string): Array<{ action: string; fields: Record<string, string[]> }> {
  const forms: Array<{ action: string; fields: Record<string, string[]> }> = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const open = match[1]!;
    const method = (attribute(open, "method") ?? "get").toLowerCase();
    if (method !== "get") continue;
    const page = new URL(pageUrl, "http://x");
    const action = attribute(open, "action") ?? page.pathname;
    const body = match[2]!;
    const fields: Record<string, string[]> = {};
    const add = (name: string | null, value: string) => {
      if (!name) return;
      const list = (fields[name] ??= []);
      if (!list.includes(value)) list.push(value);
    };
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attribute(select[1]!, "name");
      for (const option of select[2]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)) {
        add(name, attribute(option[1]!, "value") ?? decodeEntities(option[2]!.replace(/<[^>]+>/g, "").trim()));
      }
    }
    for (const input of body.matchAll(/<input\b([^>]*)>/g)) {
      const tag = input[1]!;
      const type = (attribute(tag, "type") ?? "text").toLowerCase();
      const name = attribute(tag, "name");
      const value = attribute(tag, "value") ?? "";
      if (type === "radio" || type === "hidden") add(name, value);
      else if (type === "checkbox") {
        add(name, value || "on");
        if (name) add(name, "");
      } else if (type !== "submit" && type !== "button" && value !== "") add(name, value);
    }
    forms.push({ action: new URL(action, page).pathname, fields });
  }
  return forms;
}

/** Query strings covering a form's choices: every combination, or each field's choices in turn. */
export function formQueries(fields: Record<string, string[]>, maxCombinations: number): string[] {
  const names = Object.keys(fields).filter((name) => fields[name]!.length > 0);
  const total = names.reduce((product, name) => product * fields[name]!.length, 1);
  const build = (choice: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const name of names) if (choice[name] !== "") params.set(name, choice[name]!);
    return params.toString();
  };
  if (total <= maxCombinations) {
    let combos: Array<Record<string, string>> = [{}];
    for (const name of names) combos = combos.flatMap((combo) => fields[name]!.map((value) => ({ ...combo, [name]: value })));
    return combos.map(build);
  }
  // Too many: each field's choices in turn, the others at their first choice.
  const defaults = Object.fromEntries(names.map((name) => [name, fields[name]![0]!]));
  const queries = new Set<string>();
  for (const name of names) for (const value of fields[name]!) queries.add(build({ ...defaults, [name]: value }));
  return [...queries];
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.map((r) => r.map((c) => c.replace(/^\uFEFF/, "")));
}

async function readXlsx(bytes: Buffer): Promise<string[][][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        const value = cell.value;
        const raw = value !== null && typeof value === "object" && "result" in value ? (value as { result: unknown }).result : value;
        cells[column - 1] = raw === null || raw === undefined ? "" : String(raw);
      });
      rows.push(Array.from(cells, (c) => c ?? ""));
    });
    return rows;
  });
}
