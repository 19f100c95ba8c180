/**
 * Recording consent and answering decisions. The state per subject × purpose is kept in memory,
 * rebuilt from the ledger on first use and updated on every append. Appends are queued and written
 * in group commits: one transaction per batch, the ledger head locked, so the chain stays linear with
 * concurrent requests and several instances; a request is acknowledged only after its commit.
 */
import {
  applyEvent,
  BUILTIN_PERSONALISED_RECOMMENDATION,
  type ChainHead,
  type Clock,
  type CompiledPurpose,
  type ConsentAction,
  type ConsentEvent,
  type ConsentEventInput,
  type ConsentEventKind,
  type ConsentState,
  chainEvent,
  compilePurpose,
  type Decision,
  DomainError,
  decide,
  type Hasher,
  type IdGenerator,
  PERSONALISED_RECOMMENDATION,
} from "@pipguard/core";
import type { CatalogService } from "../catalog/catalog-service.js";
import type { JobQueue } from "../jobs/queue.js";
import type { ChangeFeed } from "../storage/change-feed.js";
import type { Db } from "../storage/db.js";
import { LedgerRepo } from "./ledger-repo.js";
import type { PolicyService } from "./policy-service.js";
import type { SubjectService } from "./subject-service.js";
import { WEBHOOK_JOB, type WebhookService } from "./webhooks.js";

export interface RecordConsentInput {
  subjectId: string;
  app: string;
  purpose: string;
  action: ConsentAction;
  kind: ConsentEventKind;
  /** Required for a grant: the version the subject was shown. Refusal and withdrawal may omit it. */
  policyVersion?: number | undefined;
  /** SHA-256 hex of the notice text shown; defaults to the policy's content hash. */
  noticeHash?: string | undefined;
  channel: string;
}

/** What a consent POST answers (and what a retry with the same Idempotency-Key answers again). */
export interface RecordedConsent {
  event: ConsentEvent;
  decision: Decision;
}

/**
 * How stale the projection may be with respect to events appended by other instances when no change
 * feed tells of them (SQLite, or PostgreSQL while the listener is down). With the feed live, another
 * instance's append is picked up on the next decision after its notification arrives.
 */
const SYNC_EVERY_MS = 1000;

type Committed = { event: ConsentEvent; replay: boolean };

/** Shared by the events that notify no one (most of them). */
const NO_TARGETS: readonly string[] = Object.freeze([]);

/**
 * Events per group commit (one transaction, one head update): whatever is queued when a commit
 * starts, up to this many, so under load the requests that arrived during one commit share the next.
 * 4,000 (four full batch requests) rather than 1,000 took batch ingest from ≈ 0.45–0.5 to ≈ 0.73 of
 * the raw INSERT on SQLite and from ≈ 0.68 to ≈ 0.79 on PostgreSQL in an interleaved comparison.
 */
const MAX_COMMIT = 4000;

type SubjectFactsWithGuardian = Awaited<ReturnType<SubjectService["facts"]>>;
type CurrentPolicy = NonNullable<Awaited<ReturnType<PolicyService["currentFacts"]>>>;

/** One event of a batch, with the caller's idempotency key for it (already scoped to the caller). */
export interface BatchConsentItem {
  input: RecordConsentInput;
  idempotencyKey?: string | undefined;
}

/** What happened to one event of a batch. */
export interface BatchItemResult {
  index: number;
  status: "recorded" | "replayed" | "failed";
  event?: ConsentEvent;
  error?: DomainError;
}

interface Pending {
  input: ConsentEventInput;
  idemKey: string | null;
  requestHash: string;
  /** Recipients to notify of a withdrawal (their webhook jobs are enqueued in the append transaction). */
  notify: readonly string[];
  resolve: (r: Committed) => void;
  reject: (e: unknown) => void;
}

export interface ConsentDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  hasher: Hasher;
  catalog: CatalogService;
  policies: PolicyService;
  subjects: SubjectService;
  webhooks?: WebhookService | undefined;
  jobs?: JobQueue | undefined;
  /** Cross-instance notice of appends (consent) and catalog changes (purposes). */
  changes?: ChangeFeed | undefined;
}

export class ConsentService {
  /** Purpose → subject → state: the projection of the ledger. */
  private readonly states = new Map<string, Map<string, ConsentState>>();
  private appliedSeq = 0;
  private loading: Promise<void> | undefined;
  private queue: Pending[] = [];
  private flushing = false;
  private purposes: { version: number; map: Map<string, CompiledPurpose> } | undefined;

  /** Set by a change notification: another instance appended, catch up before the next answer. */
  private behind = true;
  /** Set by a catalog change notification: the compiled purposes may be out of date. */
  private purposesStale = true;

