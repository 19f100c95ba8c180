/** Notices and consent: policies, subjects, the consent ledger, decisions, prompts and receipts. */
import { type ChainVerdict, type ConsentEvent, verifyChain } from "@pipguard/core";
import { catalogService } from "../catalog/index.js";
import type { AppContext } from "../context.js";
import { ConsentService } from "./consent-service.js";
import { nodeHasher } from "./hasher.js";
import { LedgerRepo } from "./ledger-repo.js";
import { PolicyService } from "./policy-service.js";
import { PromptService } from "./prompt-service.js";
import { ReceiptSigner } from "./receipts.js";
import { SubjectService } from "./subject-service.js";
import { WebhookService } from "./webhooks.js";

export { ConsentService, type RecordConsentInput, type RecordedConsent } from "./consent-service.js";
export { nodeHasher } from "./hasher.js";
export { POLICY_KINDS, type PolicyDocument, type PolicyKind, PolicyService, type PolicyVersion } from "./policy-service.js";
export { PROMPT_OUTCOMES, PromptService } from "./prompt-service.js";
export { type ConsentReceipt, canonicalJson, ReceiptSigner, verifyReceipt } from "./receipts.js";
export { IDENTITY_TYPES, type IdentityType, SubjectService, type SubjectView } from "./subject-service.js";
export { signWebhook, verifyWebhookSignature, WEBHOOK_JOB, WebhookService, type WebhookView } from "./webhooks.js";

export interface ConsentArea {
  consent: ConsentService;
  policies: PolicyService;
  subjects: SubjectService;
  prompts: PromptService;
  receipts: ReceiptSigner;
  webhooks: WebhookService;
}

const areas = new WeakMap<AppContext, ConsentArea>();

/** The consent services of a context, built once (the consent service holds the in-memory state). */
export function consentArea(ctx: AppContext): ConsentArea {
  let a = areas.get(ctx);
  if (!a) {
    const catalog = catalogService(ctx);
    const base = { db: ctx.db, clock: ctx.clock, ids: ctx.ids };
    const policies = new PolicyService({ ...base, hasher: nodeHasher, catalog, changes: ctx.changes });
    const subjects = new SubjectService({ ...base, keyring: ctx.keyring, today: () => ctx.calendar.today(), changes: ctx.changes });
    const webhooks = new WebhookService({ ...base, keyring: ctx.keyring, catalog });
    const consent = new ConsentService({ ...base, hasher: nodeHasher, catalog, policies, subjects, webhooks, jobs: ctx.jobs, changes: ctx.changes });
    const prompts = new PromptService({ ...base, consent });
    const receipts = new ReceiptSigner({ db: ctx.db, keyring: ctx.keyring, newId: () => ctx.ids.next(), now: () => ctx.clock.now() });
    a = { consent, policies, subjects, prompts, receipts, webhooks };
    areas.set(ctx, a);
  }
  return a;
}

/**
 * Verifies the whole stored ledger against its head row, read in one snapshot (REPEATABLE READ on
 * PostgreSQL, a read transaction on SQLite) so appends committing meanwhile cannot look like tampering.
 */
export async function verifyLedger(ctx: AppContext): Promise<ChainVerdict> {
  let tx = ctx.db.kysely.transaction();
  if (ctx.db.dialect === "postgres") tx = tx.setIsolationLevel("repeatable read");
  return tx.execute(async (trx) => {
    const repo = new LedgerRepo(trx, ctx.db.dialect);
    const head = await repo.head();
    const events: ConsentEvent[] = [];
    for await (const page of repo.allEvents()) events.push(...page);
    return verifyChain(events, nodeHasher, head.seq === 0 ? null : head);
  });
}

/** Every ledger event in order, a page at a time (for export). */
export function ledgerPages(ctx: AppContext): AsyncGenerator<ConsentEvent[]> {
  return new LedgerRepo(ctx.db.kysely, ctx.db.dialect).allEvents();
}
export { DEMO_PRIVACY_POLICY, seedDemoPolicies } from "./demo-policy.js";
