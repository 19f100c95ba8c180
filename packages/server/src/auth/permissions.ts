/**
 * Permissions guard route groups; roles are fixed sets of them and API keys carry a subset.
 * Every route names one permission or says it is public: nothing is allowed by default.
 */
export const PERMISSIONS = [
  "catalog:read",
  "catalog:write",
  "calendar:read",
  "calendar:write",
  "jobs:read",
  "jobs:write",
  "users:manage",
  "apikeys:manage",
  "requests:read",
  "requests:write",
  "consent:read",
  "consent:write",
  "policies:write",
  "detect:use",
  "audit:read",
  "audit:write",
  // protection: manage contractors, views and grants; read the access log and alerts; pull a view
  // (access:pull is held by contractor keys only, never by a role)
  "access:manage",
  "access:read",
  "access:pull",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["admin", "privacy_officer", "agent", "auditor"] as const;
export type Role = (typeof ROLES)[number];

const READ_ALL: Permission[] = ["catalog:read", "calendar:read", "jobs:read", "requests:read", "consent:read", "audit:read", "access:read"];

/** What each role may do. admin: everything but pulling contractor views; privacy officer (个人信息保护负责人, PIPL Art. 52): the
 * catalog and calendar; agent: reads what rights requests need; auditor: reads, changes nothing. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS.filter((p) => p !== "access:pull"),
  privacy_officer: [
    ...READ_ALL,
    "access:manage",
    "catalog:write",
    "calendar:write",
    "requests:write",
    "consent:write",
    "policies:write",
    "detect:use",
    "audit:write",
  ],
  agent: ["catalog:read", "calendar:read", "requests:read", "requests:write", "consent:read", "detect:use"],
  auditor: READ_ALL,
};

/** Who is calling. */
export type Principal =
  | { kind: "user"; userId: string; username: string; role: Role; permissions: ReadonlySet<Permission>; sessionId: string; csrfToken: string }
  | { kind: "api_key"; keyId: string; permissions: ReadonlySet<Permission> };

/** True when `role` is a known role. */
export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

/** True when `p` is a known permission. */
export function isPermission(x: string): x is Permission {
  return (PERMISSIONS as readonly string[]).includes(x);
}
