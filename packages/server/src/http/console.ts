/**
 * The admin console (packages/console, a React single-page app built by Vite) served under /admin.
 * It is static files only: the console talks to the server through the public API like any client.
 */
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Context, Hono } from "hono";
import type { AppEnv } from "./types.js";

/** Where the built console lives: the console package's dist/, found through the workspace's module resolution. */
export function defaultConsoleDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve("@pipguard/console/package.json");
    return join(dirname(pkg), "dist");
  } catch {
    return undefined;
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map"]);

/**
 * Strict CSP: only the console's own scripts and styles, API calls to this origin, no framing.
 * React sets `style` through the CSSOM, which style-src does not restrict, so no 'unsafe-inline'.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY = { "Content-Security-Policy": CONSOLE_CSP, "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin" };

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>管理控制台未构建 · Console not built</title>
<style>body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}code{background:#f3f3f3;padding:.1rem .3rem}.en{color:#555}</style></head>
<body><h1>管理控制台尚未构建 <span class="en">· The admin console has not been built</span></h1>
<p>请在仓库根目录运行 <code>npm run build</code>，然后重启服务。<br><span class="en">Run <code>npm run build</code> in the repository, then restart the server. The API at <code>/api/v1</code> works without it.</span></p>
</body></html>`;

interface Cached {
  mtimeMs: number;
  body: Uint8Array;
  gzip: Uint8Array | undefined;
}

/** Serves the built console under /admin: hashed assets cached for a year, index.html never, SPA fallback, 503 when not built. */
export function registerConsole(app: Hono<AppEnv>, opts: { dir?: string | undefined } = {}): void {
  const dir = opts.dir ?? defaultConsoleDir();
  const cache = new Map<string, Cached>();

  const load = async (file: string): Promise<Cached | undefined> => {
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit;
    const body = new Uint8Array(await readFile(file));
    const entry = { mtimeMs: st.mtimeMs, body, gzip: COMPRESSIBLE.has(extname(file)) && body.length > 512 ? new Uint8Array(gzipSync(body)) : undefined };
    cache.set(file, entry);
    return entry;
  };

  const send = (c: Context, file: Cached, type: string, cacheControl: string): Response => {
    const gzip = file.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    const headers: Record<string, string> = { ...SECURITY, "Content-Type": type, "Cache-Control": cacheControl, Vary: "Accept-Encoding" };
    if (gzip) headers["Content-Encoding"] = "gzip";
    const bytes = gzip && file.gzip ? file.gzip : file.body;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
  };

  const handler = async (c: Context): Promise<Response> => {
    const index = dir ? await load(join(dir, "index.html")) : undefined;
    if (!dir || !index)
      return c.html(NOT_BUILT, 503, { ...SECURITY, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "Retry-After": "60" });
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path.slice("/admin/".length));
    } catch {
      return c.text("not found", 404, { ...SECURITY, "Cache-Control": "no-store" });
    }
    const path = normalize(rel);
    // Never leave dist/: no parent segments, no absolute paths, no hidden files.
    const safe = rel !== "" && !path.startsWith("..") && !path.startsWith(sep) && !path.split(sep).some((s) => s.startsWith("."));
    if (safe && path !== "index.html") {
      const file = await load(join(dir, path));
      if (file) {
        const type = TYPES[extname(path)] ?? "application/octet-stream";
        // Vite puts content-hashed files under assets/: a new build gets new names, so they never change.
        const immutable = path.startsWith(`assets${sep}`);
        return send(c, file, type, immutable ? "public, max-age=31536000, immutable" : "no-cache");
      }
      // A missing file with an extension is a 404; anything else is a client-side route.
      if (extname(path) !== "") return c.text("not found", 404, { ...SECURITY, "Cache-Control": "no-store" });
    }
    return send(c, index, TYPES[".html"] as string, "no-cache");
  };

  app.get("/admin", (c) => c.redirect("/admin/", 308));
  app.get("/admin/", handler);
  app.get("/admin/*", handler);
}
