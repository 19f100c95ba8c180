import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkOverride } from "./overrides.js";

const codes = (input: Parameters<typeof checkOverride>[0]) => checkOverride(input).map((i) => `${i.field}:${i.code}`);

describe("checkOverride", () => {
  it("accepts kinds that fit the weekday, and holidays on any day", () => {
    assert.deepEqual(codes({ date: "2027-02-06", kind: "holiday", name: "春节 Spring Festival" }), []);
    assert.deepEqual(codes({ date: "2027-02-07", kind: "holiday" }), []); // a Sunday inside a holiday
    assert.deepEqual(codes({ date: "2027-01-30", kind: "adjusted_workday" }), []); // a Saturday
    assert.deepEqual(codes({ date: "2027-01-31", kind: "weekend", name: null }), []);
    assert.deepEqual(codes({ date: "2027-02-01", kind: "workday" }), []);
  });

  it("refuses a working Saturday written as 'workday' and a weekend on a weekday", () => {
    assert.deepEqual(codes({ date: "2027-01-30", kind: "workday" }), ["kind:kind_mismatch"]);
    assert.deepEqual(codes({ date: "2027-02-01", kind: "adjusted_workday" }), ["kind:kind_mismatch"]);
    assert.deepEqual(codes({ date: "2027-02-01", kind: "weekend" }), ["kind:kind_mismatch"]);
  });

  it("names every bad field without quoting the value", () => {
    const issues = checkOverride({ date: "2027-02-30", kind: "day-off", name: "x".repeat(101) });
    assert.deepEqual(
      issues.map((i) => `${i.field}:${i.code}`),
      ["date:invalid_date", "kind:invalid_kind", "name:invalid_name"],
    );
    assert.ok(issues.every((i) => !i.message.includes("2027-02-30") && !i.message.includes("day-off")));
    assert.deepEqual(codes({ date: "1800-01-01", kind: "holiday" }), ["date:invalid_date"]);
    assert.deepEqual(codes({ date: "2027-02-01", kind: "holiday", name: "a\nb" }), ["name:invalid_name"]);
    assert.deepEqual(codes({ date: 20270201, kind: "holiday", name: 5 }), ["date:invalid_date", "name:invalid_name"]);
  });
});
