import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { type ChatMessage, restoreCompletion, StreamRestorer, tokenizeMessages } from "../../../detect/gateway.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

// Loose on purpose: an OpenAI-compatible gateway passes through fields it does not know (tools,
// temperature, response_format …); only the parts that carry text are typed and de-identified.
const ContentPartSchema = z.looseObject({ type: z.string(), text: z.string().max(1_000_000).optional() });
const ChatMessageSchema = z.looseObject({
  role: z.string().min(1).max(32),
  content: z.union([z.string().max(1_000_000), z.array(ContentPartSchema).max(100), z.null()]).optional(),
});
const ChatRequestSchema = z
  .looseObject({ model: z.string().min(1).max(200), messages: z.array(ChatMessageSchema).min(1).max(500), stream: z.boolean().optional() })
  .openapi("ChatCompletionRequest");

const chat = secureRoute({
  method: "post",
  path: "/api/v1/llm/chat/completions",
  auth: "detect:use",
  tags: ["detect"],
  summary: "OpenAI-compatible chat completions through the PI-safe gateway (PI tokenized out, restored in the answer)",
  request: { body: { required: true, content: { "application/json": { schema: ChatRequestSchema } } } },
  responses: {
    200: {
      description: "the upstream's completion with tokens restored (JSON, or text/event-stream when stream is true)",
      content: { "application/json": { schema: z.looseObject({}) }, "text/event-stream": { schema: z.string() } },
    },
    ...errorResponses("detect:use"),
  },
});

/** The generative-AI gateway route. */
export function registerLlmRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(chat, async (c) => {
    const { config } = c.get("ctx");
    if (!config.llmBaseUrl) throw new DomainError("NOT_CONFIGURED", "no upstream model service is configured (PIPGUARD_LLM_BASE_URL)");
    const body = c.req.valid("json");
    const { messages, vault } = tokenizeMessages(body.messages as ChatMessage[], { refuseSensitive: config.llmRefuseSensitive });
    let upstream: Response;
    try {
      upstream = await fetch(`${config.llmBaseUrl.replace(/\/+$/, "")}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(config.llmApiKey ? { authorization: `Bearer ${config.llmApiKey}` } : {}) },
        body: JSON.stringify({ ...body, messages }),
        signal: c.req.raw.signal,
      });
    } catch {
      throw new DomainError("SERVICE_UNAVAILABLE", "the upstream model service did not answer");
    }
    if (!upstream.ok || !upstream.body) {
      // The upstream's error body may echo the (tokenized) prompt; pass only its status on.
      throw new DomainError("SERVICE_UNAVAILABLE", `the upstream model service answered ${upstream.status}`);
    }
    if (!body.stream) return c.json(restoreCompletion(await upstream.json(), vault) as Record<string, unknown>, 200);
    const restorer = new StreamRestorer(vault);
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const reader = upstream.body.getReader();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          const rest = restorer.push(decoder.decode()) + restorer.end();
          if (rest) controller.enqueue(encoder.encode(rest));
          controller.close();
          return;
        }
        const out = restorer.push(decoder.decode(value, { stream: true }));
        if (out) controller.enqueue(encoder.encode(out));
      },
      cancel() {
        void reader.cancel();
      },
    });
    return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } }) as never;
  });
}
