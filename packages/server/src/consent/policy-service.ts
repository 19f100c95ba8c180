/**
 * Privacy policies (个人信息处理规则, PIPL Art. 17): documents per app and kind, with immutable,
 * never-deleted versions, each with its content hash, effective date, change summary and a
 * material-change flag (重大变更 → consent must be renewed, Art. 14 para. 2).
 */
import { type Clock, DomainError, type Hasher, type IdGenerator, type PolicyFacts } from "@pipguard/core";
import type { Selectable } from "kysely";
import type { CatalogService } from "../catalog/catalog-service.js";
import type { ChangeFeed } from "../storage/change-feed.js";
import type { Db } from "../storage/db.js";
import type { Database } from "../storage/schema.js";
import { renderSdkList } from "./sdk-list.js";

/** privacy_policy (隐私政策), children_rules (儿童个人信息保护规则), sdk_list (第三方SDK清单). */
export const POLICY_KINDS = ["privacy_policy", "children_rules", "sdk_list"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface PolicyDocument {
  id: string;
  app: string;
  kind: PolicyKind;
  title: string;
  currentVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyVersion {
  documentId: string;
  version: number;
  content: string;
  contentHash: string;
  changeSummary: string | null;
  materialChange: boolean;
  effectiveAt: string;
  publishedAt: string;
}

function toVersion(r: Selectable<Database["policy_versions"]>): PolicyVersion {
  return {
    documentId: r.document_id,
    version: Number(r.version),
    content: r.content,
    contentHash: r.content_hash,
    changeSummary: r.change_summary,
    materialChange: Number(r.material_change) === 1,
    effectiveAt: r.effective_at,
    publishedAt: r.published_at,
  };
}

export interface PolicyDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  hasher: Hasher;
  catalog: CatalogService;
  /** Tells other instances that a policy was published, so their cached facts are dropped at once. */
  changes?: ChangeFeed | undefined;
}

/** How long current-policy facts are trusted when no change feed tells of other instances' publishes. */
const FACTS_TTL_MS = 5000;

export class PolicyService {
  /** Current privacy-policy facts per app; dropped on a publish here or (change feed) anywhere, else re-read after FACTS_TTL_MS. */
  private readonly facts = new Map<string, { value: { version: number; hash: string; materialSince: number } | null; until: number }>();

  constructor(private readonly deps: PolicyDeps) {
    deps.changes?.on("policies", () => this.facts.clear());
  }

  private get q() {
    return this.deps.db.kysely;
  }

  private async assertApp(app: string): Promise<void> {
    const systems = await this.deps.catalog.listSystems();
    if (!systems.some((s) => s.key === app)) throw new DomainError("UNKNOWN_REFERENCE", "no catalog system has this key", { field: "app" });
  }

  async list(filter: { app?: string } = {}): Promise<PolicyDocument[]> {
    let q = this.q
      .selectFrom("policy_documents as d")
      .select(["d.id", "d.app", "d.kind", "d.title", "d.created_at", "d.updated_at"])
      .select((eb) =>
        eb
          .selectFrom("policy_versions as v")
          .whereRef("v.document_id", "=", "d.id")
          .select((e) => e.fn.max("v.version").as("m"))
          .as("current"),
      );
    if (filter.app) q = q.where("d.app", "=", filter.app);
    const rows = await q.orderBy("d.app").orderBy("d.kind").execute();
    return rows.map((r) => ({
      id: r.id,
      app: r.app,
      kind: r.kind as PolicyKind,
      title: r.title,
      currentVersion: r.current == null ? null : Number(r.current),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async get(id: string): Promise<PolicyDocument> {
    const d = (await this.list()).find((x) => x.id === id);
    if (!d) throw new DomainError("NOT_FOUND", "no such policy document");
    return d;
  }

  async find(app: string, kind: PolicyKind): Promise<PolicyDocument | undefined> {
    return (await this.list({ app })).find((x) => x.kind === kind);
  }

  async create(input: { app: string; kind: PolicyKind; title: string }): Promise<PolicyDocument> {
    await this.assertApp(input.app);
    if (await this.find(input.app, input.kind)) throw new DomainError("ALREADY_EXISTS", "this app already has a document of this kind");
    const now = this.deps.clock.now().toISOString();
    const id = this.deps.ids.next();
    await this.q
      .insertInto("policy_documents")
      .values({ id, app: input.app, kind: input.kind, title: input.title, created_at: now, updated_at: now })
      .execute();
    return this.get(id);
  }

  async rename(id: string, title: string): Promise<PolicyDocument> {
    await this.get(id);
    await this.q.updateTable("policy_documents").set({ title, updated_at: this.deps.clock.now().toISOString() }).where("id", "=", id).execute();
    return this.get(id);
  }

  /** Deletes a document that never had a version; published versions are never deleted (Art. 17 para. 3: easy to consult and keep). */
  async remove(id: string): Promise<void> {
    const d = await this.get(id);
    if (d.currentVersion !== null) throw new DomainError("CONFLICT", "a document with published versions is kept forever");
    await this.q.deleteFrom("policy_documents").where("id", "=", id).execute();
  }

  /** Publishes the next version; an SDK list without content is generated from the catalog's SDK recipients. */
  async publish(
    id: string,
    input: { content?: string | undefined; changeSummary?: string | null | undefined; materialChange?: boolean | undefined; effectiveAt?: string | undefined },
  ): Promise<PolicyVersion> {
    const doc = await this.get(id);
    let content = input.content;
    if (content === undefined) {
      if (doc.kind !== "sdk_list") throw new DomainError("VALIDATION_FAILED", "content is required", { field: "content" });
      content = renderSdkList(await this.deps.catalog.listRecipients(), await this.deps.catalog.listPurposes());
    }
    const now = this.deps.clock.now().toISOString();
    const version = (doc.currentVersion ?? 0) + 1;
    await this.q.transaction().execute(async (trx) => {
      await trx
        .insertInto("policy_versions")
        .values({
          id: this.deps.ids.next(),
          document_id: id,
          version,
          content,
          content_hash: this.deps.hasher.sha256Hex(content),
          change_summary: input.changeSummary ?? null,
          // The first version is what every consent is first given against.
          material_change: version === 1 || input.materialChange ? 1 : 0,
          effective_at: input.effectiveAt ?? now,
          published_at: now,
        })
        .execute();
      await trx.updateTable("policy_documents").set({ updated_at: now }).where("id", "=", id).execute();
      await this.deps.changes?.notify(trx, "policies");
    });
    this.facts.delete(doc.app);
    return this.version(id, version);
  }

  async versions(id: string): Promise<PolicyVersion[]> {
    await this.get(id);
    return (await this.q.selectFrom("policy_versions").selectAll().where("document_id", "=", id).orderBy("version").execute()).map(toVersion);
  }

  async version(id: string, version: number): Promise<PolicyVersion> {
    const r = await this.q.selectFrom("policy_versions").selectAll().where("document_id", "=", id).where("version", "=", version).executeTakeFirst();
    if (!r) throw new DomainError("NOT_FOUND", "no such policy version");
    return toVersion(r);
  }

  /** The current privacy-policy version of an app, its hash, and the latest material change (cached briefly). */
  async currentFacts(app: string): Promise<{ version: number; hash: string; materialSince: number } | null> {
    const now = Date.now();
    const hit = this.facts.get(app);
    if (hit && hit.until > now) return hit.value;
    const doc = await this.find(app, "privacy_policy");
    let value: { version: number; hash: string; materialSince: number } | null = null;
    if (doc?.currentVersion) {
      const vs = await this.versions(doc.id);
      const cur = vs[vs.length - 1]!;
      const material = vs.filter((v) => v.materialChange).pop();
      value = { version: cur.version, hash: cur.contentHash, materialSince: material?.version ?? 1 };
    }
    // While the change feed is live a publish anywhere clears the cache, so the facts stay valid until then.
    this.facts.set(app, { value, until: this.deps.changes?.live ? Number.POSITIVE_INFINITY : now + FACTS_TTL_MS });
    return value;
  }

  /** Policy facts for decisions. */
  async policyFacts(app: string): Promise<PolicyFacts | undefined> {
    const f = await this.currentFacts(app);
    return f ? { version: f.version, materialSince: f.materialSince } : undefined;
  }
}
