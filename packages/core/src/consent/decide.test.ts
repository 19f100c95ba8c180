import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeHasher } from "../testing/hasher.js";
import { chainEvent } from "./chain.js";
import { compilePurpose, decide, PERSONALISED_RECOMMENDATION } from "./decide.js";
import { type ConsentState, projectStates, stateKey } from "./state.js";
import type { ConsentAction, ConsentEventKind } from "./types.js";

const general = compilePurpose({ code: "newsletter", legalBasis: "consent", requiredConsentKind: "general" });
const separate = compilePurpose({ code: "face_login", legalBasis: "consent", requiredConsentKind: "separate" });
const contract = compilePurpose({ code: "delivery", legalBasis: "contract", requiredConsentKind: "none" });
const recommend = compilePurpose({ code: PERSONALISED_RECOMMENDATION, legalBasis: "consent", requiredConsentKind: "general", automatedDecision: true });

function state(action: ConsentAction, kind: ConsentEventKind = "general", policyVersion = 1, at = "2025-01-01T00:00:00.000Z"): ConsentState {
  return { app: "shop", action, kind, policyVersion, at, eventId: "e", seq: 1, lastRefusalMs: Number.NaN };
}

describe("decide", () => {
  it("allows processing on a legal basis other than consent without any consent (PIPL Art. 13(2)–(7))", () => {
    const d = decide({ purpose: contract, state: undefined });
    assert.equal(d.allow, true);
    assert.equal(d.reason, "legal_basis_not_consent");
  });

  it("denies without consent and allows once consent is given", () => {
    assert.equal(decide({ purpose: general, state: undefined }).reason, "no_consent");
    assert.equal(decide({ purpose: general, state: state("refuse") }).reason, "no_consent");
    const d = decide({ purpose: general, state: state("grant") });
    assert.deepEqual([d.allow, d.reason], [true, "consent_given"]);
  });

  it("denies a purpose needing separate consent when only general consent was given (Art. 29)", () => {
    const d = decide({ purpose: separate, state: state("grant", "general") });
    assert.deepEqual([d.allow, d.reason, d.article], [false, "missing_separate_consent", "PIPL Art. 23, 29, 39"]);
    assert.equal(decide({ purpose: separate, state: state("grant", "separate") }).allow, true);
  });

  it("denies at once after withdrawal (Art. 15)", () => {
    const d = decide({ purpose: separate, state: state("withdraw", "separate") });
    assert.deepEqual([d.allow, d.reason], [false, "withdrawn"]);
  });

  it("needs a guardian's consent for a child under 14, even when the child said yes (Art. 31)", () => {
    const child = { under14: true };
    assert.equal(decide({ purpose: general, state: undefined, subject: child }).reason, "guardian_consent_required");
    assert.equal(decide({ purpose: general, state: state("grant", "separate"), subject: child }).reason, "guardian_consent_required");
    assert.equal(decide({ purpose: separate, state: state("grant", "guardian"), subject: child }).allow, true);
  });

  it("requires fresh consent after a material policy change (Art. 14 para. 2), not after a minor one", () => {
    assert.equal(decide({ purpose: general, state: state("grant", "general", 1), policy: { version: 3, materialSince: 2 } }).reason, "reconsent_required");
    assert.equal(decide({ purpose: general, state: state("grant", "general", 2), policy: { version: 3, materialSince: 2 } }).reason, "consent_given");
  });

  it("requires fresh consent when the purpose itself changed after the consent", () => {
    const changed = compilePurpose({ code: "newsletter", legalBasis: "consent", requiredConsentKind: "general", materialChangeAt: "2025-02-01T00:00:00Z" });
    assert.equal(decide({ purpose: changed, state: state("grant") }).reason, "reconsent_required");
    assert.equal(decide({ purpose: changed, state: state("grant", "general", 1, "2025-03-01T00:00:00Z") }).reason, "consent_given");
  });

  it("tells a recommender to serve non-personalised results when consent is missing (Art. 24)", () => {
    assert.equal(decide({ purpose: recommend, state: undefined }).nonPersonalised, true);
    assert.equal(decide({ purpose: recommend, state: state("grant") }).nonPersonalised, false);
    assert.equal(decide({ purpose: general, state: undefined }).nonPersonalised, false);
  });

  it("decides from the state projected from the ledger: the last event wins", () => {
    const h = new FakeHasher();
    const base = {
      subjectId: "s1",
      app: "shop",
      purpose: "face_login",
      kind: "separate" as const,
      policyVersion: 1,
      policyHash: "",
      noticeHash: "",
      channel: "app",
    };
    const e1 = chainEvent({ ...base, id: "1", action: "grant", at: "2025-01-01T00:00:00Z" }, null, h);
    const e2 = chainEvent({ ...base, id: "2", action: "withdraw", at: "2025-01-02T00:00:00Z" }, e1, h);
    const states = projectStates([e1, e2]);
    assert.equal(decide({ purpose: separate, state: states.get(stateKey("s1", "face_login")) }).reason, "withdrawn");
    assert.equal(states.get(stateKey("s1", "face_login"))!.lastRefusalMs, Date.parse("2025-01-02T00:00:00Z"));
  });
});
