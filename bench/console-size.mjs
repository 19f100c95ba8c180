// npm run bench -- console-size [--no-build]
// What the admin console's first load transfers: index.html plus the entry script, its stylesheets and
// module preloads, fetched gzip-encoded from a real `pipguard serve` at /admin/ (the bytes on the wire,
// not Vite's estimate). Budget (issue 8): <= 300 KB gzip. Baseline: the budget itself.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { machine, startPipguard } from "./_server.mjs";

const BUDGET = 300 * 1024;
if (!process.argv.includes("--no-build") || !existsSync(join("packages", "console", "dist", "index.html"))) {
  const b = spawnSync("npm", ["run", "build", "-w", "@pipguard/console"], { stdio: ["ignore", "ignore", "inherit"] });
  if (b.status !== 0) throw new Error("console build failed");
}

const server = await startPipguard();
try {
  // node:http, not fetch: fetch would decode gzip and hide the bytes that cross the wire.
  const get = (path) =>
    new Promise((resolve, reject) => {
      http
        .get(`${server.url}${path}`, { headers: { "accept-encoding": "gzip" } }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode}`));
            const wire = Buffer.concat(chunks);
            const encoded = res.headers["content-encoding"] === "gzip";
            resolve({ path, body: encoded ? gunzipSync(wire) : wire, wire: wire.length, encoded, cache: res.headers["cache-control"] });
          });
        })
        .on("error", reject);
    });
  const index = await get("/admin/");
  const html = index.body.toString("utf8");
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/admin\/[^"]+)"/g)].map((m) => m[1]);
  const assets = [];
  for (const ref of new Set(refs)) assets.push(await get(ref));
  const files = [index, ...assets];
  const wire = files.reduce((n, f) => n + f.wire, 0);
  const raw = files.reduce((n, f) => n + f.body.length, 0);
  for (const f of files)
    console.log(
      `${f.path.padEnd(44)} ${String(f.body.length).padStart(8)} B raw  ${String(f.wire).padStart(8)} B ${f.encoded ? "gzip" : "identity"}  ${f.cache}`,
    );
  console.log(`first load: ${(wire / 1024).toFixed(1)} KB on the wire (${(raw / 1024).toFixed(1)} KB raw), budget ${BUDGET / 1024} KB`);
  console.log(JSON.stringify({ machine: await machine() }));
  console.log(
    JSON.stringify({
      bench: "console-size",
      metric: "first-load gzip bytes",
      value: wire,
      baseline: "budget (issue 8: 300 KB gzip)",
      baselineValue: BUDGET,
      ratio: Math.round((wire / BUDGET) * 1000) / 1000,
      rawBytes: raw,
      files: files.length,
      withinBudget: wire <= BUDGET,
    }),
  );
  if (wire > BUDGET) process.exitCode = 1;
} finally {
  await server.stop();
}
