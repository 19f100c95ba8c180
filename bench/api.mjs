// npm run bench -- api [--duration S] [--connections N] [--pg]
// Requests/s of the authenticated catalog route (100 purposes) next to an unauthenticated empty route
// (/healthz) on the same server in the same run. Target: catalog >= 50 % of the empty route.
import autocannon from "autocannon";
import { adminApiKey, machine, pgBenchSchema, startPipguard } from "./_server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const duration = Number(opt("duration", 10));
const connections = Number(opt("connections", 32));
const usePg = args.includes("--pg");
const pgUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const pgSchema = usePg ? await pgBenchSchema(pgUrl) : undefined;
const server = await startPipguard(pgSchema?.env ?? {});
try {
  const key = await adminApiKey(server.url, server.token, ["catalog:read", "catalog:write"]);
  const auth = { authorization: `Bearer ${key}` };
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${server.url}/api/v1/catalog/purposes`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({
        code: `purpose_${String(i).padStart(3, "0")}`,
        nameZh: `用途${i}`,
        nameEn: `Purpose ${i}`,
        legalBasis: "consent",
        necessity: i % 2 ? "optional" : "necessary",
      }),
    });
    if (r.status !== 201) throw new Error(`creating purpose ${i}: ${r.status} ${await r.text()}`);
  }
  const check = await (await fetch(`${server.url}/api/v1/catalog/purposes`, { headers: auth })).json();
  const count = (check.items ?? check).length;
  if (count !== 100) throw new Error(`expected 100 purposes, got ${count}`);

  const run = (path, headers) => autocannon({ url: `${server.url}${path}`, connections, duration, headers });
  // Warm both routes up (JIT, caches), then measure each.
  await autocannon({ url: `${server.url}/healthz`, connections, duration: 2 });
  await autocannon({ url: `${server.url}/api/v1/catalog/purposes`, connections, duration: 2, headers: auth });
  // Clients (browsers, fetch, curl --compressed) send Accept-Encoding; both routes get the same headers.
  const gz = { "accept-encoding": "gzip" };
  const empty = await run("/healthz", gz);
  const catalog = await run("/api/v1/catalog/purposes", { ...auth, ...gz });
  const identity = await run("/api/v1/catalog/purposes", auth);
  const summary = (r) => ({ rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
  const e = summary(empty);
  const c = summary(catalog);
  const i = summary(identity);
  if (e.non2xx || c.non2xx || i.non2xx || e.errors || c.errors || i.errors) throw new Error(`errors during the run: ${JSON.stringify({ e, c })}`);
  console.log(`machine: ${JSON.stringify(await machine())}; database: ${usePg ? "postgres" : "sqlite"}; ${connections} connections, ${duration}s each`);
  console.log(`GET /healthz (empty, unauthenticated):      ${e.rps} req/s  p50 ${e.p50} ms  p99 ${e.p99} ms`);
  console.log(`GET /api/v1/catalog/purposes (100, API key, gzip): ${c.rps} req/s  p50 ${c.p50} ms  p99 ${c.p99} ms`);
  console.log(
    `GET /api/v1/catalog/purposes (100, API key, no compression, 33 KB): ${i.rps} req/s  p50 ${i.p50} ms  p99 ${i.p99} ms  (ratio ${(i.rps / e.rps).toFixed(3)})`,
  );
  console.log(
    JSON.stringify({
      bench: usePg ? "api-pg" : "api",
      metric: "req/s",
      value: c.rps,
      baseline: "GET /healthz (unauthenticated, empty) on the same server",
      baselineValue: e.rps,
      ratio: Math.round((c.rps / e.rps) * 1000) / 1000,
      uncompressedValue: i.rps,
      database: usePg ? "postgres" : "sqlite",
    }),
  );
} finally {
  await server.stop();
  await pgSchema?.drop();
}
