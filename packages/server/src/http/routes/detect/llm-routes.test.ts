import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { residentIdCheckChar } from "@pipguard/core";
import { createTestApp, type TestApp } from "../../../testing/test-app.js";

// Generated values, not real people's.
const id17 = "11010519900307123";
const ID = id17 + residentIdCheckChar(id17);
const MOBILE = "13812345678";

/** A local OpenAI-compatible upstream: records what it received and answers with the tokens it saw. */
function upstream(): Promise<{ server: Server; url: string; received: () => string[] }> {
  const got: string[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => {
      raw += String(d);
    });
    req.on("end", () => {
      got.push(raw);
      const body = JSON.parse(raw) as { messages: { content: string }[]; stream?: boolean };
      const tokens = body.messages.flatMap((m) => m.content.match(/<[a-z_]+_\d+>/g) ?? []);
      const answer = `好的，已记录 ${tokens.join(" 和 ")}。`;
      if (!body.stream) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "x",
            object: "chat.completion",
            choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      // Cut the answer every 5 characters so tokens arrive split across chunks.
      for (let i = 0; i < answer.length; i += 5) {
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: answer.slice(i, i + 5) }, finish_reason: null }] })}\n\n`);
      }
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      res.end("data: [DONE]\n\n");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, received: () => got })),
  );
}

function streamedText(sse: string): string {
  return sse
    .split("\n\n")
    .filter((e) => e.startsWith("data: {"))
    .map((e) => (JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? "")
    .join("");
}

describe("PI-safe gateway POST /api/v1/llm/chat/completions", () => {
  let up: Awaited<ReturnType<typeof upstream>>;
  let t: TestApp;
  let strict: TestApp;
  before(async () => {
    up = await upstream();
    t = await createTestApp({ config: { PIPGUARD_LLM_BASE_URL: up.url, PIPGUARD_LLM_API_KEY: "sk-test" } });
    strict = await createTestApp({ config: { PIPGUARD_LLM_BASE_URL: up.url, PIPGUARD_LLM_REFUSE_SENSITIVE: "true" } });
  });
  after(async () => {
    await t.dispose();
    await strict.dispose();
    up.server.close();
  });

  const prompt = { model: "test-model", temperature: 0.2, messages: [{ role: "user", content: `客户手机${MOBILE}，身份证${ID}，请核实` }] };

  it("sends tokens upstream, never the values, and restores them in the answer", async () => {
    const r = await t.json<{ choices: { message: { content: string } }[] }>("POST", "/api/v1/llm/chat/completions", { as: "agent", body: prompt });
    assert.equal(r.status, 200);
    const sent = up.received().at(-1)!;
    assert.ok(!sent.includes(MOBILE) && !sent.includes(ID));
    assert.match(sent, /<cn_mobile_1>.*<cn_resident_id_1>/);
    assert.equal(JSON.parse(sent).temperature, 0.2);
    assert.equal(r.body.choices[0]!.message.content, `好的，已记录 ${MOBILE} 和 ${ID}。`);
  });

  it("restores tokens split across streamed chunks", async () => {
    const res = await t.request("POST", "/api/v1/llm/chat/completions", { as: "agent", body: { ...prompt, stream: true } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
    const sse = await res.text();
    assert.equal(streamedText(sse), `好的，已记录 ${MOBILE} 和 ${ID}。`);
    assert.ok(sse.trimEnd().endsWith("data: [DONE]"));
  });

  it("refuses prompts with sensitive PI under the refuse policy, before anything is sent", async () => {
    const before = up.received().length;
    const r = await strict.json<{ code: string }>("POST", "/api/v1/llm/chat/completions", { as: "agent", body: prompt });
    assert.equal(r.status, 422);
    assert.equal(r.body.code, "SENSITIVE_PI_REFUSED");
    assert.ok(!JSON.stringify(r.body).includes(ID));
    assert.equal(up.received().length, before);
    const ok = await strict.json("POST", "/api/v1/llm/chat/completions", {
      as: "agent",
      body: { ...prompt, messages: [{ role: "user", content: `手机${MOBILE}` }] },
    });
    assert.equal(ok.status, 200);
  });

  it("answers 501 without an upstream and 403 for auditors", async () => {
    const bare = await createTestApp();
    try {
      assert.equal((await bare.request("POST", "/api/v1/llm/chat/completions", { as: "agent", body: prompt })).status, 501);
    } finally {
      await bare.dispose();
    }
    assert.equal((await t.request("POST", "/api/v1/llm/chat/completions", { as: "auditor", body: prompt })).status, 403);
  });
});
