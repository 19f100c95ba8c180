/** Privacy-policy documents, their published versions and the diff between two versions. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { lineDiff } from "@pipguard/core";
import { consentArea } from "../../../consent/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import {
  CreatePolicySchema,
  DiffQuerySchema,
  DiffSchema,
  IdParamsSchema,
  json,
  PatchPolicySchema,
  PolicyDocumentSchema,
  PolicyVersionSchema,
  PublishVersionSchema,
  VersionParamsSchema,
} from "./schemas.js";

const tags = ["policies"];
const R = "consent:read" as const;
const W = "policies:write" as const;

const list = secureRoute({
  method: "get",
  path: "/api/v1/policies",
  auth: R,
  tags,
  summary: "List privacy-policy documents (privacy policy, children's rules, SDK list) per app",
  request: { query: z.object({ app: z.string().min(1).max(64).optional() }) },
  responses: { 200: { description: "documents", ...json(z.object({ items: z.array(PolicyDocumentSchema) })) }, ...errorResponses(R) },
});
const create = secureRoute({
  method: "post",
  path: "/api/v1/policies",
  auth: W,
  tags,
  summary: "Create a policy document for an app (one per kind)",
  request: { body: { required: true, ...json(CreatePolicySchema) } },
  responses: { 201: { description: "created", ...json(PolicyDocumentSchema) }, 409: { description: "exists" }, ...errorResponses(W) },
});
const get = secureRoute({
  method: "get",
  path: "/api/v1/policies/{id}",
  auth: R,
  tags,
  summary: "Get a policy document",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "document", ...json(PolicyDocumentSchema) }, ...errorResponses(R) },
});
const patch = secureRoute({
  method: "patch",
  path: "/api/v1/policies/{id}",
  auth: W,
  tags,
  summary: "Rename a policy document (versions are immutable)",
  request: { params: IdParamsSchema, body: { required: true, ...json(PatchPolicySchema) } },
  responses: { 200: { description: "document", ...json(PolicyDocumentSchema) }, ...errorResponses(W) },
});
const remove = secureRoute({
  method: "delete",
  path: "/api/v1/policies/{id}",
  auth: W,
  tags,
  summary: "Delete a document that has no published version (published versions are kept forever)",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "deleted" }, 409: { description: "has versions" }, ...errorResponses(W) },
});
const publish = secureRoute({
  method: "post",
  path: "/api/v1/policies/{id}/versions",
  auth: W,
  tags,
  summary: "Publish the next version (content hash recorded; material change → re-consent, PIPL Art. 14)",
  request: { params: IdParamsSchema, body: { required: true, ...json(PublishVersionSchema) } },
  responses: { 201: { description: "published", ...json(PolicyVersionSchema) }, ...errorResponses(W) },
});
const versions = secureRoute({
  method: "get",
  path: "/api/v1/policies/{id}/versions",
  auth: R,
  tags,
  summary: "Every published version, oldest first",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "versions", ...json(z.object({ items: z.array(PolicyVersionSchema) })) }, ...errorResponses(R) },
});
const version = secureRoute({
  method: "get",
  path: "/api/v1/policies/{id}/versions/{version}",
  auth: R,
  tags,
  summary: "One published version",
  request: { params: VersionParamsSchema },
  responses: { 200: { description: "version", ...json(PolicyVersionSchema) }, ...errorResponses(R) },
});
const diff = secureRoute({
  method: "get",
  path: "/api/v1/policies/{id}/diff",
  auth: R,
  tags,
  summary: "Line diff between two versions (Art. 17 para. 2: tell users what changed)",
  request: { params: IdParamsSchema, query: DiffQuerySchema },
  responses: { 200: { description: "diff", ...json(DiffSchema) }, ...errorResponses(R) },
});

/** Registers the policy routes. */
export function registerPolicyRoutes(app: OpenAPIHono<AppEnv>): void {
  const svc = (c: { get(k: "ctx"): AppEnv["Variables"]["ctx"] }) => consentArea(c.get("ctx")).policies;
  app.openapi(list, async (c) => c.json({ items: await svc(c).list(c.req.valid("query")) }, 200));
  app.openapi(create, async (c) => c.json(await svc(c).create(c.req.valid("json")), 201));
  app.openapi(get, async (c) => c.json(await svc(c).get(c.req.valid("param").id), 200));
  app.openapi(patch, async (c) => c.json(await svc(c).rename(c.req.valid("param").id, c.req.valid("json").title), 200));
  app.openapi(remove, async (c) => {
    await svc(c).remove(c.req.valid("param").id);
    return c.body(null, 204);
  });
  app.openapi(publish, async (c) => c.json(await svc(c).publish(c.req.valid("param").id, c.req.valid("json")), 201));
  app.openapi(versions, async (c) => c.json({ items: await svc(c).versions(c.req.valid("param").id) }, 200));
  app.openapi(version, async (c) => {
    const p = c.req.valid("param");
    return c.json(await svc(c).version(p.id, p.version), 200);
  });
  app.openapi(diff, async (c) => {
    const { id } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    const [a, b] = await Promise.all([svc(c).version(id, from), svc(c).version(id, to)]);
    return c.json({ from, to, lines: lineDiff(a.content, b.content) }, 200);
  });
}
