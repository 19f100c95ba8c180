/** Decisions (single and batch), the prompt governor and prompt records. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { consentArea } from "../../../consent/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import {
  DecideSchema,
  DecisionResultSchema,
  json,
  PromptSettingSchema,
  RecordPromptSchema,
  SetPromptSettingSchema,
  ShouldAskQuerySchema,
  ShouldAskSchema,
} from "./schemas.js";

const R = "consent:read" as const;
const W = "consent:write" as const;

const decide = secureRoute({
  method: "post",
  path: "/api/v1/decisions",
  auth: R,
  tags: ["decisions"],
  summary: "May this subject's PI be processed for this purpose now? One request or a batch of up to 1000",
  request: { body: { required: true, ...json(DecideSchema) } },
  responses: { 200: { description: "allow / deny with the reason and article", ...json(DecisionResultSchema) }, ...errorResponses(R) },
});
const shouldAsk = secureRoute({
  method: "get",
  path: "/api/v1/prompts/should-ask",
  auth: R,
  tags: ["prompts"],
  summary: "May the app prompt now? No within 48 h after a refusal (GB/T 41391-2022 6.4.4 c), no when consent is in force",
  request: { query: ShouldAskQuerySchema },
  responses: { 200: { description: "answer", ...json(ShouldAskSchema) }, ...errorResponses(R) },
});
const recordPrompt = secureRoute({
  method: "post",
  path: "/api/v1/prompts",
  auth: W,
  tags: ["prompts"],
  summary: "Record a prompt shown (and its outcome) so prompt frequency can be audited",
  request: { body: { required: true, ...json(RecordPromptSchema) } },
  responses: { 201: { description: "recorded", ...json(z.object({ id: z.string(), shownAt: z.string() })) }, ...errorResponses(W) },
});
const listPrompts = secureRoute({
  method: "get",
  path: "/api/v1/subjects/{id}/prompts",
  auth: R,
  tags: ["prompts"],
  summary: "Prompts shown to a subject, newest first",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: "prompts",
      ...json(
        z.object({
          items: z.array(
            z.object({ id: z.string(), app: z.string(), targetKind: z.string(), target: z.string(), outcome: z.string().nullable(), shownAt: z.string() }),
          ),
        }),
      ),
    },
    ...errorResponses(R),
  },
});

const listSettings = secureRoute({
  method: "get",
  path: "/api/v1/prompts/settings",
  auth: R,
  tags: ["prompts"],
  summary: "Configured quiet periods after a refusal (unlisted purposes and permissions: 48 h)",
  responses: { 200: { description: "settings", ...json(z.object({ items: z.array(PromptSettingSchema) })) }, ...errorResponses(R) },
});
const putSetting = secureRoute({
  method: "put",
  path: "/api/v1/prompts/settings",
  auth: "policies:write",
  tags: ["prompts"],
  summary: "Set the quiet period after a refusal for a purpose or a permission (never below 48 h for a permission)",
  request: { body: { required: true, ...json(SetPromptSettingSchema) } },
  responses: { 200: { description: "set", ...json(PromptSettingSchema) }, ...errorResponses("policies:write") },
});

/** Registers decision and prompt routes. */
export function registerDecisionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(decide, async (c) => {
    const { consent } = consentArea(c.get("ctx"));
    const body = c.req.valid("json");
    const one = async (q: { subjectId: string; purpose: string; app?: string | undefined }) => ({
      subjectId: q.subjectId,
      purpose: q.purpose,
      ...(await consent.decideFor(q.subjectId, q.purpose, q.app)),
    });
    if ("items" in body) {
      const items = [];
      for (const q of body.items) items.push(await one(q));
      return c.json({ items }, 200);
    }
    return c.json(await one(body), 200);
  });
  app.openapi(shouldAsk, async (c) => {
    const q = c.req.valid("query");
    const area = consentArea(c.get("ctx"));
    await area.subjects.get(q.subject);
    return c.json(await area.prompts.shouldAsk({ subjectId: q.subject, purpose: q.purpose, permission: q.permission }), 200);
  });
  app.openapi(listSettings, async (c) => c.json({ items: await consentArea(c.get("ctx")).prompts.settings() }, 200));
  app.openapi(putSetting, async (c) => c.json(await consentArea(c.get("ctx")).prompts.setHours(c.req.valid("json")), 200));
  app.openapi(recordPrompt, async (c) => {
    const area = consentArea(c.get("ctx"));
    const b = c.req.valid("json");
    await area.subjects.get(b.subjectId);
    return c.json(await area.prompts.record(b), 201);
  });
  app.openapi(listPrompts, async (c) => {
    const area = consentArea(c.get("ctx"));
    const { id } = c.req.valid("param");
    await area.subjects.get(id);
    return c.json({ items: await area.prompts.list(id) }, 200);
  });
}
