import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { SDK_DIST } from "./assets.js";

/** The widget's budget (issue 8): it loads on every page of the operator's site, often on a phone. */
const BUDGET_GZIP_BYTES = 15 * 1024;

describe("consent widget size", () => {
  it("keeps the built script-tag bundle within 15 KB gzip (build it with npm run build)", () => {
    const js = readFileSync(`${SDK_DIST}pipguard-consent.js`);
    const gz = gzipSync(js, { level: 9 }).length;
    assert.ok(gz <= BUDGET_GZIP_BYTES, `dist/pipguard-consent.js is ${gz} bytes gzip; the budget is ${BUDGET_GZIP_BYTES}`);
    // A real bundle, not an empty placeholder that passes any budget.
    assert.match(js.toString("utf8"), /PipguardConsent/);
    assert.ok(js.length > 4000);
  });
});
