/**
 * The rights-request acceptance suite on the real Sakila schema, run once per engine by
 * sakila-{postgres,mysql,sqlite}.test.ts: find MARY.SMITH's rows, erase them with payments retained,
 * prove other customers untouched, a second run a no-op and a mid-erasure failure harmless.
 */
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { isDomainError, type Row } from "@pipguard/core";
import type { SakilaStore } from "../testing/sakila.js";
import { loadDataset } from "./dataset-file.js";
import { openConnector } from "./index.js";
import { eraseSubject, findSubject } from "./subject.js";
import type { Connector } from "./types.js";

const EMAIL = "mary.smith@sakilacustomer.org"; // lower case on purpose: Sakila stores it upper case
const hash = (v: string, place: string) => createHmac("sha256", "test-key").update(place).update("\0").update(v).digest("base64url");

function repoFile(rel: string): string {
  for (const base of [process.cwd(), join(process.cwd(), "../..")]) {
    try {
      return readFileSync(join(base, rel), "utf8");
    } catch {}
  }
  throw new Error(`cannot read ${rel}`);
}

/** A connector whose transaction fails on its `failAt`-th write (the store must roll back). */
function failing(inner: Connector, failAt: number): Connector {
  return Object.assign(Object.create(inner) as Connector, {
    transaction: <T>(fn: Parameters<Connector["transaction"]>[0]) => {
      let writes = 0;
      const boom = () => {
        if (++writes >= failAt) throw new Error("injected failure");
      };
      return inner.transaction((tx) =>
        fn({
          update: async (t, k, s) => {
            const n = await tx.update(t, k, s);
            boom();
            return n;
          },
          delete: async (t, c, k) => {
            const n = await tx.delete(t, c, k);
            boom();
            return n;
          },
        }),
      ) as Promise<T>;
    },
  });
}

