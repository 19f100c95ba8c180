#!/usr/bin/env node
// Saves screenshots of the key privacy-center pages (zh-CN and English, phone-sized) to docs/screenshots/
// by running the Chromium e2e test with PIPGUARD_SCREENSHOTS=1. Build first (`npx tsc -b`).
// Normal test runs never write these files.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const test = "packages/server/dist/http/routes/privacy-center/e2e.test.js";
if (!existsSync(test)) {
  console.error(`${test} not found: run npx tsc -b first`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", test], { stdio: "inherit", env: { ...process.env, PIPGUARD_SCREENSHOTS: "1" } });
if (r.status === 0) console.log("screenshots written to docs/screenshots/");
process.exit(r.status ?? 1);
