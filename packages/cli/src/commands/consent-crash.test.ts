import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BIN } from "../testing/run-cli.js";

// The full run (10,000 events) is `node scripts/consent-crash-test.mjs`; the suite runs a shorter one.
const SCRIPT = join(BIN, "..", "..", "..", "..", "scripts", "consent-crash-test.mjs");

describe("consent ledger crash safety (kill -9 of a real server)", () => {
  it("keeps every acknowledged event, verifies after restart, and records retried requests once", { timeout: 180_000 }, () => {
    const db = process.env.PIPGUARD_TEST_DB === "postgres" ? "postgres" : "sqlite";
    const r = spawnSync(process.execPath, [SCRIPT, "--events", "600", "--concurrency", "16", "--db", db], { encoding: "utf8", timeout: 170_000 });
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
      ok: boolean;
      acknowledgedBeforeKill: number;
      inLedgerAfterRetries: number;
      verify: unknown;
    };
    assert.equal(summary.ok, true);
    assert.ok(summary.acknowledgedBeforeKill >= 300);
    assert.equal(summary.inLedgerAfterRetries, 600);
    assert.equal(summary.verify, "ok");
  });
});