/** Registers the suite for one engine. */
export function sakilaSuite(load: () => Promise<SakilaStore>): void {
  const dataset = loadDataset(repoFile("docs/examples/sakila-dataset.yaml"));
  let store: SakilaStore;
  let conn: Connector;
  let tables: string[];
  let mary: { customerId: string; addressId: string; address: Row };

  const dump = async (): Promise<Map<string, string[]>> => {
    const out = new Map<string, string[]>();
    for (const t of tables) out.set(t, (await store.query(`SELECT * FROM ${t}`)).map((r) => JSON.stringify(r)).sort());
    return out;
  };
  const digest = (rows: string[]) => createHash("sha256").update(rows.join("\n")).digest("hex");
  /** Everything except Mary's own customer and address rows. */
  const others = async () => {
    const d = await dump();
    const c = (d.get("customer") ?? []).filter(
      (r) => JSON.parse(r).customer_id !== Number(mary.customerId) && String(JSON.parse(r).customer_id) !== mary.customerId,
    );
    const a = (d.get("address") ?? []).filter((r) => String(JSON.parse(r).address_id) !== mary.addressId);
    d.set("customer", c);
    d.set("address", a);
    return Object.fromEntries([...d].map(([t, rows]) => [t, digest(rows)]));
  };
  const count = async (sql: string) => Number(Object.values((await store.query(sql))[0] ?? {})[0]);

  before(async () => {
    store = await load();
    conn = openConnector(store.kind, store.connection);
    tables = (await conn.introspect()).tables.map((t) => t.name);
    const [c] = await store.query("SELECT customer_id, address_id FROM customer WHERE email = 'MARY.SMITH@sakilacustomer.org'");
    const [a] = await store.query(`SELECT * FROM address WHERE address_id = ${c?.address_id}`);
    mary = { customerId: String(c?.customer_id), addressId: String(c?.address_id), address: a as Row };
  });
  after(async () => {
    await conn?.close();
    await store?.dispose();
  });

  test("subject find returns her customer row, her address, all her rentals and payments, and nothing of anyone else", async () => {
    const r = await findSubject(conn, dataset, { kind: "email", value: EMAIL });
    const by = Object.fromEntries(r.tables.map((t) => [t.table, t]));
    assert.deepEqual(Object.keys(by).sort(), ["address", "customer", "payment", "rental"]);
    assert.deepEqual(
      by.customer?.rows.map((x) => String(x.customer_id)),
      [mary.customerId],
    );
    assert.deepEqual(
      by.address?.rows.map((x) => String(x.address_id)),
      [mary.addressId],
    );
    assert.equal(by.rental?.rows.length, await count(`SELECT count(*) FROM rental WHERE customer_id = ${mary.customerId}`));
    assert.equal(by.payment?.rows.length, await count(`SELECT count(*) FROM payment WHERE customer_id = ${mary.customerId}`));
    assert.ok((by.payment?.rows.length ?? 0) > 0);
    for (const t of ["rental", "payment"])
      assert.ok(
        by[t]?.rows.every((x) => String(x.customer_id) === mary.customerId),
        `${t} rows of another customer`,
      );
    if (store.kind === "postgres") {
      // Payments live in monthly partitions; every one of hers is found, in more than one partition.
      const parts = by.payment?.partitions ?? {};
      assert.ok(Object.keys(parts).length > 1 && Object.keys(parts).every((p) => p.startsWith("payment_p")));
      assert.equal(
        Object.values(parts).reduce((a, b) => a + b, 0),
        by.payment?.rows.length,
      );
    }
  });

  test("a dry run shows the plan with row counts per table and changes nothing", async () => {
    const before = await dump();
    const r = await eraseSubject(conn, dataset, { kind: "email", value: EMAIL }, { dryRun: true, hash, storeKey: "sakila" });
    const plan = Object.fromEntries(r.tables.map((t) => [t.table, t]));
    assert.equal(plan.customer?.rows, 1);
    assert.equal(plan.payment?.action, "retain");
    assert.ok((plan.rental?.rows ?? 0) > 0);
    assert.deepEqual(r.changed, []);
    assert.deepEqual(await dump(), before);
  });

  test("a failure in the middle of an erasure leaves the store untouched", async () => {
    const before = await dump();
    // A failure that is not the store refusing a change is retryable, and the error carries no PI.
    await assert.rejects(
      eraseSubject(failing(conn, 2), dataset, { kind: "email", value: EMAIL }, { hash, storeKey: "sakila" }),
      (e) => isDomainError(e, "SERVICE_UNAVAILABLE") && !e.message.toLowerCase().includes("mary"),
    );
    assert.deepEqual(await dump(), before);
  });

  test("an erasure the store's own foreign keys refuse is rolled back and reported as CONFLICT", async () => {
    // Deleting the customer while her rentals and payments are not mapped: the database says no.
    const careless = loadDataset("identity:\n  email: customer.email\ntables:\n  customer: delete\n  address: reference\n");
    const before = await dump();
    await assert.rejects(
      eraseSubject(conn, careless, { kind: "email", value: EMAIL }, { hash, storeKey: "sakila" }),
      (e) => isDomainError(e, "CONFLICT") && !e.message.toLowerCase().includes("mary"),
    );
    assert.deepEqual(await dump(), before);
  });

  test("erasure leaves no row carrying her name, e-mail or address, keeps her payments restricted, and leaves other customers untouched", async () => {
    const othersBefore = await others();
    const paymentsBefore = await count(`SELECT count(*) FROM payment WHERE customer_id = ${mary.customerId}`);
    const r = await eraseSubject(conn, dataset, { kind: "email", value: EMAIL }, { hash, storeKey: "sakila" });
    assert.deepEqual(r.changed.map((c) => c.table).sort(), ["address", "customer"]);
    assert.equal(r.restricted.find((x) => x.table === "payment")?.keys.length, paymentsBefore);
    assert.equal(await count(`SELECT count(*) FROM payment WHERE customer_id = ${mary.customerId}`), paymentsBefore);
    // Her identifying values as loaded (Sakila's dump leaves many phones and districts blank: skip those).
    const needles = [EMAIL, String(mary.address.address), String(mary.address.phone ?? "")].map((s) => s.trim().toLowerCase()).filter((s) => s.length >= 6);
    assert.ok(needles.length >= 2);
    for (const [t, rows] of await dump()) {
      for (const row of rows) {
        const lower = row.toLowerCase();
        for (const n of needles) assert.ok(!lower.includes(n), `${t} still carries her data`);
        const o = JSON.parse(row);
        assert.ok(!(o.first_name === "MARY" && o.last_name === "SMITH"), `${t} still carries her name`);
      }
    }
    assert.deepEqual(await others(), othersBefore);
    const again = await findSubject(conn, dataset, { kind: "email", value: EMAIL });
    assert.equal(again.totalRows, 0);
  });

  test("running a completed erasure again changes nothing", async () => {
    const before = await dump();
    const r = await eraseSubject(conn, dataset, { kind: "email", value: EMAIL }, { hash, storeKey: "sakila" });
    assert.deepEqual(r.changed, []);
    assert.deepEqual(await dump(), before);
  });
}
