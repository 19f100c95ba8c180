/**
 * `pipguard protect column` on the real Sakila schema, run once per engine by
 * protect-{postgres,mysql,sqlite}.test.ts: customer.email under AES-256-GCM (interrupted and
 * resumed), an address column under SM4, transparent reads and erasure through the connectors,
 * tampering, bad input, the API, and undo back to byte-identical values and the original type.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type CellValue, isDomainError } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import { eraseSubjectInStore, findSubjectInStore } from "../connectors/catalog-store.js";
import { openConnector } from "../connectors/open.js";
import { withProtectedColumns } from "../connectors/protected-reads.js";
import type { Connector, RowFilter } from "../connectors/types.js";
import { waitFor } from "../jobs/testing.js";
import { startWorker } from "../jobs/worker.js";
import type { SakilaStore } from "../testing/sakila.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { isProtectedValue } from "./column-cipher.js";
import { listProtectedColumns, protectColumn } from "./protect-column.js";
import { ProtectedColumnRepo } from "./protected-columns-repo.js";

const MARY = "MARY.SMITH@sakilacustomer.org";
// Values that must round-trip exactly (generated, not real people's).
const SPECIAL: [number, string | null][] = [
  [2, "张伟.测试@例子.中国"],
  [3, ""],
  [4, null],
  [5, "0012345"],
  [6, "Ünïcode ✓ 中文 ñ"],
];

function repoFile(rel: string): string {
  for (const base of [process.cwd(), join(process.cwd(), "../..")]) {
    try {
      readFileSync(join(base, rel));
      return join(base, rel);
    } catch {}
  }
  throw new Error(`cannot find ${rel}`);
}

/** Registers the suite for one engine; `sm4Column` is the address column protected with SM4. */
export function protectSuite(load: () => Promise<SakilaStore>, opts: { sm4Column: string }): void {
  const datasetPath = repoFile("docs/examples/sakila-dataset.yaml");
  let store: SakilaStore;
  let t: TestApp;
  let plain: Connector;
  let emailsBefore: string;
  let sm4Before: string;
  let typesBefore: string;

  const values = async (table: string, id: string, column: string) =>
    (await store.query(`SELECT ${id} AS id, ${column} AS v FROM ${table} ORDER BY ${id}`)).map((r) => [Number(r.id), r.v ?? null] as [number, CellValue]);
  const types = async () => {
    const m = await plain.introspect();
    const pick = (tn: string, cn: string) => m.tables.find((x) => x.name === tn)?.columns.find((c) => c.name === cn);
    return JSON.stringify([pick("customer", "email"), pick("address", opts.sm4Column), m.tables.find((x) => x.name === "customer")?.columns.length]);
  };
  const run = (input: Partial<Parameters<typeof protectColumn>[1]>, o?: Parameters<typeof protectColumn>[2]) =>
    protectColumn(t.ctx, { store: "sakila", table: "customer", column: "email", scheme: "aes", batch: 100, ...input }, o);
  const find = (email: string) => findSubjectInStore(t.ctx, { store: "sakila", subject: { kind: "email", value: email }, datasetPath });

  before(async () => {
    store = await load();
    plain = openConnector(store.kind, store.connection);
    for (const [id, v] of SPECIAL) await store.query(`UPDATE customer SET email = ${v === null ? "NULL" : `'${v}'`} WHERE customer_id = ${id}`);
    t = await createTestApp();
    const svc = catalogService(t.ctx);
    const system = await svc.createSystem({ key: "rental", name: "Rental system", kind: "backend" });
    await svc.createStore({ key: "sakila", systemId: system.id, name: "Sakila", kind: store.kind, connection: store.connection });
    emailsBefore = JSON.stringify(await values("customer", "customer_id", "email"));
    sm4Before = JSON.stringify(await values("address", "address_id", opts.sm4Column));
    typesBefore = await types();
  });
  after(async () => {
    await plain?.close();
    await t?.dispose();
    await store?.dispose();
  });

  test("a protection interrupted after two batches leaves every row readable, and the next run resumes where it stopped", async () => {
    const stop = new AbortController();
    const first = await run({}, { signal: stop.signal, onProgress: (p) => p.done >= 200 && stop.abort() });
    assert.equal(first.status, "protecting");
    const mid = await values("customer", "customer_id", "email");
    const encrypted = mid.filter(([, v]) => isProtectedValue(v)).length;
    assert.ok(encrypted > 0 && encrypted < mid.length, "half of the column is ciphertext");
    // Mid-run, Mary (encrypted) and the last customer (still plaintext) are both found, in plaintext.
    const m = await find(MARY.toLowerCase());
    assert.equal(m.tables.find((x) => x.table === "customer")?.rows[0]?.email, MARY);
    const last = mid[mid.length - 1]?.[1] as string;
    assert.ok(!isProtectedValue(last));
    assert.equal((await find(last)).tables.find((x) => x.table === "customer")?.rows.length, 1);

    const second = await run({});
    assert.equal(second.status, "protected");
    assert.equal(second.scanned, mid.length - 200, "resumed after the 200 rows already done");
    const after = await values("customer", "customer_id", "email");
    const before = new Map(JSON.parse(emailsBefore) as [number, string | null][]);
    for (const [id, v] of after) {
      if (before.get(id) === null) assert.equal(v, null, "NULL stays NULL");
      else assert.ok(isProtectedValue(v) && v !== before.get(id), "every value is ciphertext, none is plaintext");
    }
    const bidx = await store.query("SELECT count(*) AS n FROM customer WHERE email_bidx IS NOT NULL");
    assert.equal(Number(bidx[0]?.n), after.length - 1);
    const [state] = await listProtectedColumns(t.ctx);
    assert.equal(state?.status, "protected");
  });

  test("running a finished protection again changes nothing", async () => {
    const before = JSON.stringify(await store.query("SELECT customer_id, email, email_bidx FROM customer ORDER BY customer_id"));
    const r = await run({});
    assert.equal(r.changed, 0);
    assert.equal(r.status, "protected");
    assert.equal(JSON.stringify(await store.query("SELECT customer_id, email, email_bidx FROM customer ORDER BY customer_id")), before);
  });

  test("the connectors find a subject by e-mail through the blind index and export plaintext, hiding the blind index", async () => {
    const r = await find(MARY.toLowerCase());
    const customer = r.tables.find((x) => x.table === "customer")?.rows[0];
    assert.equal(customer?.email, MARY);
    assert.ok(!("email_bidx" in (customer ?? {})));
    assert.deepEqual(r.tables.map((x) => x.table).sort(), ["address", "customer", "payment", "rental"]);
    for (const [id, v] of SPECIAL.filter(([, v]) => v)) {
      const found = (await find(v as string)).tables.find((x) => x.table === "customer")?.rows ?? [];
      assert.deepEqual(
        found.map((x) => [Number(x.customer_id), x.email]),
        [[id, v]],
        "Unicode and numbers-as-text round-trip",
      );
    }
    // The lookup reads the blind-index column, not the (ciphertext) column itself.
    const seen: RowFilter[] = [];
    const spy = Object.assign(Object.create(plain) as Connector, {
      select: (table: string, f: RowFilter) => {
        seen.push(f);
        return plain.select(table, f);
      },
    });
    const wrapped = withProtectedColumns(spy, await new ProtectedColumnRepo(t.ctx.db).list(), t.ctx.keyring);
    const rows = (await wrapped.select("customer", { kind: "eq", column: "email", value: MARY.toLowerCase(), caseInsensitive: true })).rows;
    assert.equal(rows.length, 1);
    assert.deepEqual(
      seen.map((f) => (f.kind === "eq" ? f.column : "in")),
      ["email_bidx"],
    );
    assert.equal((await wrapped.select("customer", { kind: "eq", column: "email", value: MARY.toLowerCase(), caseInsensitive: false })).rows.length, 0);
  });

  test("an address column under SM4: ciphertext under an SM4 key, read back in plaintext", async () => {
    if (store.kind === "postgres") {
      // address.phone is used by the customer_list and staff_list views: PostgreSQL cannot widen it.
      await assert.rejects(
        run({ table: "address", column: "phone", scheme: "sm4" }),
        (e) => isDomainError(e, "COLUMN_NOT_PROTECTABLE") && /customer_list/.test(e.message),
      );
    }
    const r = await run({ table: "address", column: opts.sm4Column, scheme: "sm4", batch: 250 });
    assert.equal(r.status, "protected");
    assert.equal(r.scheme, "sm4-ctr-hmac-sm3");
    const stored = await values("address", "address_id", opts.sm4Column);
    const cts = stored.map(([, v]) => v).filter((v) => v !== null);
    const nonNull = (JSON.parse(sm4Before) as [number, CellValue][]).filter(([, v]) => v !== null).length;
    assert.ok(nonNull > 0 && cts.length === nonNull && cts.every(isProtectedValue));
    assert.equal(t.ctx.keyring.algorithmOf(String(cts[0]).split(":")[1] as string), "sm4-ctr-hmac-sm3");
    const before = new Map(JSON.parse(sm4Before) as [number, string | null][]);
    const m = await find(MARY);
    const address = m.tables.find((x) => x.table === "address")?.rows[0];
    assert.equal(address?.[opts.sm4Column], before.get(Number(address?.address_id)));
  });

  test("a tampered ciphertext fails to decrypt with DECRYPTION_FAILED, never garbage, and undo stops on it", async () => {
    const [row] = await store.query("SELECT email FROM customer WHERE customer_id = 1");
    const ct = String(row?.email);
    const body = ct.slice(ct.lastIndexOf(":") + 1);
    const tampered = `${ct.slice(0, ct.length - body.length)}${body.slice(0, 5)}${body[5] === "A" ? "B" : "A"}${body.slice(6)}`;
    assert.notEqual(tampered, ct);
    await store.query(`UPDATE customer SET email = '${tampered}' WHERE customer_id = 1`);
    await assert.rejects(find(MARY), (e) => isDomainError(e, "DECRYPTION_FAILED") && !e.message.toLowerCase().includes("mary"));
    await assert.rejects(run({ undo: true }), (e) => isDomainError(e, "DECRYPTION_FAILED"));
    // A rekey cannot start while the undo is unfinished: it says so, and which run to finish first.
    await assert.rejects(run({ rekey: true }), (e) => isDomainError(e, "CONFLICT") && e.details?.status === "unprotecting");
    await store.query(`UPDATE customer SET email = '${ct}' WHERE customer_id = 1`);
    assert.equal((await find(MARY)).tables.find((x) => x.table === "customer")?.rows[0]?.email, MARY);
    await run({}); // back to protected after the interrupted undo
  });

  test("after a key rotation, --rekey moves the column to the new key (interrupted and resumed), readable throughout, blind index unchanged", async () => {
    const keyOf = (v: CellValue) => t.ctx.keyring.keyIdOf(String(v));
    const oldKey = (await listProtectedColumns(t.ctx)).find((c) => c.table === "customer")?.keyId;
    const indexBefore = JSON.stringify(await store.query("SELECT customer_id, email_bidx FROM customer ORDER BY customer_id"));
    const newKey = await t.ctx.keyring.rotateDataKey("aes-256-gcm");
    assert.notEqual(newKey, oldKey);
    const dry = await run({ rekey: true, dryRun: true });
    const nonNull = (await values("customer", "customer_id", "email")).filter(([, v]) => v !== null).length;
    assert.equal(dry.changed, nonNull, "every value is under the old key");
    assert.equal(dry.keyId, newKey);
    const stop = new AbortController();
    const first = await run({ rekey: true }, { signal: stop.signal, onProgress: (p) => p.done >= 200 && stop.abort() });
    assert.equal(first.status, "rekeying");
    const mid = (await values("customer", "customer_id", "email")).filter(([, v]) => v !== null);
    const moved = mid.filter(([, v]) => keyOf(v) === newKey).length;
    assert.ok(moved > 0 && moved < mid.length, "half of the column is under the new key");
    // Both halves read back in plaintext (each value names its key).
    assert.equal((await find(MARY.toLowerCase())).tables.find((x) => x.table === "customer")?.rows[0]?.email, MARY);
    const last = mid[mid.length - 1] as [number, CellValue];
    assert.equal(keyOf(last[1]), oldKey);
    assert.equal((await listProtectedColumns(t.ctx)).find((c) => c.table === "customer")?.status, "rekeying");
    await assert.rejects(run({ rekey: true, undo: true }), (e) => isDomainError(e, "VALIDATION_FAILED"));

    const second = await run({ rekey: true });
    assert.equal(second.status, "protected");
    assert.equal(second.changed, mid.length - moved);
    const after = (await values("customer", "customer_id", "email")).filter(([, v]) => v !== null);
    assert.ok(
      after.every(([, v]) => isProtectedValue(v) && keyOf(v) === newKey),
      "every value under the new key",
    );
    assert.equal(JSON.stringify(await store.query("SELECT customer_id, email_bidx FROM customer ORDER BY customer_id")), indexBefore);
    for (const [id, v] of SPECIAL.filter(([, v]) => v)) {
      const found = (await find(v as string)).tables.find((x) => x.table === "customer")?.rows ?? [];
      assert.deepEqual(
        found.map((x) => [Number(x.customer_id), x.email]),
        [[id, v]],
      );
    }
    const state = (await listProtectedColumns(t.ctx)).find((c) => c.table === "customer");
    assert.equal(state?.keyId, newKey);
    assert.equal(state?.status, "protected");
    assert.equal((await run({ rekey: true })).changed, 0, "a second rekey finds nothing to move");
  });

  test("bad input fails with a stable code and changes nothing", async () => {
    await store.query("CREATE TABLE guestbook (note VARCHAR(40))");
    await store.query("CREATE TABLE badge (id INTEGER PRIMARY KEY, code VARCHAR(20))");
    await store.query("CREATE UNIQUE INDEX badge_code ON badge (code)");
    const cases: [Partial<Parameters<typeof protectColumn>[1]>, string][] = [
      [{ store: "nope" }, "NOT_FOUND"],
      [{ table: "no_such_table" }, "NOT_FOUND"],
      [{ column: "no_such_column" }, "NOT_FOUND"],
      [{ table: "guestbook", column: "note" }, "COLUMN_NOT_PROTECTABLE"],
      [{ column: "customer_id" }, "COLUMN_NOT_PROTECTABLE"],
      [{ column: "address_id" }, "COLUMN_NOT_PROTECTABLE"],
      [{ column: "create_date" }, "COLUMN_NOT_PROTECTABLE"],
      [{ table: "badge", column: "code" }, "COLUMN_NOT_PROTECTABLE"],
      [{ scheme: "sm4" }, "CONFLICT"],
      [{ column: "first_name", undo: true }, "NOT_FOUND"],
      [{ column: "first_name", rekey: true }, "NOT_FOUND"],
      [{ batch: 0 }, "VALIDATION_FAILED"],
    ];
    for (const [input, code] of cases) await assert.rejects(run(input), (e) => isDomainError(e, code as never), `${JSON.stringify(input)} → ${code}`);
    assert.equal((await listProtectedColumns(t.ctx)).length, 2);
  });

  test("the API lists protected columns and starts protect/undo jobs, checking the column first", async () => {
    const list = await t.json<{ items: { table: string; column: string; scheme: string; status: string }[] }>("GET", "/api/v1/protect/columns", {
      as: "auditor",
    });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((c) => `${c.table}.${c.column}:${c.scheme}:${c.status}`).sort(), [
      `address.${opts.sm4Column}:sm4-ctr-hmac-sm3:protected`,
      "customer.email:aes-256-gcm:protected",
    ]);
    const bad = await t.json<{ code: string }>("POST", "/api/v1/protect/columns", {
      as: "privacy_officer",
      body: { store: "sakila", table: "customer", column: "nope", scheme: "aes" },
    });
    assert.equal(bad.status, 404);
    assert.equal(bad.body.code, "NOT_FOUND");
    for (const [body, status, code] of [
      [{ column: "first_name", rekey: true }, 404, "NOT_FOUND"],
      [{ column: "email", rekey: true, undo: true }, 400, "VALIDATION_FAILED"],
    ] as const) {
      const r = await t.json<{ code: string }>("POST", "/api/v1/protect/columns", {
        as: "privacy_officer",
        body: { store: "sakila", table: "customer", scheme: "aes", ...body },
      });
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(body));
    }
    const rekeyJob = await t.json<{ jobId: string }>("POST", "/api/v1/protect/columns", {
      as: "privacy_officer",
      body: { store: "sakila", table: "customer", column: "email", scheme: "aes", rekey: true },
    });
    assert.equal(rekeyJob.status, 202);
    assert.equal((await t.ctx.jobs.get(rekeyJob.body.jobId))?.type, "protect.column");
    const ok = await t.json<{ jobId: string; type: string }>("POST", "/api/v1/protect/columns", {
      as: "privacy_officer",
      body: { store: "sakila", table: "customer", column: "email", scheme: "aes", undo: true },
    });
    assert.equal(ok.status, 202);
    assert.equal((await t.ctx.jobs.get(ok.body.jobId))?.type, "protect.column");
    // A worker runs the job: the column is decrypted back; protected again directly for what follows.
    const worker = startWorker(t.ctx, { pollMs: 20, types: ["protect.column"], schedules: false });
    try {
      // Oldest first: the rekey (nothing left to move) runs before the undo.
      await waitFor(
        "the protect.column jobs",
        async () => (await t.ctx.jobs.get(rekeyJob.body.jobId))?.status === "succeeded" && (await t.ctx.jobs.get(ok.body.jobId))?.status === "succeeded",
        60_000,
      );
    } finally {
      await worker.stop();
    }
    assert.equal(JSON.stringify(await values("customer", "customer_id", "email")), emailsBefore);
    assert.equal((await run({})).status, "protected");
  });

  test("an erasure through the connectors writes the anonymised value encrypted", async () => {
    await eraseSubjectInStore(t.ctx, { store: "sakila", subject: { kind: "email", value: MARY }, datasetPath });
    const [row] = await store.query("SELECT email FROM customer WHERE customer_id = 1");
    assert.ok(isProtectedValue(row?.email));
    assert.equal((await find(MARY)).totalRows, 0);
  });

  test("undo restores byte-identical values, the original type, and drops the blind index", async () => {
    const a = await run({ undo: true });
    assert.equal(a.status, "unprotected");
    const b = await run({ table: "address", column: opts.sm4Column, scheme: "sm4", undo: true });
    assert.equal(b.status, "unprotected");
    const emails = await values("customer", "customer_id", "email");
    const expected = (JSON.parse(emailsBefore) as [number, string | null][]).filter(([id]) => id !== 1);
    assert.deepEqual(
      emails.filter(([id]) => id !== 1),
      expected,
    );
    assert.match(String(emails[0]?.[1]), /^anon_/, "Mary's erased e-mail, decrypted back");
    const restored = await values("address", "address_id", opts.sm4Column);
    const maryAddress = (await store.query("SELECT address_id FROM customer WHERE customer_id = 1"))[0]?.address_id;
    assert.deepEqual(
      restored.filter(([id]) => id !== Number(maryAddress)),
      (JSON.parse(sm4Before) as [number, string | null][]).filter(([id]) => id !== Number(maryAddress)),
    );
    const fresh = openConnector(store.kind, store.connection);
    try {
      const m = await fresh.introspect();
      const pick = (tn: string, cn: string) => m.tables.find((x) => x.name === tn)?.columns.find((c) => c.name === cn);
      assert.equal(
        JSON.stringify([pick("customer", "email"), pick("address", opts.sm4Column), m.tables.find((x) => x.name === "customer")?.columns.length]),
        typesBefore,
      );
    } finally {
      await fresh.close();
    }
    assert.deepEqual(await listProtectedColumns(t.ctx), []);
  });
}
