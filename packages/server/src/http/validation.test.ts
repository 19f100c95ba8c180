import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "@hono/zod-openapi";
import { RecordConsentBatchSchema } from "./routes/consent/schemas.js";
import { parsedSynchronously } from "./validation.js";

const ok = { subjectId: "s-1", app: "shop", purpose: "newsletter", action: "grant", policyVersion: 1 };

describe("parsedSynchronously", () => {
  it("answers the validator's async parse with the same data and the same issues as zod's own async parse", async () => {
    const schema = parsedSynchronously(RecordConsentBatchSchema);
    // zod's own async parse (the interpreted path), which the override stands in for.
    const zodAsync = (data: unknown) => z.safeParseAsync(schema, data);
    const bodies: unknown[] = [
      { events: [ok, { ...ok, kind: "separate", channel: "app", idempotencyKey: "k" }] }, // defaults filled in
      { events: [] },
      { events: [{ ...ok, extra: 1 }] },
      { events: [{ ...ok, action: "maybe", policyVersion: 0, noticeHash: "nothex" }, { app: "" }] },
      { events: "no" },
      null,
    ];
    for (const body of bodies) {
      const mine = await schema.safeParseAsync(body);
      const theirs = await zodAsync(body);
      assert.equal(mine.success, theirs.success);
      if (mine.success && theirs.success) assert.deepEqual(mine.data, theirs.data);
      else assert.deepEqual(z.treeifyError(mine.error!), z.treeifyError(theirs.error!));
    }
    assert.equal((await schema.safeParseAsync(bodies[0])).data?.events[0]?.kind, "general");
  });
});
