import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { PERMISSIONS } from "../../../auth/permissions.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(PERMISSIONS)),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");
const CreateApiKeySchema = z.strictObject({ name: z.string().min(1).max(100), scopes: z.array(z.enum(PERMISSIONS)).min(1) }).openapi("CreateApiKey");
const CreatedApiKeySchema = z.object({ key: ApiKeySchema, secret: z.string().openapi({ description: "shown once; store it now" }) }).openapi("CreatedApiKey");

const list = secureRoute({
  method: "get",
  path: "/api/v1/api-keys",
  auth: "apikeys:manage",
  tags: ["api-keys"],
  summary: "List API keys (never their secrets)",
  responses: { 200: { description: "keys", ...json(z.object({ items: z.array(ApiKeySchema) })) }, ...errorResponses("apikeys:manage") },
});
const create = secureRoute({
  method: "post",
  path: "/api/v1/api-keys",
  auth: "apikeys:manage",
  tags: ["api-keys"],
  summary: "Create an API key with scopes; the secret is returned once",
  request: { body: { required: true, ...json(CreateApiKeySchema) } },
  responses: { 201: { description: "created", ...json(CreatedApiKeySchema) }, ...errorResponses("apikeys:manage") },
});
const revoke = secureRoute({
  method: "delete",
  path: "/api/v1/api-keys/{id}",
  auth: "apikeys:manage",
  tags: ["api-keys"],
  summary: "Revoke an API key",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 204: { description: "revoked" }, ...errorResponses("apikeys:manage") },
});

/** API keys: scoped, stored hashed, shown once, revocable. */
export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => c.json({ items: await c.get("ctx").auth.repo.listApiKeys() }, 200));
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const p = c.get("principal");
    // A caller cannot mint a key stronger than itself.
    const beyond = body.scopes.filter((s) => !p?.permissions.has(s));
    if (beyond.length > 0) throw new DomainError("FORBIDDEN", `you do not hold: ${beyond.join(", ")}`);
    const createdBy = p?.kind === "user" ? p.userId : p?.kind === "api_key" ? `key:${p.keyId}` : null;
    return c.json(await c.get("ctx").auth.createApiKey({ ...body, createdBy }), 201);
  });
  app.openapi(revoke, async (c) => {
    await c.get("ctx").auth.revokeApiKey(c.req.valid("param").id);
    return c.body(null, 204);
  });
}
