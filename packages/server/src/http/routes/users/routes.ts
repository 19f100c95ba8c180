import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { RoleSchema, UserSchema } from "../auth/schemas.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const IdParams = z.object({ id: z.string().min(1).max(64) });

const CreateUserSchema = z
  .strictObject({
    username: z.string().min(3).max(64),
    password: z.string().min(12).max(1024),
    role: RoleSchema,
    displayName: z.string().min(1).max(200).optional(),
  })
  .openapi("CreateUser");
const PatchUserSchema = z
  .strictObject({
    role: RoleSchema.optional(),
    disabled: z.boolean().optional(),
    displayName: z.string().min(1).max(200).optional(),
    password: z.string().min(12).max(1024).optional(),
  })
  .openapi("PatchUser");

const list = secureRoute({
  method: "get",
  path: "/api/v1/users",
  auth: "users:manage",
  tags: ["users"],
  summary: "List admin users",
  responses: { 200: { description: "users", ...json(z.object({ items: z.array(UserSchema) })) }, ...errorResponses("users:manage") },
});
const create = secureRoute({
  method: "post",
  path: "/api/v1/users",
  auth: "users:manage",
  tags: ["users"],
  summary: "Create an admin user",
  request: { body: { required: true, ...json(CreateUserSchema) } },
  responses: { 201: { description: "created", ...json(UserSchema) }, 409: { description: "username taken" }, ...errorResponses("users:manage") },
});
const patch = secureRoute({
  method: "patch",
  path: "/api/v1/users/{id}",
  auth: "users:manage",
  tags: ["users"],
  summary: "Change role, name, password, or disable a user (ends their sessions)",
  request: { params: IdParams, body: { required: true, ...json(PatchUserSchema) } },
  responses: { 200: { description: "updated", ...json(UserSchema) }, ...errorResponses("users:manage") },
});

/** Admin user management (admins only). */
export function registerUserRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => c.json({ items: await c.get("ctx").auth.repo.listUsers() }, 200));
  app.openapi(create, async (c) => c.json(await c.get("ctx").auth.createUser(c.req.valid("json")), 201));
  app.openapi(patch, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const p = c.get("principal");
    if (p?.kind === "user" && p.userId === id && (body.disabled || (body.role && body.role !== "admin"))) {
      throw new DomainError("CONFLICT", "you cannot disable or demote yourself; ask another admin");
    }
    return c.json(await c.get("ctx").auth.updateUser(id, body), 200);
  });
}