  constructor(private readonly deps: ConsentDeps) {
    deps.changes?.on("consent", () => {
      this.behind = true;
    });
    deps.changes?.on("catalog", () => {
      this.purposesStale = true;
    });
  }

  get repo(): LedgerRepo {
    return new LedgerRepo(this.deps.db.kysely, this.deps.db.dialect);
  }

  /** Rebuilds the projection from the ledger once (on first use). */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.catchUp(this.repo).catch((e) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  private async catchUp(repo: LedgerRepo): Promise<void> {
    for (;;) {
      const page = await repo.eventsAfter(this.appliedSeq);
      if (page.length === 0) return;
      for (const e of page) this.apply(e);
    }
  }

  private apply(e: ConsentEvent): void {
    if (e.seq <= this.appliedSeq) return;
    let byPurpose = this.states.get(e.purpose);
    if (!byPurpose) {
      byPurpose = new Map();
      this.states.set(e.purpose, byPurpose);
    }
    // Keyed by the subject service's string for the id: a pull's look-ups match by reference.
    const sid = this.deps.subjects.intern(e.subjectId);
    byPurpose.set(sid, applyEvent(byPurpose.get(sid), e));
    this.appliedSeq = e.seq;
  }

  /** The in-memory state of a subject for a purpose. */
  async state(subjectId: string, purpose: string): Promise<ConsentState | undefined> {
    await this.fresh();
    return this.states.get(purpose)?.get(subjectId);
  }

  /** The states of many subjects for one purpose, in their order, after a single freshness check (contractor pulls). */
  async statesOf(subjectIds: readonly (string | undefined)[], purpose: string): Promise<(ConsentState | undefined)[]> {
    await this.fresh();
    const byPurpose = this.states.get(purpose);
    return subjectIds.map((id) => (id === undefined ? undefined : byPurpose?.get(id)));
  }

  /** Loads the projection and catches up with other instances' appends (when told, or at most a second late). */
  private async fresh(): Promise<void> {
    await this.ensureLoaded();
    // Other instances append to the same ledger: pick their events up when told, or at most a second late.
    if (this.deps.changes?.live) {
      if (this.behind) {
        this.behind = false;
        await this.catchUp(this.repo);
      }
    } else {
      const now = Date.now();
      if (now - this.syncedAt > SYNC_EVERY_MS) {
        this.syncedAt = now;
        await this.catchUp(this.repo);
      }
    }
  }
  private syncedAt = Date.now();

  /** Purposes compiled for decisions, cached per catalog version. */
  async compiledPurposes(): Promise<Map<string, CompiledPurpose>> {
    // With the change feed live, an unchanged catalog needs no version read per decision.
    if (this.purposes && !this.purposesStale && this.deps.changes?.live) return this.purposes.map;
    this.purposesStale = false;
    const version = await this.deps.catalog.repo.version();
    if (this.purposes?.version === version) return this.purposes.map;
    const map = new Map<string, CompiledPurpose>([[PERSONALISED_RECOMMENDATION, BUILTIN_PERSONALISED_RECOMMENDATION]]);
    for (const p of await this.deps.catalog.listPurposes()) map.set(p.code, compilePurpose(p));
    this.purposes = { version, map };
    return map;
  }

  /** A purpose by code, or UNKNOWN_PURPOSE. */
  async purpose(code: string): Promise<CompiledPurpose> {
    const p = (await this.compiledPurposes()).get(code);
    if (!p) throw new DomainError("UNKNOWN_PURPOSE", "no purpose in the catalog has this code", { field: "purpose" });
    return p;
  }

  /** Checks a consent event against the rules and completes it (policy hash, notice hash, id, time). */
  private async prepare(input: RecordConsentInput): Promise<{ event: ConsentEventInput; purpose: CompiledPurpose }> {
    const purpose = await this.purpose(input.purpose);
    const subject = await this.deps.subjects.facts(input.subjectId);
    const policy = await this.deps.policies.currentFacts(input.app);
    return { event: this.build(input, subject, policy, this.deps.clock.now().toISOString()), purpose };
  }

  /** The rules a consent event must pass, given the facts it is judged against. */
  private build(input: RecordConsentInput, subject: SubjectFactsWithGuardian, policy: CurrentPolicy | null, at: string): ConsentEventInput {
    const purpose = this.purposes?.map.get(input.purpose);
    if (!purpose) throw new DomainError("UNKNOWN_PURPOSE", "no purpose in the catalog has this code", { field: "purpose" });
    if (input.action === "grant") {
      // Art. 31: for a child under 14 only a parent's or guardian's consent counts, so a guardian must be on record.
      if ((subject.under14 || purpose.requiredKind === "guardian") && (input.kind !== "guardian" || (subject.under14 && !subject.guardianId))) {
        throw new DomainError("GUARDIAN_CONSENT_REQUIRED", "this consent must be given by the subject's guardian (PIPL Art. 31)");
      }
      // Art. 23/29/39: consent to these purposes is given separately, never bundled into general consent.
      if (purpose.requiredKind === "separate" && input.kind === "general") {
        throw new DomainError("SEPARATE_CONSENT_REQUIRED", "this purpose needs separate consent (单独同意, PIPL Art. 23/29/39)");
      }
      if (!policy) throw new DomainError("POLICY_VERSION_NOT_CURRENT", "the app has no published privacy policy to consent against");
      if (input.policyVersion !== policy.version) {
        throw new DomainError("POLICY_VERSION_NOT_CURRENT", `consent must be given against the current privacy-policy version ${policy.version}`);
      }
    } else if (input.policyVersion !== undefined && policy && input.policyVersion > policy.version) {
      throw new DomainError("POLICY_VERSION_NOT_CURRENT", "no such privacy-policy version");
    }
    const policyHash = policy?.hash ?? "";
    return {
      id: this.deps.ids.next(),
      subjectId: input.subjectId,
      app: input.app,
      purpose: input.purpose,
      action: input.action,
      kind: input.kind,
      policyVersion: input.policyVersion ?? policy?.version ?? 0,
      policyHash,
      noticeHash: input.noticeHash ?? policyHash,
      channel: input.channel,
      at,
    };
  }

  /**
   * Records a grant, refusal or withdrawal (withdrawal takes effect in decisions at once, Art. 15).
   * With an idempotency key, a retry of the same request records nothing and answers the same event.
   */
  async record(input: RecordConsentInput, idempotencyKey?: string): Promise<RecordedConsent & { replay: boolean }> {
    await this.ensureLoaded();
    const idemKey = idempotencyKey ? `consent:${idempotencyKey}` : null;
    const requestHash = idemKey ? this.requestHash(input) : "";
    if (idemKey) {
      const prior = await this.repo.findIdempotent(idemKey);
      if (prior) return this.replay(prior, requestHash);
    }
    const { event, purpose } = await this.prepare(input);
    const notify = input.action === "withdraw" && this.deps.webhooks && this.deps.jobs ? await this.deps.webhooks.targets(input.purpose) : [];
    const r = await new Promise<Committed>((resolve, reject) => {
      this.queue.push({ input: event, idemKey, requestHash, notify, resolve, reject });
      void this.flush();
    });
    return { event: r.event, decision: await this.decideWith(purpose, r.event.subjectId, r.event.app), replay: r.replay };
  }

  private requestHash(input: RecordConsentInput): string {
    return this.deps.hasher.sha256Hex(
      JSON.stringify([
        input.subjectId,
        input.app,
        input.purpose,
        input.action,
        input.kind,
        input.policyVersion ?? null,
        input.noticeHash ?? null,
        input.channel,
      ]),
    );
  }

  /**
   * Records many events in as few group commits as possible (an import from the operator's own systems,
   * or a client that buffers). Each item succeeds or fails on its own, with the same rules as record();
   * every recorded item is durable when this returns, in the order given. A retry of the whole batch
   * with the same per-item idempotency keys records nothing twice.
   */
  async recordMany(items: readonly BatchConsentItem[]): Promise<BatchItemResult[]> {
    await this.ensureLoaded();
    await this.compiledPurposes();
    const results: BatchItemResult[] = new Array(items.length);
    const keys = items.flatMap((it) => (it.idempotencyKey ? [`consent:${it.idempotencyKey}`] : []));
    const priors = await this.repo.findIdempotentMany(keys);
    // The facts every event is judged against, loaded up front: no await (and no promise) per event.
    const subjects = await this.deps.subjects.factsMany(items.map((it) => it.input.subjectId));
    const policies = new Map<string, CurrentPolicy | null>();
    const targets = new Map<string, string[]>();
    for (const { input } of items) {
      if (!policies.has(input.app)) policies.set(input.app, await this.deps.policies.currentFacts(input.app));
      if (input.action === "withdraw" && this.deps.webhooks && this.deps.jobs && !targets.has(input.purpose)) {
        targets.set(input.purpose, await this.deps.webhooks.targets(input.purpose));
      }
    }
    // One receipt time for the batch: its events arrived together.
    const at = this.deps.clock.now().toISOString();
    const queued: Pending[] = [];
    let settled!: () => void;
    let failed!: (e: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settled = resolve;
      failed = reject;
    });
    let waiting = 0;
    const settle = () => {
      if (--waiting === 0) settled();
    };
    for (let index = 0; index < items.length; index++) {
      const { input, idempotencyKey } = items[index]!;
      const idemKey = idempotencyKey ? `consent:${idempotencyKey}` : null;
      // Only a keyed event needs its request fingerprint (to tell a retry from a reuse of the key).
      const requestHash = idemKey ? this.requestHash(input) : "";
      try {
        const prior = idemKey ? priors.get(idemKey) : undefined;
        if (prior) {
          if (prior.requestHash !== requestHash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
          results[index] = { index, status: "replayed", event: JSON.parse(prior.response) as ConsentEvent };
          continue;
        }
        const subject = subjects.get(input.subjectId);
        if (!subject) throw new DomainError("NOT_FOUND", "no such subject");
        const event = this.build(input, subject, policies.get(input.app) ?? null, at);
        const notify = input.action === "withdraw" ? (targets.get(input.purpose) ?? NO_TARGETS) : NO_TARGETS;
        queued.push({
          input: event,
          idemKey,
          requestHash,
          notify,
          resolve: (r) => {
            results[index] = { index, status: r.replay ? "replayed" : "recorded", event: r.event };
            settle();
          },
          reject: (e) => {
            if (!(e instanceof DomainError)) return failed(e);
            results[index] = { index, status: "failed", error: e };
            settle();
          },
        });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        results[index] = { index, status: "failed", error: e };
      }
    }
    if (queued.length === 0) return results;
    waiting = queued.length;
    // Queued together, so the batch's events stay together (and in order) in the group commits.
    for (const p of queued) this.queue.push(p);
    void this.flush();
    await done;
    return results;
  }

  private async replay(prior: { requestHash: string; response: string }, requestHash: string) {
    if (prior.requestHash !== requestHash) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request");
    const event = JSON.parse(prior.response) as ConsentEvent;
    return { event, decision: await this.decideFor(event.subjectId, event.purpose, event.app), replay: true };
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_COMMIT);
        try {
          const results = await this.commit(batch);
          batch.forEach((p, i) => {
            const r = results[i]!;
            if (r instanceof Error) p.reject(r);
            else p.resolve(r);
          });
        } catch (e) {
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** One transaction: lock the head, catch up with other instances, chain and insert the batch. */
  private async commit(batch: Pending[]): Promise<(Committed | DomainError)[]> {
    const out: (Committed | DomainError)[] = [];
    const appended: ConsentEvent[] = [];
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const repo = new LedgerRepo(trx, this.deps.db.dialect);
      let head: ChainHead | null = await repo.lockHead();
      if (head.seq > this.appliedSeq) await this.catchUp(repo);
      if (head.seq === 0) head = null;
      // Keys stored by earlier requests (a retry racing its original into this batch is found in `seen`).
      const seen = await repo.findIdempotentMany(batch.flatMap((p) => (p.idemKey ? [p.idemKey] : [])));
      const keys: { key: string; requestHash: string; response: string; now: string }[] = [];
      out.length = 0;
      appended.length = 0;
      for (const p of batch) {
        if (p.idemKey) {
          // A retry that raced its original into the same or a later batch.
          const prior = seen.get(p.idemKey);
          if (prior) {
            out.push(
              prior.requestHash === p.requestHash
                ? { event: JSON.parse(prior.response) as ConsentEvent, replay: true }
                : new DomainError("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different request"),
            );
            continue;
          }
        }
        const e = chainEvent(p.input, head, this.deps.hasher);
        head = { seq: e.seq, hash: e.hash };
        appended.push(e);
        out.push({ event: e, replay: false });
        for (const recipientId of p.notify) {
          // Transactional outbox: the notice exists exactly when the withdrawal does.
          const payload = { eventId: e.id, recipientId, subjectId: e.subjectId, app: e.app, purpose: e.purpose, at: e.at };
          await this.deps.jobs?.enqueue(WEBHOOK_JOB, payload, { trx, dedupeKey: `${WEBHOOK_JOB}:${e.id}:${recipientId}` });
        }
        if (p.idemKey) {
          const saved = { key: p.idemKey, requestHash: p.requestHash, response: JSON.stringify(e), now: e.at };
          seen.set(p.idemKey, saved);
          keys.push(saved);
        }
      }
      await repo.insertEvents(appended);
      await repo.saveIdempotent(keys);
      if (head) await repo.setHead(head);
      if (appended.length > 0) await this.deps.changes?.notify(trx, "consent");
    });
    for (const e of appended) this.apply(e);
    return out;
  }

  /** The decision for a subject and purpose (the app's current policy decides whether consent is stale). */
  async decideFor(subjectId: string, purposeCode: string, app?: string): Promise<Decision> {
    return this.decideWith(await this.purpose(purposeCode), subjectId, app);
  }

  private async decideWith(purpose: CompiledPurpose, subjectId: string, app?: string): Promise<Decision> {
    const state = await this.state(subjectId, purpose.code);
    const subject = await this.deps.subjects.facts(subjectId);
    const policyApp = app ?? state?.app;
    const policy = policyApp ? await this.deps.policies.policyFacts(policyApp) : undefined;
    return decide({ purpose, state, subject, policy });
  }
}
