#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.mjs. Each benchmark compares against a baseline in
// the same run and ends with one JSON line (CONVENTIONS.md).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync("bench")
  .filter((f) => f.endsWith(".mjs") && !f.startsWith("_"))
  .map((f) => f.replace(/\.mjs$/, ""));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join("|")}>`);
  process.exit(2);
}
process.argv = [process.argv[0], join("bench", `${name}.mjs`), ...rest];
await import(pathToFileURL(join(process.cwd(), "bench", `${name}.mjs`)).href);
