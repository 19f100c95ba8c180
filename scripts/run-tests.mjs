#!/usr/bin/env node
// Runs every compiled *.test.js under packages/*/dist with node's test runner and ends with a plain
// "N passed, N failed" line. PIPGUARD_TEST_DB=postgres runs the storage-backed tests on PostgreSQL.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = [];
for (const pkg of readdirSync("packages")) {
  const dist = join("packages", pkg, "dist");
  try {
    statSync(dist);
  } catch {
    continue;
  }
  find(dist, files);
}
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
if (selected.length === 0) {
  console.error("no test files found (did tsc -b run?)");
  process.exit(1);
}
const args = [
  "--test",
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
  "--test-reporter=spec",
  "--test-reporter-destination=stdout",
  "--test-reporter=./scripts/summary-reporter.mjs",
  "--test-reporter-destination=stdout",
  ...selected.sort(),
];
const child = spawn(process.execPath, args, { stdio: "inherit" });
child.on("exit", (code) => process.exit(code ?? 1));
