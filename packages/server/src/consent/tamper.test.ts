import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { consentArea, verifyLedger } from "./index.js";
import { setupConsentFixture } from "./testing.js";

// Tamper evidence: whatever is done to ledger rows directly in the database, `ledger verify` names the
// first position that no longer holds what was appended there.
let t: TestApp;
let original: Awaited<ReturnType<typeof rows>>;
const rows = () => t.ctx.db.kysely.selectFrom("consent_events").selectAll().orderBy("seq").execute();
const N = 12;

before(async () => {
  t = await createTestApp({ users: false });
  const f = await setupConsentFixture(t.ctx);
  const { consent } = consentArea(t.ctx);
  for (let i = 0; i < N; i++) {
    await consent.record({
      subjectId: f.adult,
      app: "shop",
      purpose: "newsletter",
      action: i % 3 === 2 ? "withdraw" : "grant",
      kind: "general",
      policyVersion: 1,
      channel: `c${i}`,
    });
  }
  original = await rows();
});
after(() => t.dispose());

beforeEach(async () => {
  await t.ctx.db.kysely.deleteFrom("consent_events").execute();
  await t.ctx.db.kysely.insertInto("consent_events").values(original).execute();
});

async function brokenAt(): Promise<[number, string] | "ok"> {
  const v = await verifyLedger(t.ctx);
  return v.ok ? "ok" : [v.position, v.problem];
}

describe("ledger tamper evidence (rows changed directly in the database)", () => {
  it("verifies the untouched ledger", async () => {
    assert.equal(await brokenAt(), "ok");
  });

  it("reports an edited row at its position", async () => {
    await t.ctx.db.kysely.updateTable("consent_events").set({ action: "grant" }).where("seq", "=", 6).execute();
    assert.deepEqual(await brokenAt(), [6, "hash_mismatch"]);
  });

  it("reports a row whose stored hash was overwritten at its position", async () => {
    await t.ctx.db.kysely
      .updateTable("consent_events")
      .set({ hash: "f".repeat(64) })
      .where("seq", "=", 3)
      .execute();
    assert.deepEqual(await brokenAt(), [3, "hash_mismatch"]);
  });

  it("reports a deleted row at the position it held, including the last one", async () => {
    await t.ctx.db.kysely.deleteFrom("consent_events").where("seq", "=", 4).execute();
    assert.deepEqual(await brokenAt(), [4, "sequence_gap"]);
    await t.ctx.db.kysely.deleteFrom("consent_events").execute();
    await t.ctx.db.kysely.insertInto("consent_events").values(original.slice(0, -1)).execute();
    assert.deepEqual(await brokenAt(), [N, "head_mismatch"]);
  });

  it("reports an inserted row at its position, in the middle or at the end", async () => {
    const forged = { ...original[0]!, id: "forged-1", subject_id: "someone", seq: N + 1, prev_hash: original[N - 1]!.hash };
    await t.ctx.db.kysely.insertInto("consent_events").values(forged).execute();
    assert.deepEqual(await brokenAt(), [N + 1, "hash_mismatch"]);
    // Make room at position 5 (two steps, so the unique seq never collides) and slip a row in.
    await t.ctx.db.kysely.deleteFrom("consent_events").where("id", "=", "forged-1").execute();
    await t.ctx.db.kysely
      .updateTable("consent_events")
      .set((eb) => ({ seq: eb("seq", "+", 1000) }))
      .where("seq", ">=", 5)
      .execute();
    await t.ctx.db.kysely
      .updateTable("consent_events")
      .set((eb) => ({ seq: eb("seq", "-", 999) }))
      .where("seq", ">=", 1000)
      .execute();
    await t.ctx.db.kysely
      .insertInto("consent_events")
      .values({ ...forged, seq: 5, prev_hash: original[3]!.hash })
      .execute();
    assert.deepEqual(await brokenAt(), [5, "hash_mismatch"]);
  });

  it("reports two swapped rows at the first of them", async () => {
    const a = original[2]!;
    const b = original[8]!;
    await t.ctx.db.kysely.deleteFrom("consent_events").where("seq", "in", [3, 9]).execute();
    await t.ctx.db.kysely
      .insertInto("consent_events")
      .values([
        { ...b, seq: 3 },
        { ...a, seq: 9 },
      ])
      .execute();
    assert.deepEqual(await brokenAt(), [3, "prev_hash_mismatch"]);
  });
});
