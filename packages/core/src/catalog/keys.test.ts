import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatFieldRef, KEY_PATTERN, PERIOD_PATTERN, parseFieldRef } from "./keys.js";

describe("field references and identifier shapes", () => {
  it("splits storeKey:table.column at the first ':' and the last '.', so a table may carry its schema", () => {
    assert.deepEqual(parseFieldRef("crm:public.members.mobile"), { storeKey: "crm", table: "public.members", column: "mobile" });
    assert.deepEqual(parseFieldRef(formatFieldRef("orders", "orders", "id")), { storeKey: "orders", table: "orders", column: "id" });
  });

  it("rejects references missing a part", () => {
    for (const bad of ["crm", "crm:members", ":t.c", "crm:.c", "crm:t.", "crm.t.c"]) assert.equal(parseFieldRef(bad), undefined, bad);
  });

  it("keeps ':' and '.' out of keys and accepts ISO 8601 periods only", () => {
    assert.equal(KEY_PATTERN.test("crm-db_2"), true);
    assert.equal(KEY_PATTERN.test("crm:db"), false);
    assert.equal(KEY_PATTERN.test("crm.db"), false);
    assert.equal(PERIOD_PATTERN.test("P1Y6M"), true);
    assert.equal(PERIOD_PATTERN.test("P"), false);
    assert.equal(PERIOD_PATTERN.test("3 years"), false);
  });
});
