import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { repromptHours, shouldAsk } from "./governor.js";
import type { ConsentState } from "./state.js";
import { isUnder14 } from "./subject.js";

const H = 3_600_000;
const refusedAt = Date.parse("2025-05-01T08:00:00Z");
const refused: ConsentState = {
  app: "shop",
  action: "refuse",
  kind: "general",
  policyVersion: 1,
  at: "2025-05-01T08:00:00Z",
  eventId: "e",
  seq: 1,
  lastRefusalMs: refusedAt,
};

describe("prompt governor (GB/T 41391-2022 6.4.4 c)", () => {
  it("does not ask again within 48 hours of a refusal, and says when it may", () => {
    const a = shouldAsk({ state: refused, nowMs: refusedAt + 47 * H, permission: false });
    assert.deepEqual(a, { ask: false, reason: "refused_recently", retryAfter: "2025-05-03T08:00:00.000Z" });
    assert.equal(shouldAsk({ state: refused, nowMs: refusedAt + 48 * H, permission: false }).ask, true);
  });

  it("does not ask when consent is already in force", () => {
    const granted = { ...refused, action: "grant" as const };
    assert.deepEqual(shouldAsk({ state: granted, nowMs: refusedAt + 100 * H, permission: false }).reason, "consent_in_force");
  });

  it("asks a subject who never answered", () => {
    assert.equal(shouldAsk({ nowMs: refusedAt, permission: true }).ask, true);
  });

  it("lets a purpose configure a shorter or longer quiet period, but never below 48 hours for a permission", () => {
    assert.equal(repromptHours({ configuredHours: 24, permission: false }), 24);
    assert.equal(repromptHours({ configuredHours: 24, permission: true }), 48);
    assert.equal(repromptHours({ configuredHours: 72, permission: true }), 72);
    assert.equal(shouldAsk({ lastRefusalMs: refusedAt, nowMs: refusedAt + 30 * H, configuredHours: 24, permission: true }).ask, false);
    assert.equal(shouldAsk({ state: refused, nowMs: refusedAt + 30 * H, configuredHours: 24, permission: false }).ask, true);
  });
});

describe("isUnder14 (PIPL Art. 31)", () => {
  it("counts a child as under 14 until the 14th birthday", () => {
    assert.equal(isUnder14({ birthDate: "2012-06-15", today: "2026-06-14" }), true);
    assert.equal(isUnder14({ birthDate: "2012-06-15", today: "2026-06-15" }), false);
    assert.equal(isUnder14({ ageBand: "under_14", today: "2026-01-01" }), true);
    assert.equal(isUnder14({ ageBand: "adult", today: "2026-01-01" }), false);
  });
});
