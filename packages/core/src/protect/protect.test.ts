import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import type { Hasher } from "../ports/hasher.js";
import { type AccessEntry, canonicalAccessEntry, chainAccessEntry, verifyAccessChain } from "./access-chain.js";
import { assertGrantUsable, assertJustification, isUnusualVolume, isWithinHours, median, shanghaiDay } from "./grant.js";
import { CANARY_EVERY, canaryPrint, canaryRow, isCanarySlot, scoreLeak } from "./leak.js";
import { maskRow, type ViewSpec, validateView } from "./view.js";

const hasher: Hasher = { sha256Hex: (s) => createHash("sha256").update(s).digest("hex") };
const macFor = (key: string) => (m: string) => createHmac("sha256", key).update(m).digest("hex");

const view: ViewSpec = {
  name: "broadband-leads",
  store: "crm",
  table: "customers",
  fields: [
    { column: "mobile", mask: "mask", piType: "cn_mobile" },
    { column: "name", mask: "mask", piType: "person_name" },
    { column: "plan", mask: "none" },
  ],
  filter: [{ column: "status", op: "eq", value: "active" }],
  subject: { column: "mobile", identity: "mobile" },
};

describe("views", () => {
  it("masks per field with core's presets", () => {
    assert.deepEqual(maskRow(view, { mobile: "13812345678", name: "张三丰", plan: "200M", status: "active" }), {
      mobile: "138****5678",
      name: "张**",
      plan: "200M",
    });
  });
  it("refuses identifiers that are not plain and masks without a PI type", () => {
    assert.throws(
      () => validateView({ ...view, table: "customers; drop table x" }),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
    assert.throws(
      () => validateView({ ...view, fields: [{ column: "mobile", mask: "mask" }] }),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
    assert.throws(
      () => validateView({ ...view, filter: [{ column: "a", op: "in", values: [] }] }),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
    assert.equal(validateView(view), view);
  });
});

describe("grants", () => {
  const g = { id: "g1", status: "active" as const, expiresAt: "2026-12-01T00:00:00Z", dailyRowQuota: 100, allowedHours: { start: 9, end: 18 } };
  it("refuses expired, suspended and revoked grants with stable codes", () => {
    assert.doesNotThrow(() => assertGrantUsable(g, new Date("2026-11-30T00:00:00Z")));
    assert.throws(
      () => assertGrantUsable(g, new Date("2026-12-01T00:00:00Z")),
      (e) => isDomainError(e, "GRANT_EXPIRED"),
    );
    assert.throws(
      () => assertGrantUsable({ ...g, status: "suspended" }, new Date("2026-11-30T00:00:00Z")),
      (e) => isDomainError(e, "GRANT_SUSPENDED"),
    );
    assert.throws(
      () => assertGrantUsable({ ...g, status: "revoked" }, new Date("2026-11-30T00:00:00Z")),
      (e) => isDomainError(e, "GRANT_REVOKED"),
    );
  });
  it("reads allowed hours and days in Asia/Shanghai (UTC+8)", () => {
    assert.equal(isWithinHours(g.allowedHours, new Date("2026-11-30T01:00:00Z")), true); // 09:00 CST
    assert.equal(isWithinHours(g.allowedHours, new Date("2026-11-30T00:59:00Z")), false); // 08:59 CST
    assert.equal(isWithinHours(g.allowedHours, new Date("2026-11-30T10:00:00Z")), false); // 18:00 CST
    assert.equal(isWithinHours({ start: 22, end: 6 }, new Date("2026-11-30T20:00:00Z")), true); // 04:00 CST
    assert.equal(shanghaiDay(new Date("2026-11-30T16:30:00Z")), "2026-12-01");
  });
  it("flags a day above three times the 7-day median, never without history", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.deepEqual(isUnusualVolume(301, [100, 100, 100, 0, 100, 100, 100]), { unusual: true, median: 100 });
    assert.equal(isUnusualVolume(300, [100, 100, 100, 0, 100, 100, 100]).unusual, false);
    assert.equal(isUnusualVolume(10_000, [0, 0, 0, 0, 0, 0, 0]).unusual, false);
  });
  it("refuses a reveal without a written justification", () => {
    assert.throws(
      () => assertJustification(undefined),
      (e) => isDomainError(e, "JUSTIFICATION_REQUIRED"),
    );
    assert.throws(
      () => assertJustification("   need it    "),
      (e) => isDomainError(e, "JUSTIFICATION_REQUIRED"),
    );
    assert.equal(assertJustification(" 客户来电要求回拨确认宽带升级预约时间 "), "客户来电要求回拨确认宽带升级预约时间");
  });
});

describe("access log chain", () => {
  const entries: AccessEntry[] = [];
  for (let i = 0; i < 5; i++) {
    const head = entries.at(-1) ?? null;
    entries.push(
      chainAccessEntry(
        {
          id: `e${i}`,
          at: `2026-11-30T0${i}:00:00Z`,
          actor: "contractor:c1",
          action: "view_pull",
          grantId: "g1",
          purpose: "telemarketing",
          target: "view:leads",
          subjectIds: [`s${i}`],
          fields: ["mobile"],
          rowCount: 1,
          justification: null,
        },
        head ? { seq: head.seq, hash: head.hash } : null,
        hasher,
      ),
    );
  }
  const head = { seq: 5, hash: (entries[4] as AccessEntry).hash };
  it("verifies an untouched log", () => assert.deepEqual(verifyAccessChain(entries, hasher, head), { ok: true, count: 5, head }));
  it("finds the first tampered row", () => {
    const tampered = entries.map((e, i) => (i === 2 ? { ...e, rowCount: 0 } : e));
    const v = verifyAccessChain(tampered, hasher, head);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.position, 3);
    assert.equal(!v.ok && v.problem, "hash_mismatch");
  });
  it("hashes the same text as ever: the array of the entry's fields in a fixed order, as JSON", () => {
    // Logs written before the subject ids' JSON was passed in must still verify.
    const e = { ...(entries[1] as AccessEntry), subjectIds: ['s"1', "王"], justification: "外呼 \n 核实", grantId: null, purpose: null };
    const plain = JSON.stringify([
      e.seq,
      e.prevHash,
      e.id,
      e.at,
      e.actor,
      e.action,
      e.grantId,
      e.purpose,
      e.target,
      e.subjectIds,
      e.fields,
      e.rowCount,
      e.justification,
    ]);
    assert.equal(canonicalAccessEntry(e), plain);
    assert.equal(canonicalAccessEntry({ ...e, subjectIds: [] }, "[]"), JSON.stringify(JSON.parse(plain).with(9, [])));
  });
  it("finds a deleted row and a truncated tail", () => {
    const v = verifyAccessChain([...entries.slice(0, 1), ...entries.slice(2)], hasher, head);
    assert.equal(!v.ok && v.position, 2);
    const t = verifyAccessChain(entries.slice(0, 4), hasher, head);
    assert.equal(!t.ok && t.problem, "head_mismatch");
  });
});

describe("leak marks", () => {
  const customers = Array.from({ length: 2000 }, (_, i) => ({
    id: i,
    mobile: `139${String(10_000_000 + i * 37).slice(0, 8)}`,
    name: "王小明",
    plan: ["100M", "300M", "1000M"][i % 3] as string,
  }));
  const output = (key: string) => {
    const mac = macFor(key);
    const rows: { cells: string[]; canary: boolean }[] = [];
    const canaries = [];
    for (const c of customers) {
      rows.push({ cells: Object.values(maskRow(view, c)).map(String), canary: false });
      if (isCanarySlot(mac, String(c.id))) {
        const out = maskRow(view, canaryRow(view, mac, String(c.id), c));
        rows.push({ cells: Object.values(out).map(String), canary: true });
        canaries.push(canaryPrint(view, out));
      }
    }
    return { rows, canaries };
  };
  it("adds about one canary per CANARY_EVERY rows, different per grant, with valid-looking mobiles", () => {
    const a = output("grant-a");
    const b = output("grant-b");
    assert.ok(a.canaries.length > 2000 / CANARY_EVERY / 2 && a.canaries.length < (2000 / CANARY_EVERY) * 2, String(a.canaries.length));
    assert.notDeepEqual(a.canaries, b.canaries);
    for (const c of a.canaries) assert.match(c.cells[0] as string, /^1[3-9]\d\*{4}\d{4}$/);
  });
  it("names the grant a leaked subset came from, with columns reordered, and not another grant", () => {
    const a = output("grant-a");
    const b = output("grant-b");
    const leaked = a.rows.filter((_, i) => i % 3 === 0).map((r) => [r.cells[2], r.cells[0], r.cells[1]]);
    const scores = scoreLeak(leaked, [
      { grantId: "b", canaries: b.canaries, refHits: 0 },
      { grantId: "a", canaries: a.canaries, refHits: 0 },
    ]);
    assert.equal(scores[0]?.grantId, "a");
    assert.ok((scores[0]?.confidence ?? 0) > 0.99, JSON.stringify(scores[0]));
    assert.ok((scores[1]?.confidence ?? 1) < 0.5, JSON.stringify(scores[1]));
  });
  it("has no confidence in a file of real rows only", () => {
    const a = output("grant-a");
    const scores = scoreLeak(
      a.rows.filter((r) => !r.canary).map((r) => r.cells),
      [{ grantId: "a", canaries: a.canaries, refHits: 0 }],
    );
    assert.equal(scores[0]?.canaryHits, 0);
    assert.equal(scores[0]?.confidence, 0);
  });
});
