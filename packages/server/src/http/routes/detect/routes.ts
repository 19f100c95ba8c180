import type { OpenAPIHono } from "@hono/zod-openapi";
import { DomainError } from "@pipguard/core";
import { appendAccess } from "../../../access/access-log.js";
import type { Principal } from "../../../auth/permissions.js";
import type { AppContext } from "../../../context.js";
import { type RedactKeys, redactText, restoreText } from "../../../detect/redact.js";
import type { TokenVault } from "../../../detect/vault.js";
import { TokenVault as Vault } from "../../../detect/vault.js";
import { loadVault, saveVault } from "../../../detect/vault-repo.js";
import { errorResponses, secureRoute } from "../../route.js";
import type { AppEnv } from "../../types.js";
import { registerLlmRoutes } from "./llm-routes.js";
import { RedactRequestSchema, RedactResponseSchema, RestoreRequestSchema, RestoreResponseSchema } from "./schemas.js";
import { registerSuggestionRoutes } from "./suggestion-routes.js";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

const redact = secureRoute({
  method: "post",
  path: "/api/v1/redact",
  auth: "detect:use",
  tags: ["detect"],
  summary: "Find personal information in text and mask, replace, hash, encrypt or tokenize it",
  request: { body: { required: true, ...json(RedactRequestSchema) } },
  responses: { 200: { description: "redacted text and where PI was found (no values)", ...json(RedactResponseSchema) }, ...errorResponses("detect:use") },
});

const restore = secureRoute({
  method: "post",
  path: "/api/v1/restore",
  auth: "detect:use",
  tags: ["detect"],
  summary: "Restore tokens (from the caller's vault) and encrypted values in text",
  request: { body: { required: true, ...json(RestoreRequestSchema) } },
  responses: { 200: { description: "restored text", ...json(RestoreResponseSchema) }, ...errorResponses("detect:use") },
});

/** Who owns a vault: the user or the API key that created it. */
export function ownerOf(p: Principal | undefined): string {
  if (!p) throw new DomainError("UNAUTHENTICATED", "authentication required");
  return p.kind === "user" ? `user:${p.userId}` : `key:${p.keyId}`;
}

/** Keyed operators over the keyring: HMAC with the blind-index key, AES-256-GCM with the active data key. */
export function keysOf(ctx: AppContext): RedactKeys {
  return {
    hmac: (v, place) => ctx.keyring.blindIndex(v, place),
    encrypt: (v, place) => ctx.keyring.encrypt(v, place),
    decrypt: (ct, place) => ctx.keyring.decrypt(ct, place),
  };
}

/** PI redaction and restoration (去标识化, PIPL Art. 73(3)). */
export function registerDetectRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(redact, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    const owner = ownerOf(c.get("principal"));
    let vault: TokenVault | undefined;
    if (body.mode === "tokenize") vault = body.vaultId ? await loadVault(ctx, body.vaultId, owner) : new Vault();
    else if (body.vaultId) throw new DomainError("VALIDATION_FAILED", "vaultId is only used with mode tokenize");
    const res = redactText(body.text, { mode: body.mode, types: body.types, minScore: body.minScore, vault, keys: keysOf(ctx) });
    const vaultId = vault ? await saveVault(ctx, vault, owner, body.vaultId) : undefined;
    return c.json({ ...res, ...(vaultId ? { vaultId } : {}) }, 200);
  });

  app.openapi(restore, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    const owner = ownerOf(c.get("principal"));
    const vault = body.vaultId ? await loadVault(ctx, body.vaultId, owner) : undefined;
    const text = restoreText(body.text, { vault, keys: keysOf(ctx) });
    // PIPL Art. 54: restoring tokens reads PI back out of pipguard, so it is logged (no subject ids: a vault holds none).
    await appendAccess(ctx, {
      actor: owner,
      action: "vault_restore",
      grantId: null,
      purpose: null,
      target: `vault:${body.vaultId ?? "-"}`,
      subjectIds: [],
      fields: [],
      rowCount: 1,
      justification: null,
    });
    return c.json({ text }, 200);
  });

  registerLlmRoutes(app);
  registerSuggestionRoutes(app);
}
