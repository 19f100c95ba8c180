import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lintPolicy } from "@pipguard/core";
import { DEMO_PRIVACY_POLICY } from "./demo-policy.js";

describe("the demo privacy policy", () => {
  it("meets every content requirement the policy linter checks (PIPL Art. 17, Shenzhen plan)", () => {
    const r = lintPolicy(DEMO_PRIVACY_POLICY);
    const missing = r.requirements.filter((x) => x.status !== "found").map((x) => x.id);
    assert.deepEqual(missing, []);
  });
});
