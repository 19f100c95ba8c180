import assert from "node:assert/strict";
import { test } from "node:test";
import { isDomainError } from "../errors.js";
import { bindDataset, parseDataset } from "./subject-dataset.js";
import { isExclusiveParent, maskColumnValue, planErasure, traversalEdges } from "./subject-plan.js";
import { foldPartitions, type SchemaModel, type TableInfo } from "./subject-schema.js";

const col = (name: string, nullable = true) => ({ name, type: "text", nullable, maxLength: null });
const table = (name: string, cols: string[], pk: string[]): TableInfo => ({
  name,
  columns: cols.map((c) => col(c, !pk.includes(c))),
  primaryKey: pk,
  partitions: [],
});
const fk = (t: string, c: string, rt: string) => ({ name: `${t}_${c}_fkey`, table: t, columns: [c], refTable: rt, refColumns: [c] });

const schema: SchemaModel = {
  tables: [
    table("city", ["city_id", "city"], ["city_id"]),
    table("address", ["address_id", "address", "phone", "city_id"], ["address_id"]),
    table("customer", ["customer_id", "email", "first_name", "address_id"], ["customer_id"]),
    table("rental", ["rental_id", "customer_id"], ["rental_id"]),
    table("payment", ["payment_id", "customer_id", "rental_id"], ["payment_id"]),
    table("note", ["note_id", "customer_id"], ["note_id"]),
  ],
  foreignKeys: [
    fk("address", "city_id", "city"),
    fk("customer", "address_id", "address"),
    fk("rental", "customer_id", "customer"),
    fk("payment", "customer_id", "customer"),
    fk("payment", "rental_id", "rental"),
    fk("note", "customer_id", "customer"),
  ],
};

const dataset = parseDataset({
  identity: { email: "customer.email" },
  tables: {
    city: "reference",
    customer: { action: "anonymise", columns: { email: "hash", first_name: { fixed: "ERASED" } } },
    address: { action: "anonymise", columns: { address: { fixed: "ERASED" }, phone: { mask: { keepEnd: 2 } } } },
    payment: { action: "retain", legalBasis: "PIPL Art. 47; Accounting Law Art. 23" },
    rental: { action: "retain", legalBasis: "referenced by retained payments" },
    note: "delete",
  },
});

test("traversal never enters a table the dataset marks as reference", () => {
  const edges = traversalEdges(schema, dataset);
  assert.deepEqual(edges.parents.get("address") ?? [], []);
  assert.deepEqual(
    (edges.children.get("customer") ?? []).map((f) => f.table),
    ["rental", "payment", "note"],
  );
  assert.deepEqual(
    (edges.parents.get("customer") ?? []).map((f) => f.refTable),
    ["address"],
  );
});

test("a relation the dataset ignores is not followed", () => {
  const ds = parseDataset({ identity: { email: "customer.email" }, tables: {}, ignoreRelations: ["payment.rental_id"] });
  assert.deepEqual(
    (traversalEdges(schema, ds).children.get("rental") ?? []).map((f) => f.table),
    [],
  );
  assert.deepEqual(
    (traversalEdges(schema, dataset).children.get("rental") ?? []).map((f) => f.table),
    ["payment"],
  );
  assert.throws(
    () => bindDataset(parseDataset({ identity: { email: "customer.email" }, tables: {}, ignoreRelations: ["payment.nope"] }), schema),
    /payment\.nope/,
  );
});

test("a parent row is the subject's only when nothing outside the subject references it", () => {
  const owned = new Set(['["1"]']);
  assert.equal(isExclusiveParent(['["1"]'], owned), true);
  assert.equal(isExclusiveParent(['["1"]', '["2"]'], owned), false);
});

