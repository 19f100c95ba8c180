import { z } from "@hono/zod-openapi";
import { ROLES } from "../../../auth/permissions.js";

export const RoleSchema = z.enum(ROLES).openapi({ description: "admin | privacy_officer (个人信息保护负责人) | agent | auditor" });

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AdminUser");

export const LoginBodySchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).openapi("LoginBody");
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const SessionSchema = z
  .object({ user: UserSchema, csrfToken: z.string().openapi({ description: "send as X-CSRF-Token on unsafe requests" }), expiresAt: z.string() })
  .openapi("Session");

export const MeSchema = z
  .object({
    kind: z.enum(["user", "api_key"]),
    id: z.string(),
    username: z.string().optional(),
    role: RoleSchema.optional(),
    permissions: z.array(z.string()),
    csrfToken: z.string().optional(),
  })
  .openapi("Me");

export const SetupBodySchema = z
  .strictObject({
    token: z.string().min(1).max(256),
    username: z.string().min(3).max(64),
    password: z.string().min(12).max(1024),
    displayName: z.string().min(1).max(200).optional(),
  })
  .openapi("SetupBody");
