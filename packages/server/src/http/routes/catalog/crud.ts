/**
 * One set of routes per catalog entity: list, get, create, patch, delete under
 * /api/v1/catalog/<segment>. Reads need catalog:read, writes catalog:write.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type CatalogService, catalogService } from "../../../catalog/index.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { IdParamsSchema } from "./schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const problems = { 409: { description: "Conflict: duplicate key or still referenced" } } as const;

export interface CrudSpec<E, C, P, Q> {
  /** Path segment and OpenAPI tag, e.g. "systems". */
  segment: string;
  /** Singular noun for summaries, e.g. "system". */
  noun: string;
  entity: z.ZodType<E>;
  create: z.ZodType<C>;
  patch: z.ZodType<P>;
  query?: z.ZodObject<z.ZodRawShape>;
  list(svc: CatalogService, query: Q): Promise<E[]>;
  get(svc: CatalogService, id: string): Promise<E>;
  add(svc: CatalogService, body: C): Promise<E>;
  update(svc: CatalogService, id: string, body: P): Promise<E>;
  remove(svc: CatalogService, id: string): Promise<void>;
}

const svcOf = (c: Context<AppEnv>) => catalogService(c.get("ctx"));
// The generic route types are too deep for the handler inference; each handler's I/O is still checked by its spec.
type Handler = (c: Context<AppEnv>) => Promise<Response>;
const valid = <T>(c: Context<AppEnv>, target: "json" | "query" | "param") => (c.req as unknown as { valid(t: string): T }).valid(target);

/** Registers the five routes of one catalog entity. */
export function registerCrud<E, C, P, Q>(app: OpenAPIHono<AppEnv>, spec: CrudSpec<E, C, P, Q>): void {
  const base = `/api/v1/catalog/${spec.segment}`;
  const tags = ["catalog"];
  const list = secureRoute({
    method: "get",
    path: base,
    auth: "catalog:read",
    tags,
    summary: `List ${spec.segment}`,
    ...(spec.query ? { request: { query: spec.query } } : {}),
    responses: { 200: { description: spec.segment, ...json(z.object({ items: z.array(spec.entity) })) }, ...errorResponses("catalog:read") },
  });
  const get = secureRoute({
    method: "get",
    path: `${base}/{id}`,
    auth: "catalog:read",
    tags,
    summary: `Get one ${spec.noun}`,
    request: { params: IdParamsSchema },
    responses: { 200: { description: spec.noun, ...json(spec.entity) }, ...errorResponses("catalog:read") },
  });
  const create = secureRoute({
    method: "post",
    path: base,
    auth: "catalog:write",
    tags,
    summary: `Create a ${spec.noun}`,
    request: { body: { required: true, ...json(spec.create) } },
    responses: { 201: { description: "created", ...json(spec.entity) }, ...problems, ...errorResponses("catalog:write") },
  });
  const patch = secureRoute({
    method: "patch",
    path: `${base}/{id}`,
    auth: "catalog:write",
    tags,
    summary: `Change a ${spec.noun}`,
    request: { params: IdParamsSchema, body: { required: true, ...json(spec.patch) } },
    responses: { 200: { description: "updated", ...json(spec.entity) }, ...problems, ...errorResponses("catalog:write") },
  });
  const remove = secureRoute({
    method: "delete",
    path: `${base}/{id}`,
    auth: "catalog:write",
    tags,
    summary: `Delete a ${spec.noun} (409 REFERENCE_IN_USE while something still points at it)`,
    request: { params: IdParamsSchema },
    responses: { 204: { description: "deleted" }, ...problems, ...errorResponses("catalog:write") },
  });

  const listH: Handler = async (c) => {
    const svc = svcOf(c);
    const query = (spec.query ? valid<Q>(c, "query") : {}) as Q;
    const { version, body } = await svc.cachedJson(`${spec.segment}?${JSON.stringify(query)}`, async () =>
      JSON.stringify({ items: await spec.list(svc, query) }),
    );
    // The catalog version is the entity tag: a client that has this version gets 304 and no body.
    const etag = `W/"catalog-${version}"`;
    const headers = { ETag: etag, "Cache-Control": "private, no-cache", Vary: "Accept-Encoding" };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    if (body.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
      return c.body(body.gzip, 200, { ...headers, "Content-Type": "application/json", "Content-Encoding": "gzip" });
    }
    return c.body(body.raw, 200, { ...headers, "Content-Type": "application/json" });
  };
  const getH: Handler = async (c) => c.json((await spec.get(svcOf(c), valid<{ id: string }>(c, "param").id)) as object, 200);
  const createH: Handler = async (c) => c.json((await spec.add(svcOf(c), valid<C>(c, "json"))) as object, 201);
  const patchH: Handler = async (c) => c.json((await spec.update(svcOf(c), valid<{ id: string }>(c, "param").id, valid<P>(c, "json"))) as object, 200);
  const removeH: Handler = async (c) => {
    await spec.remove(svcOf(c), valid<{ id: string }>(c, "param").id);
    return c.body(null, 204);
  };
  app.openapi(list, listH as never);
  app.openapi(get, getH as never);
  app.openapi(create, createH as never);
  app.openapi(patch, patchH as never);
  app.openapi(remove, removeH as never);
}
