#!/usr/bin/env node
// Writes the Sakila sample database (../shared/datasets/sakila, BSD; or SAKILA_DIR) as a SQLite file,
// to try rights requests on a real third-party schema:
//
//   node scripts/make-sakila-sqlite.mjs --out ./data/sakila.db
//
// Needs a built tree (npx tsc -b). The data comes from Sakila's PostgreSQL dump, converted the way
// the connector tests load it (packages/server/src/testing/sakila.ts).
import { copyFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const i = args.indexOf("--out");
const out = i >= 0 ? args[i + 1] : undefined;
if (!out) {
  process.stderr.write("usage: node scripts/make-sakila-sqlite.mjs --out FILE\n");
  process.exit(2);
}
if (existsSync(out)) {
  process.stderr.write(`make-sakila-sqlite: ${out} exists; remove it first\n`);
  process.exit(1);
}
const root = join(import.meta.dirname, "..");
const { loadSakilaSqlite } = await import(join(root, "packages", "server", "dist", "testing", "sakila.js"));
const store = await loadSakilaSqlite();
try {
  copyFileSync(store.connection, out);
} finally {
  await store.dispose();
}
process.stdout.write(`${resolve(out)}\n`);
