import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeHasher } from "../testing/hasher.js";
import { type ChainHead, canonicalEvent, chainEvent, GENESIS_HASH, verifyChain } from "./chain.js";
import type { ConsentEvent, ConsentEventInput } from "./types.js";

const hasher = new FakeHasher();

function input(i: number): ConsentEventInput {
  return {
    id: `ev-${i}`,
    subjectId: `s-${i % 3}`,
    app: "shop",
    purpose: i % 2 ? "marketing" : "face_login",
    action: i % 4 === 3 ? "withdraw" : "grant",
    kind: "separate",
    policyVersion: 1,
    policyHash: "p".repeat(64),
    noticeHash: "n".repeat(64),
    channel: "app",
    at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
  };
}

function ledger(n: number): { events: ConsentEvent[]; head: ChainHead } {
  const events: ConsentEvent[] = [];
  let head: ChainHead | null = null;
  for (let i = 0; i < n; i++) {
    const e = chainEvent(input(i), head, hasher);
    events.push(e);
    head = { seq: e.seq, hash: e.hash };
  }
  return { events, head: head! };
}

describe("consent ledger hash chain", () => {
  it("links each event to the one before, starting from the genesis hash", () => {
    const { events } = ledger(3);
    assert.equal(events[0]!.prevHash, GENESIS_HASH);
    assert.equal(events[1]!.prevHash, events[0]!.hash);
    assert.deepEqual(
      events.map((e) => e.seq),
      [1, 2, 3],
    );
  });

  it("verifies an untouched ledger and reports its head", () => {
    const { events, head } = ledger(10);
    const v = verifyChain(events, hasher, head);
    assert.deepEqual(v, { ok: true, count: 10, head });
    assert.equal(verifyChain([], hasher, null).ok, true);
  });

  it("reports an edited event at its position", () => {
    const { events, head } = ledger(10);
    events[4] = { ...events[4]!, action: "grant", purpose: "other" };
    assert.deepEqual(verifyChain(events, hasher, head), { ok: false, count: 10, position: 5, seq: 5, problem: "hash_mismatch" });
  });

  it("reports a deleted event at the position it held", () => {
    const { events, head } = ledger(10);
    events.splice(6, 1);
    const v = verifyChain(events, hasher, head);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.position, 7);
    assert.equal(!v.ok && v.problem, "sequence_gap");
  });

  it("reports an inserted event at its position, even when renumbered to fit", () => {
    const { events, head } = ledger(10);
    const forged = { ...events[2]!, id: "forged", subjectId: "s-x" };
    const renumbered = [...events.slice(0, 3), { ...forged, seq: 4 }, ...events.slice(3).map((e) => ({ ...e, seq: e.seq + 1 }))];
    const v = verifyChain(renumbered, hasher, head);
    assert.equal(!v.ok && v.position, 4);
  });

  it("reports two swapped events at the first of them", () => {
    const { events, head } = ledger(10);
    const swapped = [...events];
    [swapped[3], swapped[7]] = [
      { ...events[7]!, seq: 4 },
      { ...events[3]!, seq: 8 },
    ];
    const v = verifyChain(swapped, hasher, head);
    assert.equal(!v.ok && v.position, 4);
  });

  it("catches an event appended behind the ledger's back with a correct hash, and a cut-off tail", () => {
    const { events, head } = ledger(5);
    const extra = chainEvent(input(99), head, hasher);
    const v = verifyChain([...events, extra], hasher, head);
    assert.deepEqual(v.ok ? null : [v.position, v.problem], [6, "head_mismatch"]);
    const cut = verifyChain(events.slice(0, 3), hasher, head);
    assert.deepEqual(cut.ok ? null : [cut.position, cut.problem], [4, "head_mismatch"]);
  });

  it("hashes the exact JSON array text every stored hash was computed over, whatever the field values", () => {
    // Stored hashes were computed over JSON.stringify of the fields in this order; a ledger written
    // before the hand-built canonical form must still verify, so the two texts must be identical.
    const asArray = (e: ConsentEvent) =>
      JSON.stringify([e.seq, e.prevHash, e.id, e.subjectId, e.app, e.purpose, e.action, e.kind, e.policyVersion, e.policyHash, e.noticeHash, e.channel, e.at]);
    const odd = ['quote " and \\ backslash', "tab\tnew\nline\u0000\u001f", "中文渠道", "emoji 😀", "lone \ud800 surrogate", "\u2028\u2029", "</script>", ""];
    const { events } = ledger(3);
    const cases: ConsentEvent[] = [...events];
    for (const v of odd) cases.push({ ...events[0]!, id: v, subjectId: v, app: v, purpose: v, channel: v, at: v, noticeHash: v, policyHash: v, prevHash: v });
    cases.push({ ...events[0]!, seq: 2 ** 53 + 2, policyVersion: 1.5 });
    cases.push({ ...events[0]!, seq: Number.NaN, policyVersion: -0 });
    for (const e of cases) assert.equal(canonicalEvent(e), asArray(e));
    // And a chained event carries the hash of that text.
    assert.equal(events[1]!.hash, hasher.sha256Hex(asArray(events[1]!)));
  });
});
