// npm run bench -- requests [--scale N] [--runs N]
// Sakila in PostgreSQL with rentals and payments scaled ×N (default 100: ~1.6 M payments in monthly
// partitions). Times `findSubject` + JSON export of one customer next to hand-written SQL returning
// the same rows in the same run (target: ≤ 2× the hand-written SQL), then the erasure of that customer.
import { readFileSync } from "node:fs";
import pg from "pg";
import { eraseSubject, findSubject, loadDataset, openConnector } from "../packages/server/dist/index.js";
import { loadSakilaPostgres } from "../packages/server/dist/testing/sakila.js";
import { machine } from "./_server.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const scale = opt("scale", 100);
const runs = opt("runs", 15);
const EMAIL = "MARY.SMITH@sakilacustomer.org";

const t0 = performance.now();
const store = await loadSakilaPostgres({ scale });
const loadSeconds = (performance.now() - t0) / 1000;
const dataset = loadDataset(readFileSync(new URL("../docs/examples/sakila-dataset.yaml", import.meta.url), "utf8"));
const conn = openConnector("postgres", store.connection);
// The baseline reads timestamps and numerics as text too (as the connector does), so the
// comparison measures the traversal, not JavaScript Date parsing.
const asText = new Set([1082, 1083, 1114, 1184, 1700, 20]);
const types = { getTypeParser: (oid, format) => (asText.has(oid) ? (v) => v : pg.types.getTypeParser(oid, format)) };
const raw = new pg.Client({ connectionString: store.connection, types });
await raw.connect();

async function handWritten() {
  const c = (await raw.query("select * from customer where lower(email) = lower($1)", [EMAIL])).rows;
  const ids = c.map((r) => r.customer_id);
  const a = (await raw.query("select * from address where address_id = any($1)", [c.map((r) => r.address_id)])).rows;
  const r = (await raw.query("select * from rental where customer_id = any($1)", [ids])).rows;
  const p = (await raw.query("select * from payment where customer_id = any($1)", [ids])).rows;
  return JSON.stringify({ customer: c, address: a, rental: r, payment: p });
}
const viaPipguard = async () => JSON.stringify(await findSubject(conn, dataset, { kind: "email", value: EMAIL }));

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Alternate the two so cache warmth and machine noise fall on both alike.
const baseTimes = [];
const findTimes = [];
for (let i = 0; i < runs; i++) {
  for (const [fn, xs] of i % 2
    ? [
        [handWritten, baseTimes],
        [viaPipguard, findTimes],
      ]
    : [
        [viaPipguard, findTimes],
        [handWritten, baseTimes],
      ]) {
    const s = performance.now();
    await fn();
    xs.push(performance.now() - s);
  }
}
const baseMs = median(baseTimes);
const findMs = median(findTimes);
const found = JSON.parse(await viaPipguard());
const rows = Object.fromEntries(found.tables.map((t) => [t.table, t.rows.length]));
const paymentCount = Number((await raw.query("select count(*) from payment")).rows[0].count);
const s = performance.now();
const report = await eraseSubject(
  conn,
  dataset,
  { kind: "email", value: EMAIL },
  { storeKey: "sakila", hash: (v) => Buffer.from(v).toString("base64url").slice(0, 20) },
);
const eraseMs = performance.now() - s;

await raw.end();
await conn.close();
await store.dispose();
console.log(`machine: ${JSON.stringify(await machine())}`);
console.log(`scale ×${scale}: ${paymentCount} payments; load ${loadSeconds.toFixed(1)} s; rows found per table ${JSON.stringify(rows)}`);
console.log(
  `find+export (pipguard) median ${findMs.toFixed(1)} ms; hand-written SQL ${baseMs.toFixed(1)} ms; erasure ${eraseMs.toFixed(1)} ms (${JSON.stringify(report.changed)})`,
);
console.log(
  JSON.stringify({
    bench: "requests",
    metric: "ms (find+export one customer)",
    value: Number(findMs.toFixed(2)),
    baseline: "hand-written SQL, same rows",
    baselineValue: Number(baseMs.toFixed(2)),
    ratio: Number((findMs / baseMs).toFixed(2)),
    eraseMs: Number(eraseMs.toFixed(1)),
    payments: paymentCount,
  }),
);
