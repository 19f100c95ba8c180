import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { FakeClock } from "@pipguard/core/testing";
import { waitFor } from "../jobs/testing.js";
import { type RunningWorker, startWorker } from "../jobs/worker.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { TokenVault } from "./vault.js";
import { loadVault, saveVault } from "./vault-repo.js";

describe("token vault storage", () => {
  let t: TestApp | undefined;
  let worker: RunningWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await t?.dispose();
    t = undefined;
  });

  const row = async (app: TestApp, id: string) =>
    app.ctx.db.kysely.selectFrom("pi_token_vaults").select(["data_ct", "expires_at", "entries"]).where("id", "=", id).executeTakeFirst();

  it("pushes back the expiry of a reused vault without re-encrypting it when no token was added", async () => {
    const clock = new FakeClock("2025-05-01T00:00:00.000Z");
    t = await createTestApp({ clock });
    const v = new TokenVault();
    assert.equal(v.changed, false);
    const tok = v.tokenize("cn_mobile", "13800138000");
    assert.equal(v.changed, true);
    const id = await saveVault(t.ctx, v, "user:a");
    const first = await row(t, id);
    clock.advance(3600_000);
    const again = await loadVault(t.ctx, id, "user:a");
    assert.equal(again.changed, false);
    assert.equal(again.tokenize("cn_mobile", "13800138000"), tok, "the same value keeps its token");
    await saveVault(t.ctx, again, "user:a", id);
    const second = await row(t, id);
    assert.equal(second?.data_ct, first?.data_ct, "not rewritten");
    assert.ok(second!.expires_at > first!.expires_at, "expiry pushed back");
    const grown = await loadVault(t.ctx, id, "user:a");
    grown.tokenize("cn_mobile", "13900139000");
    await saveVault(t.ctx, grown, "user:a", id);
    assert.equal((await row(t, id))?.entries, 2);
    assert.equal((await loadVault(t.ctx, id, "user:a")).restore(`<cn_mobile_2>`), "13900139000");
  });

  it("purges expired vaults in the detect.vaults-purge job and keeps live ones", async () => {
    const clock = new FakeClock("2025-05-01T00:00:00.000Z");
    t = await createTestApp({ clock });
    const old = new TokenVault();
    old.tokenize("cn_mobile", "13800138000");
    const oldId = await saveVault(t.ctx, old, "user:a");
    clock.advance(23 * 3600_000);
    const live = new TokenVault();
    live.tokenize("email", "a@example.com");
    const liveId = await saveVault(t.ctx, live, "user:a");
    clock.advance(2 * 3600_000); // the first is 25 h old (past its day), the second 2 h
    const job = await t.ctx.jobs.enqueue("detect.vaults-purge");
    worker = startWorker(t.ctx, { pollMs: 10, schedules: false, types: ["detect.vaults-purge"] });
    const jobs = t.ctx.jobs;
    await waitFor("the purge to succeed", async () => (await jobs.get(job.id))?.status === "succeeded");
    assert.equal(await row(t, oldId), undefined);
    assert.ok(await row(t, liveId));
    await assert.rejects(loadVault(t.ctx, oldId, "user:a"), { code: "NOT_FOUND" });
  });
});
