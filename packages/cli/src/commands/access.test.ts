import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { freshEnv, runCli } from "../testing/run-cli.js";

const DEMO = join(fileURLToPath(import.meta.url), "..", "..", "..", "..", "..", "docs", "examples", "demo-catalog.yaml");

describe("pipguard access, accesslog and leak", () => {
  it("sets up a contractor, a view and a grant, lists and revokes it; the empty access log verifies; usage errors exit 2", () => {
    const { dataDir, env } = freshEnv();
    try {
      assert.equal(runCli(["catalog", "import", DEMO, "--json"], env).code, 0);
      const c = runCli(["access", "contractor", "create", "华信外呼", "--json"], env);
      assert.equal(c.code, 0, c.stderr);
      const key = JSON.parse(runCli(["access", "contractor", "key", "华信外呼", "--json"], env).stdout) as { secret: string };
      assert.match(key.secret, /^pgk_/);
      const viewFile = join(dataDir, "view.yaml");
      writeFileSync(
        viewFile,
        "name: crm-leads\nstore: crm\ntable: customers\nfields:\n  - { column: mobile, mask: mask, piType: cn_mobile }\n  - { column: plan, mask: none }\nsubject: { column: mobile, identity: mobile }\n",
      );
      const v = runCli(["access", "view", "create", "--file", viewFile, "--json"], env);
      assert.equal(v.code, 0, v.stderr);
      const g = runCli(
        [
          "access",
          "grant",
          "create",
          "--contractor",
          "华信外呼",
          "--view",
          "crm-leads",
          "--purpose",
          "push_notifications",
          "--expires",
          "2099-01-01T00:00:00+08:00",
          "--quota",
          "500",
          "--hours",
          "9-18",
          "--json",
        ],
        env,
      );
      assert.equal(g.code, 0, g.stderr);
      const grant = JSON.parse(g.stdout) as { id: string; allowedHours: { start: number; end: number } };
      assert.deepEqual(grant.allowedHours, { start: 9, end: 18 });
      const list = JSON.parse(runCli(["access", "grant", "list", "--json"], env).stdout) as { items: { id: string; status: string }[] };
      assert.deepEqual(
        list.items.map((x) => [x.id, x.status]),
        [[grant.id, "active"]],
      );
      assert.equal(JSON.parse(runCli(["access", "grant", "revoke", grant.id, "--json"], env).stdout).status, "revoked");
      const verify = JSON.parse(runCli(["accesslog", "verify", "--json"], env).stdout) as { ok: boolean; count: number };
      assert.deepEqual([verify.ok, verify.count], [true, 0]);
      const leaked = join(dataDir, "leak.csv");
      writeFileSync(leaked, "电话,套餐\n138****5678,宽带100M\n");
      const trace = JSON.parse(runCli(["leak", "trace", leaked, "--json"], env).stdout) as { source: unknown; scores: unknown[] };
      assert.equal(trace.source, null);
      assert.equal(
        runCli(
          [
            "access",
            "grant",
            "create",
            "--contractor",
            "华信外呼",
            "--view",
            "crm-leads",
            "--purpose",
            "x",
            "--expires",
            "2099-01-01",
            "--quota",
            "5",
            "--hours",
            "nine",
          ],
          env,
        ).code,
        2,
      );
      assert.equal(runCli(["accesslog", "export", "--format", "xml"], env).code, 2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
