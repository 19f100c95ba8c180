/**
 * A browser without JavaScript, for tests of server-rendered pages: a cookie jar, GETs, url-encoded
 * form posts that follow POST-redirect-GET, and a count of the steps a person takes (each page they
 * open and each form they submit; redirects the browser follows by itself are not steps).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/types.js";

export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export class FormClient {
  readonly cookies = new Map<string, string>();
  /** Pages opened and forms submitted by the "person". */
  steps = 0;
  /** Every Set-Cookie header seen, raw (to check cookie attributes). */
  readonly setCookies: string[] = [];

  constructor(
    private readonly app: OpenAPIHono<AppEnv>,
    private readonly origin = "http://localhost",
  ) {}

  private async send(method: string, path: string, body?: URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body) h["content-type"] = "application/x-www-form-urlencoded";
    const res = await this.app.request(`${this.origin}${path}`, { method, headers: h, ...(body ? { body: body.toString() } : {}) });
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair = "", ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  private async follow(res: Response, path: string): Promise<Page> {
    let url = path;
    let r = res;
    for (let hops = 0; r.status >= 300 && r.status < 400 && hops < 5; hops++) {
      url =
        new URL(r.headers.get("location") ?? "/", `${this.origin}${url}`).pathname + new URL(r.headers.get("location") ?? "/", `${this.origin}${url}`).search;
      r = await this.send("GET", url);
    }
    return { status: r.status, url, html: await r.text(), headers: r.headers };
  }

  /** Opens a page (one step), following redirects. */
  async open(path: string): Promise<Page> {
    this.steps++;
    return this.follow(await this.send("GET", path), path);
  }

  /** Submits a form found on `page` by its action (one step): hidden fields are kept, `fields` fill the rest. */
  async submit(
    page: Page,
    action: string,
    fields: Record<string, string> = {},
    opts: { headers?: Record<string, string>; pick?: (formHtml: string) => boolean } = {},
  ): Promise<Page> {
    const forms = [...page.html.matchAll(/<form\b[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].filter(
      (f) => decode(f[1] ?? "") === action && (!opts.pick || opts.pick(f[0])),
    );
    const form = forms[0];
    if (!form) throw new Error(`no form posting to ${action} on ${page.url}`);
    const body = new URLSearchParams();
    for (const h of (form[2] ?? "").matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) body.set(h[1] ?? "", decode(h[2] ?? ""));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    this.steps++;
    return this.follow(await this.send("POST", action, body, opts.headers), action);
  }

  /** A raw form post without a page (for CSRF tests); not counted as a step. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.send("POST", path, new URLSearchParams(fields), headers);
  }
}

function decode(s: string): string {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
