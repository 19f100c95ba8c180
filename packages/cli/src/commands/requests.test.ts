import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { catalogService, createContext, loadConfig, RequestService, submitRequest } from "@pipguard/server";
import Database from "better-sqlite3";
import { freshEnv, runCli } from "../testing/run-cli.js";

describe("pipguard requests (the built CLI)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const ids: string[] = [];
  before(async () => {
    ({ dataDir, env } = freshEnv());
    // Seed two verified requests through the same service the intake route uses.
    const ctx = await createContext(loadConfig({ PIPGUARD_DATA_DIR: dataDir, PIPGUARD_LOG_LEVEL: "silent" }));
    try {
      // A tiny operator database in the catalog, and its dataset file.
      const shop = join(dataDir, "shop.db");
      const db = new Database(shop);
      db.exec(
        "CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT NOT NULL); INSERT INTO customer VALUES (1, 'deletion@example.cn'), (2, 'x@example.cn');",
      );
      db.close();
      writeFileSync(join(dataDir, "shop.yaml"), "identity:\n  email: customer.email\ntables:\n  customer: delete\n");
      const sys = await catalogService(ctx).createSystem({ key: "shop", name: "Shop", kind: "website" });
      await catalogService(ctx).createStore({ key: "shop-db", systemId: sys.id, name: "Shop", kind: "sqlite", connection: shop });
      for (const type of ["access", "deletion", "deletion"] as const) {
        const { id } = await submitRequest(ctx, { type, channel: "email", contact: `${type}@example.cn`, ip: "192.0.2.9" });
        await new RequestService(ctx).verifyIdentity(id, "checked by phone call", { kind: "staff", id: null });
        ids.push(id);
      }
    } finally {
      await ctx.db.close();
    }
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists open requests with their due dates and counts", () => {
    const r = runCli(["requests", "list", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { items: { id: string; status: string }[]; counts: { byStatus: Record<string, number> } };
    assert.deepEqual(body.items.map((i) => i.id).sort(), [...ids].sort());
    assert.equal(body.counts.byStatus.in_progress, 3);
    const human = runCli(["requests", "list"], env);
    assert.match(human.stdout, /DAYS LEFT/);
  });

  it("shows the audit trail and, on request, the messages", () => {
    const r = runCli(["requests", "show", ids[0] ?? "", "--messages", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { contact: string; events: { kind: string }[]; messages: { subject: string }[] };
    assert.equal(body.contact, "access@example.cn");
    assert.ok(body.messages.some((m) => m.subject.includes("Verification code")));
    assert.equal(runCli(["requests", "show", "nope"], env).code, 1);
    // The outbox, where a deployment without SMTP reads the code: one request's messages, decrypted.
    const out = runCli(["outbox", "list", "--request", ids[0] ?? "", "--json"], env);
    assert.equal(out.code, 0, out.stderr);
    const items = (JSON.parse(out.stdout) as { items: { requestId: string; to: string; text: string }[] }).items;
    assert.ok(items.length > 0 && items.every((m) => m.requestId === ids[0] && m.to === "access@example.cn"));
    assert.match(items[0]?.text ?? "", /\d{6}/);
    assert.equal(runCli(["outbox", "list", "--limit", "0"], env).code, 2);
  });

  it("approves one request and refuses the other with a listed reason; a bad reason is a usage error", () => {
    const bad = runCli(["requests", "refuse", ids[1] ?? "", "--reason", "nope"], env);
    assert.equal(bad.code, 2);
    const ok = runCli(["requests", "approve", ids[0] ?? "", "--json"], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { status: string }).status, "completed");
    const refused = runCli(["requests", "refuse", ids[1] ?? "", "--reason", "retention_required_by_law"], env);
    assert.equal(refused.code, 0, refused.stderr);
    assert.match(refused.stdout, /refused \(retention_required_by_law\)/);
    const again = runCli(["requests", "approve", ids[0] ?? "", "--json"], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /REQUEST_TRANSITION_NOT_ALLOWED/);
  });

  it("runs a deletion through the connectors: the dry run changes nothing, the run erases and completes", () => {
    const id = ids[2] ?? "";
    const ds = `shop-db=${join(dataDir, "shop.yaml")}`;
    assert.equal(runCli(["requests", "run", id, "--dataset", "shop-db"], env).code, 2);
    const dry = runCli(["requests", "run", id, "--dataset", ds, "--dry-run", "--json"], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual((JSON.parse(dry.stdout) as { stores: { tables: { table: string; rows: number }[] }[] }).stores[0]?.tables, [
      { table: "customer", action: "delete", rows: 1 },
    ]);
    const count = () => {
      const db = new Database(join(dataDir, "shop.db"), { readonly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM customer").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    assert.equal(count(), 2);
    const run = runCli(["requests", "run", id, "--dataset", ds], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /customer\s+delete\s+1/);
    assert.equal(count(), 1);
    const shown = JSON.parse(runCli(["requests", "show", id, "--json"], env).stdout) as { status: string };
    assert.equal(shown.status, "completed");
  });
});
