import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import { renderRequesterNotice } from "./messages.js";
import { REQUEST_STATUSES, REQUEST_TYPES, TERMINAL_STATUSES } from "./types.js";
import { allowedTransitions, checkIntake, checkTransition } from "./workflow.js";

const notAllowed = (e: unknown) => isDomainError(e, "REQUEST_TRANSITION_NOT_ALLOWED");

describe("rights-request workflow", () => {
  it("walks received → identity_verification → in_progress → completed", () => {
    assert.deepEqual(checkTransition({ from: "received", to: "identity_verification", actor: "system", type: "access" }), {});
    assert.deepEqual(checkTransition({ from: "identity_verification", to: "in_progress", actor: "requester", type: "access" }), {});
    assert.deepEqual(checkTransition({ from: "in_progress", to: "completed", actor: "staff", type: "access" }), {});
  });

  it("never lets a requester complete or refuse their own request", () => {
    assert.throws(() => checkTransition({ from: "in_progress", to: "completed", actor: "requester", type: "deletion" }), notAllowed);
    assert.throws(() => checkTransition({ from: "in_progress", to: "refused", actor: "requester", type: "deletion", reason: "exempt_by_law" }), notAllowed);
  });

  it("does not skip identity verification", () => {
    assert.throws(() => checkTransition({ from: "received", to: "in_progress", actor: "staff", type: "copy", note: "x" }), notAllowed);
    assert.throws(() => checkTransition({ from: "received", to: "completed", actor: "staff", type: "copy" }), notAllowed);
  });

  it("freezes completed, refused and cancelled requests", () => {
    for (const from of TERMINAL_STATUSES) {
      for (const to of REQUEST_STATUSES) {
        assert.throws(() => checkTransition({ from, to, actor: "staff", type: "access", reason: "exempt_by_law", note: "n" }), notAllowed);
      }
      assert.deepEqual(allowedTransitions(from, "staff"), []);
    }
  });

  it("requires a listed refusal reason (PIPL Art. 50) and returns it", () => {
    assert.deepEqual(checkTransition({ from: "in_progress", to: "refused", actor: "staff", type: "deletion", reason: "retention_required_by_law" }), {
      reason: "retention_required_by_law",
    });
    for (const reason of [undefined, "", "because"]) {
      assert.throws(
        () => checkTransition({ from: "in_progress", to: "refused", actor: "staff", type: "deletion", ...(reason !== undefined ? { reason } : {}) }),
        (e) => isDomainError(e, "VALIDATION_FAILED"),
      );
    }
  });

  it("accepts the deceased's own arrangement as a reason only for a relative's request (Art. 49)", () => {
    const base = { from: "in_progress", to: "refused", actor: "staff", type: "access", reason: "deceased_wishes_otherwise" } as const;
    assert.throws(
      () => checkTransition(base),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
    assert.deepEqual(checkTransition({ ...base, deceasedRelative: true }), { reason: "deceased_wishes_otherwise" });
  });

  it("asks staff who verify identity by other means to say how", () => {
    assert.throws(
      () => checkTransition({ from: "identity_verification", to: "in_progress", actor: "staff", type: "copy" }),
      (e) => isDomainError(e, "VALIDATION_FAILED"),
    );
    assert.deepEqual(
      checkTransition({ from: "identity_verification", to: "in_progress", actor: "staff", type: "copy", note: "ID card seen at the counter" }),
      {},
    );
  });

  it("leaves a close relative's identity to staff: the code alone does not start work (Art. 49)", () => {
    const base = { from: "identity_verification", to: "in_progress", type: "copy", deceasedRelative: true } as const;
    assert.throws(() => checkTransition({ ...base, actor: "requester" }), notAllowed);
    assert.deepEqual(checkTransition({ ...base, actor: "staff", note: "death certificate seen" }), {});
  });

  it("lets a close relative of a deceased person ask only for access, copy, correction or deletion", () => {
    const allowed = REQUEST_TYPES.filter((type) => {
      try {
        checkIntake({ type, deceasedRelative: true });
        return true;
      } catch (e) {
        assert.ok(isDomainError(e, "VALIDATION_FAILED"));
        return false;
      }
    });
    assert.deepEqual(allowed.sort(), ["access", "copy", "correction", "deletion"]);
    for (const type of REQUEST_TYPES) checkIntake({ type, deceasedRelative: false });
  });
});

describe("requester notices", () => {
  it("puts the code in a bilingual message that names the request and nothing else", () => {
    const m = renderRequesterNotice({ kind: "verification_code", requestId: "r-1", type: "deletion", code: "123456", validMinutes: 10 });
    assert.match(m.subject, /验证码.*Verification code/);
    assert.match(m.text, /123456/);
    assert.match(m.text, /删除个人信息 \/ deletion of personal information/);
    assert.match(m.text, /10 分钟内有效 Valid for 10 minutes/);
  });

  it("gives the refusal reason with its legal basis in Chinese and English", () => {
    const m = renderRequesterNotice({ kind: "refused", requestId: "r-1", type: "deletion", reason: "retention_required_by_law" });
    assert.match(m.text, /保存期限未届满/);
    assert.match(m.text, /PIPL Art\. 47/);
  });
});
