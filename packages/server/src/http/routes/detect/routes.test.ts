import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { residentIdCheckChar } from "@pipguard/core";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

type Redacted = { text: string; findings: { type: string; start: number; end: number; score: number }[]; vaultId?: string };
type Problem = { code: string };

// Generated values, not real people's.
const id17 = "11010519900307123";
const ID = id17 + residentIdCheckChar(id17);
const PROMPT = `客户张三先生，手机13812345678，身份证${ID}，再次确认手机13812345678。`;

describe("redact and restore routes", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.dispose();
  });

  it("masks PI with the presets and reports where it was, without the values", async () => {
    const { status, body } = await t.json<Redacted>("POST", "/api/v1/redact", { as: "privacy_officer", body: { text: PROMPT } });
    assert.equal(status, 200);
    assert.equal(body.text, "客户张*先生，手机138****5678，身份证110105********" + ID.slice(14) + "，再次确认手机138****5678。");
    assert.deepEqual(
      body.findings.map((f) => f.type),
      ["person_name", "cn_mobile", "cn_resident_id", "cn_mobile"],
    );
    assert.ok(!JSON.stringify(body.findings).includes("13812345678"));
  });

  it("tokenizes the same value to the same token and restores it for the same caller only", async () => {
    const r = await t.json<Redacted>("POST", "/api/v1/redact", { as: "agent", body: { text: PROMPT, mode: "tokenize" } });
    assert.equal(r.status, 200);
    assert.equal(r.body.text, "客户<person_name_1>先生，手机<cn_mobile_1>，身份证<cn_resident_id_1>，再次确认手机<cn_mobile_1>。");
    assert.ok(r.body.vaultId);
    const again = await t.json<Redacted>("POST", "/api/v1/redact", {
      as: "agent",
      body: { text: "回拨13812345678或13900001111", mode: "tokenize", vaultId: r.body.vaultId },
    });
    assert.equal(again.body.text, "回拨<cn_mobile_1>或<cn_mobile_2>");
    const answer = "已联系<person_name_1>（<cn_mobile_2>）";
    const back = await t.json<{ text: string }>("POST", "/api/v1/restore", { as: "agent", body: { text: answer, vaultId: r.body.vaultId } });
    assert.deepEqual(back.body, { text: "已联系张三（13900001111）" });
    const other = await t.json<Problem>("POST", "/api/v1/restore", { as: "privacy_officer", body: { text: answer, vaultId: r.body.vaultId } });
    assert.equal(other.status, 404);
  });

  it("hashes with a key (stable, not the plain value) and encrypts reversibly", async () => {
    const h1 = await t.json<Redacted>("POST", "/api/v1/redact", { as: "admin", body: { text: "手机13812345678", mode: "hash" } });
    const h2 = await t.json<Redacted>("POST", "/api/v1/redact", { as: "admin", body: { text: "tel 13812345678", mode: "hash" } });
    const tag = /<cn_mobile:[A-Za-z0-9_-]{16}>/;
    assert.match(h1.body.text, tag);
    assert.equal(tag.exec(h1.body.text)?.[0], tag.exec(h2.body.text)?.[0]);
    const e = await t.json<Redacted>("POST", "/api/v1/redact", { as: "admin", body: { text: "手机13812345678", mode: "encrypt" } });
    assert.ok(!e.body.text.includes("13812345678"));
    const d = await t.json<{ text: string }>("POST", "/api/v1/restore", { as: "admin", body: { text: e.body.text } });
    assert.equal(d.body.text, "手机13812345678");
  });

  it("rejects unknown types and fields (400), anonymous callers (401) and auditors (403)", async () => {
    const bad = await t.json<Problem>("POST", "/api/v1/redact", { as: "admin", body: { text: "x", types: ["nope"] } });
    assert.equal(bad.status, 400);
    const extra = await t.json<Problem>("POST", "/api/v1/redact", { as: "admin", body: { text: "x", extra: 1 } });
    assert.equal(extra.status, 400);
    assert.equal((await t.request("POST", "/api/v1/redact", { body: { text: "x" } })).status, 401);
    assert.equal((await t.request("POST", "/api/v1/redact", { as: "auditor", body: { text: "x" } })).status, 403);
    const missing = await t.json<Problem>("POST", "/api/v1/restore", { as: "admin", body: { text: "x", vaultId: "nope" } });
    assert.equal(missing.status, 404);
  });
});
