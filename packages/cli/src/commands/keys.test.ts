import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { freshEnv, runCli } from "../testing/run-cli.js";

const DEMO = join(fileURLToPath(import.meta.url), "..", "..", "..", "..", "..", "docs", "examples", "demo-catalog.yaml");

describe("pipguard keys", () => {
  it("rotates to an SM4 key and re-encrypts the stored connection strings; usage errors exit 2", () => {
    const { dataDir, env } = freshEnv();
    try {
      assert.equal(runCli(["catalog", "import", DEMO, "--json"], env).code, 0);
      const r = runCli(["keys", "rotate", "--cipher", "sm4", "--json"], env);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { algorithm: string; rewritten: number };
      assert.equal(out.algorithm, "sm4-ctr-hmac-sm3");
      assert.ok(out.rewritten >= 1, "the demo's encrypted connection strings were rewritten");
      const again = JSON.parse(runCli(["keys", "rotate", "--resume", "--json"], env).stdout) as { rewritten: number };
      assert.equal(again.rewritten, 0, "nothing left under an old key");
      const list = JSON.parse(runCli(["keys", "list", "--json"], env).stdout) as { status: string; algorithm: string }[];
      assert.equal(list.filter((k) => k.status === "active").length, 1);
      assert.ok(!JSON.stringify(list).includes("wrapped"), "no key material is printed");
      assert.equal(runCli(["keys", "rotate", "--cipher", "des"], env).code, 2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