test("erasure updates first, deletes referencing tables first, and lists retained rows as restricted", () => {
  const plan = planErasure({
    schema,
    dataset,
    found: [
      { table: "customer", reach: "identity", rows: [{ customer_id: 1, email: "x@y", first_name: "A", address_id: 5 }] },
      { table: "note", reach: "child", rows: [{ note_id: 9, customer_id: 1 }] },
      { table: "payment", reach: "child", rows: [{ payment_id: 3, customer_id: 1, rental_id: 2 }] },
      { table: "address", reach: "parent", rows: [{ address_id: 5, address: "x", phone: "123", city_id: 1 }] },
    ],
  });
  assert.deepEqual(
    plan.steps.map((s) => `${s.kind}:${s.table}`),
    ["update:customer", "update:address", "delete:note"],
  );
  assert.deepEqual(plan.restricted, [
    { table: "payment", legalBasis: "PIPL Art. 47; Accounting Law Art. 23", keyColumns: ["payment_id"], keys: [{ payment_id: 3 }] },
  ]);
  assert.equal(plan.tables.find((t) => t.table === "payment")?.action, "retain");
});

test("deletes run in foreign-key order whatever order the rows were found in", () => {
  const ds = parseDataset({ identity: { email: "customer.email" }, tables: { customer: "delete", rental: "delete", payment: "delete" } });
  const plan = planErasure({
    schema,
    dataset: ds,
    found: ["customer", "rental", "payment"].map((t) => ({ table: t, reach: "child" as const, rows: [{ [`${t}_id`]: 1 }] })),
  });
  assert.deepEqual(
    plan.steps.map((s) => s.table),
    ["payment", "rental", "customer"],
  );
});

test("a dataset naming a missing column, or nulling a NOT NULL column, is rejected with its path", () => {
  const missing = parseDataset({ identity: { email: "customer.mail" }, tables: {} });
  assert.throws(
    () => bindDataset(missing, schema),
    (e) => isDomainError(e, "VALIDATION_FAILED") && e.details?.path === "identity.email",
  );
  const notNull = parseDataset({ identity: { email: "customer.email" }, tables: { customer: { action: "anonymise", columns: { customer_id: null } } } });
  assert.throws(
    () => bindDataset(notNull, schema),
    (e) => isDomainError(e, "VALIDATION_FAILED"),
  );
  const conflict = parseDataset({ identity: { email: "customer.email" }, tables: { customer: "delete", payment: { action: "retain", legalBasis: "law" } } });
  assert.throws(() => bindDataset(conflict, schema), /cannot delete customer/);
  assert.throws(() => parseDataset({ identity: { email: "customer.email" }, tables: { payment: { action: "retain" } } }), /legalBasis/);
});

test("partitions fold into their root table with their foreign keys re-pointed and de-duplicated", () => {
  const folded = foldPartitions(
    [
      table("customer", ["customer_id"], ["customer_id"]),
      table("payment", ["payment_id", "customer_id"], []),
      table("payment_p1", ["payment_id", "customer_id"], ["payment_id"]),
      table("payment_p2", ["payment_id", "customer_id"], ["payment_id"]),
    ],
    [fk("payment", "customer_id", "customer"), fk("payment_p1", "customer_id", "customer"), fk("payment_p2", "customer_id", "customer")],
    new Map([
      ["payment_p1", "payment"],
      ["payment_p2", "payment"],
    ]),
  );
  const payment = folded.tables.find((t) => t.name === "payment");
  assert.deepEqual(payment?.partitions, ["payment_p1", "payment_p2"]);
  assert.deepEqual(payment?.primaryKey, ["payment_id"]);
  assert.equal(folded.tables.length, 2);
  assert.equal(folded.foreignKeys.length, 1);
});

test("masking keeps the configured ends and is stable when applied twice", () => {
  const m = { keepStart: 0, keepEnd: 2, char: "*" };
  assert.equal(maskColumnValue("13800138000", m), "*********00");
  assert.equal(maskColumnValue(maskColumnValue("13800138000", m), m), "*********00");
  assert.equal(maskColumnValue("1", m), "*");
});
