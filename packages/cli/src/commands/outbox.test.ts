import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { createContext, DEMO_PEOPLE, loadConfig, seedDemoSubjects, startSignIn } from "@pipguard/server";
import { freshEnv, runCli } from "../testing/run-cli.js";

describe("pipguard outbox list (the built CLI)", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    ({ dataDir, env } = freshEnv());
    const ctx = await createContext(loadConfig({ PIPGUARD_DATA_DIR: dataDir, PIPGUARD_LOG_LEVEL: "silent" }));
    try {
      assert.equal(await seedDemoSubjects(ctx), true);
      assert.equal(await seedDemoSubjects(ctx), false, "seeding twice adds nobody");
      await startSignIn(ctx, { identity: DEMO_PEOPLE.adultMobile, ip: "192.0.2.1" });
    } finally {
      await ctx.db.close();
    }
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the newest message decrypted, with the sign-in code of a demo person", () => {
    const r = runCli(["outbox", "list", "--limit", "1", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const body = JSON.parse(r.stdout) as { items: { to: string; channel: string; text: string }[] };
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0]?.to, DEMO_PEOPLE.adultMobile);
    assert.equal(body.items[0]?.channel, "sms");
    assert.match(body.items[0]?.text ?? "", /验证码是 \d{6}/);
    assert.equal(runCli(["outbox", "list", "--limit", "0"], env).code, 2);
  });
});
