/**
 * A minimal browser for route tests: keeps cookies, sends our Origin on POSTs (as a browser would
 * from our own pages) and does not follow redirects, so tests can assert them.
 */
export class TestClient {
  private cookies = new Map<string, string>();

  /**
   * Each client gets its own address (the test server trusts X-Forwarded-For from loopback), so
   * per-IP sign-in throttling in one test does not spill into the next.
   */
  constructor(
    readonly baseUrl: string,
    readonly ip = `10.${randomOctet()}.${randomOctet()}.${randomOctet()}`,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (value === "" || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("Cookie", this.cookieHeader());
    if (!headers.has("X-Forwarded-For")) headers.set("X-Forwarded-For", this.ip);
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    this.remember(response);
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method: "POST",
      headers: { Origin: this.baseUrl, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** A multipart form with one file, as a browser sends a file upload (the type a browser would claim, which the app must not trust). */
  postFile(
    path: string,
    file: { name: string; bytes: Uint8Array; type?: string },
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
    return this.request(path, { method: "POST", headers: { Origin: this.baseUrl, ...headers }, body: form });
  }

  async signIn(email: string, password: string): Promise<Response> {
    return this.post("/login", { email, password });
  }
}

/** The visible text of an HTML page, tags removed and whitespace collapsed, for asserting what a user reads. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}

function randomOctet(): number {
  return 1 + Math.floor(Math.random() * 254);
}
