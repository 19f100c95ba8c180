// The transport ceiling for bench/protect-view.mjs: the same rows of the same table streamed as
// NDJSON over loopback HTTP by a bare Node.js server in its own process — keyset reads of 1,000 rows
// with the next read on the wire while a batch is written, each row one JSON line of the same shape
// as the view's (ref, mobile, name, plan, city) — and nothing else: no grant, no consent, no masking,
// no refs, no canaries, no access log. What an export costs before protection does any work.
// node bench/_bare-ndjson-server.mjs POSTGRES_URL SCHEMA  → prints "listening URL" on stdout.
import { createServer } from "node:http";
import pg from "pg";

const [url, schema] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 3 });
const sql = `select id, mobile, name, plan, city from ${schema}.customers where status = $1 and id > $2 order by id limit 1000`;

const server = createServer(async (_req, res) => {
  res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8" });
  let rows = 0;
  let next = pool.query(sql, ["active", 0]);
  for (;;) {
    const batch = (await next).rows;
    if (batch.length === 1000) {
      next = pool.query(sql, ["active", batch[batch.length - 1].id]);
      await new Promise((r) => setImmediate(r)); // let the driver put the next query on the wire
    }
    let text = "";
    for (const r of batch) text += `${JSON.stringify({ ref: String(r.id), mobile: r.mobile, name: r.name, plan: r.plan, city: r.city })}\n`;
    rows += batch.length;
    if (!res.write(text)) await new Promise((r) => res.once("drain", r));
    if (batch.length < 1000) break;
  }
  res.end(`${JSON.stringify({ end: { rows, exhausted: true } })}\n`);
});
server.listen(0, "127.0.0.1", () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
