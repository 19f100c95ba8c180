/**
 * The catalog's use cases: CRUD of systems, stores, fields, purposes, recipients and retention
 * rules, each checking taxonomy ids (UNKNOWN_*), references (UNKNOWN_REFERENCE), uniqueness
 * (ALREADY_EXISTS) and what still points at an entity before deleting it (REFERENCE_IN_USE).
 * Whole-catalog use cases (import, export, the record of processing) live in catalog-io.ts.
 */

import { gzipSync } from "node:zlib";
import {
  assertAppType,
  assertLegalBasis,
  assertPiCategory,
  type Catalog,
  type CatalogField,
  type CatalogSystem,
  type Clock,
  type DataStore,
  DomainError,
  defaultSensitive,
  deriveConsentRequirement,
  type IdGenerator,
  isCrossBorder,
  isThirdPartyProvision,
  type Organisation,
  type Recipient,
  type RetentionRule,
} from "@pipguard/core";
import type { Keyring } from "../crypto/keyring.js";
import type { ChangeFeed } from "../storage/change-feed.js";
import type { Db } from "../storage/db.js";
import { CatalogRepo, type Referrer } from "./catalog-repo.js";
import type { FieldInput, OrganisationInput, PurposeInput, RecipientInput, RetentionRuleInput, StoreInput, SystemInput } from "./inputs.js";
import { merge } from "./inputs.js";
import type { PurposeRecord, PurposeView } from "./rows.js";
import { mapConstraintError } from "./sql.js";

/** The AAD place of data-store connection strings (the keyring binds a ciphertext to it). */
export const CONNECTION_PLACE = "data_stores.connection";

/** A serialized response body and, when large enough to be worth it, its gzip form. */
export interface CachedBody {
  raw: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | undefined;
}

export interface CatalogDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  keyring: Keyring;
  /** When live, cached lists are trusted without reading the version (PostgreSQL LISTEN/NOTIFY). */
  changes?: ChangeFeed;
}

const REFERRER_NAMES: Record<Referrer, string> = {
  data_stores: "data stores",
  catalog_fields: "fields",
  purpose_fields: "purposes (their field lists)",
  recipient_purposes: "recipients",
  retention_rules: "retention rules",
};

function notFound(what: string): DomainError {
  return new DomainError("NOT_FOUND", `no such ${what}`);
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

export class CatalogService {
  readonly repo: CatalogRepo;
  constructor(readonly deps: CatalogDeps) {
    this.repo = new CatalogRepo(deps.db.kysely, deps.db.dialect);
    deps.changes?.on("catalog", () => {
      this.generation += 1;
      this.trusted = false;
    });
  }

  /** Runs `fn` in one transaction with a repo bound to it; constraint violations become domain errors. */
  async tx<T>(fn: (repo: CatalogRepo, now: string) => Promise<T>): Promise<T> {
    const now = this.deps.clock.now().toISOString();
    try {
      return await this.deps.db.kysely.transaction().execute(async (trx) => {
        const repo = new CatalogRepo(trx, this.deps.db.dialect);
        const result = await fn(repo, now);
        await repo.bumpVersion();
        await this.deps.changes?.notify(trx, "catalog");
        return result;
      });
    } catch (e) {
      throw mapConstraintError(e);
    } finally {
      this.deps.changes?.emitLocal("catalog");
    }
  }

  /**
   * A serialized read, cached until the catalog changes: the version is read first and the data after,
   * so a cached body is never older than the version it is filed under. Lists are read far more often
   * than the catalog changes (every decision, every widget load), so this keeps them cheap.
   */
  async cachedJson(key: string, build: () => Promise<string>): Promise<{ version: number; body: CachedBody }> {
    // While the change feed is live, a change anywhere bumps `generation`, so an unchanged
    // generation means the cached version is still current and the database need not be asked.
    const generation = this.generation;
    let version = this.cacheVersion;
    if (!(this.trusted && this.deps.changes?.live)) {
      version = await this.repo.version();
      if (version !== this.cacheVersion) {
        this.cache.clear();
        this.cacheVersion = version;
      }
    }
    let body = this.cache.get(key);
    if (body === undefined) {
      // Kept as UTF-8 bytes (and gzip, made once) so a hit neither encodes nor compresses again.
      const raw = Buffer.from(await build(), "utf8");
      body = { raw, gzip: raw.length >= 1024 ? gzipSync(raw, { level: 6 }) : undefined };
      if (this.cache.size >= 200) this.cache.clear();
      if (this.cacheVersion === version) this.cache.set(key, body);
    }
    // Trust the cache only if no change was announced while this request was reading.
    if (generation === this.generation) this.trusted = true;
    return { version, body };
  }
  private readonly cache = new Map<string, CachedBody>();
  private cacheVersion = -1;
  private generation = 0;
  private trusted = false;

  /** Every entity of the catalog (a fixed number of queries, whatever its size). */
  async loadCatalog(repo: CatalogRepo = this.repo): Promise<Catalog> {
    const [organisation, systems, stores, fields, purposes, recipients, retentionRules] = await Promise.all([
      repo.getOrganisation(),
      repo.listSystems(),
      repo.listStores(),
      repo.listFields(),
      repo.listPurposes(),
      repo.listRecipients(),
      repo.listRetentionRules(),
    ]);
    const plain = purposes.map(({ recipientIds: _r, requiredConsentKind: _k, sensitive: _s, crossBorder: _c, ...p }) => p);
    return { organisation, systems, stores, fields, purposes: plain, recipients, retentionRules };
  }

  // organisation (个人信息处理者)
  getOrganisation(): Promise<Organisation | null> {
    return this.repo.getOrganisation();
  }
  async setOrganisation(input: OrganisationInput): Promise<Organisation> {
    const org = { nameZh: input.nameZh, nameEn: input.nameEn, contact: input.contact ?? null };
    await this.tx((repo, now) => repo.putOrganisation(org, now));
    return org;
  }

  // systems
  listSystems(): Promise<CatalogSystem[]> {
    return this.repo.listSystems();
  }
  async getSystem(id: string): Promise<CatalogSystem> {
    return found(await this.repo.getSystem(id), "system");
  }
  createSystem(input: SystemInput): Promise<CatalogSystem> {
    return this.saveSystem({
      id: this.deps.ids.next(),
      key: input.key,
      name: input.name,
      kind: input.kind,
      appType: input.appType ?? null,
      description: input.description ?? null,
    });
  }
  async updateSystem(id: string, patch: Partial<SystemInput>): Promise<CatalogSystem> {
    return this.saveSystem(merge(await this.getSystem(id), patch));
  }
  private async saveSystem(s: CatalogSystem): Promise<CatalogSystem> {
    if (s.appType !== null) assertAppType(s.appType);
    return this.tx(async (repo, now) => {
      await this.assertUnique(repo, "systems", "key", s.key, s.id);
      await repo.saveSystem(s, now);
      return s;
    });
  }
  deleteSystem(id: string): Promise<void> {
    return this.remove("systems", id, "system");
  }

  // data stores
  listStores(filter: { systemId?: string } = {}): Promise<DataStore[]> {
    return this.repo.listStores(filter);
  }
  async getStore(id: string): Promise<DataStore> {
    return found(await this.repo.getStore(id), "data store");
  }
  createStore(input: StoreInput): Promise<DataStore> {
    const { connection, ...rest } = input;
    const store: DataStore = { id: this.deps.ids.next(), ...rest, description: rest.description ?? null, hasConnection: false };
    return this.saveStore(store, connection ?? undefined);
  }
  async updateStore(id: string, patch: Partial<StoreInput>): Promise<DataStore> {
    const { connection, ...rest } = patch;
    return this.saveStore(merge(await this.getStore(id), rest), connection);
  }
  private saveStore(s: DataStore, connection: string | null | undefined): Promise<DataStore> {
    // The connection string is encrypted before it reaches SQL and never leaves the service again.
    const ciphertext = typeof connection === "string" ? this.deps.keyring.encrypt(connection, CONNECTION_PLACE) : connection;
    return this.tx(async (repo, now) => {
      if (!(await repo.getSystem(s.systemId))) throw new DomainError("UNKNOWN_REFERENCE", "systemId names no system");
      await this.assertUnique(repo, "data_stores", "key", s.key, s.id);
      await repo.saveStore(s, now, ciphertext);
      return (await repo.getStore(s.id)) as DataStore;
    });
  }
  /** The decrypted connection string, for the connectors only (never for an API response). */
  async revealConnection(id: string): Promise<string | null> {
    const ct = await this.repo.connectionCiphertext(id);
    if (ct === undefined) throw notFound("data store");
    return ct === null ? null : this.deps.keyring.decrypt(ct, CONNECTION_PLACE);
  }
  deleteStore(id: string): Promise<void> {
    return this.remove("data_stores", id, "data store");
  }

  // fields
  listFields(filter: { storeId?: string } = {}): Promise<CatalogField[]> {
    return this.repo.listFields(filter);
  }
  async getField(id: string): Promise<CatalogField> {
    return found(await this.repo.getField(id), "field");
  }
  createField(input: FieldInput): Promise<CatalogField> {
    return this.saveField({
      id: this.deps.ids.next(),
      storeId: input.storeId,
      table: input.table,
      column: input.column,
      category: input.category,
      piType: input.piType ?? null,
      sensitive: input.sensitive ?? defaultSensitive(input.category, input.piType),
      identityRole: input.identityRole ?? null,
      description: input.description ?? null,
    });
  }
  async updateField(id: string, patch: Partial<FieldInput>): Promise<CatalogField> {
    return this.saveField(merge(await this.getField(id), patch));
  }
  private saveField(f: CatalogField): Promise<CatalogField> {
    assertPiCategory(f.category);
    return this.tx(async (repo, now) => {
      if (!(await repo.getStore(f.storeId))) throw new DomainError("UNKNOWN_REFERENCE", "storeId names no data store");
      const same = await repo.findField(f.storeId, f.table, f.column);
      if (same && same.id !== f.id) throw new DomainError("ALREADY_EXISTS", "this store already catalogs that table and column");
      await repo.saveField(f, now);
      return f;
    });
  }
  deleteField(id: string): Promise<void> {
    return this.remove("catalog_fields", id, "field");
  }

  // purposes (处理目的)
  /** Every purpose with its links and the consent it requires, in one query. */
  listPurposes(): Promise<PurposeView[]> {
    return this.repo.listPurposes();
  }
  async getPurpose(id: string): Promise<PurposeView> {
    return found(await this.repo.getPurpose(id), "purpose");
  }
  async createPurpose(input: PurposeInput): Promise<PurposeView> {
    const id = this.deps.ids.next();
    return this.savePurpose(
      {
        id,
        code: input.code,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        description: input.description ?? null,
        legalBasis: input.legalBasis as PurposeView["legalBasis"],
        necessity: input.necessity,
        consentKind: input.consentKind ?? "none",
        automatedDecision: input.automatedDecision ?? false,
        minorsUnder14: input.minorsUnder14 ?? false,
        fieldIds: [...new Set(input.fieldIds ?? [])],
      },
      input.consentKind === undefined,
    );
  }
  /**
   * Edits a purpose. A material change of its terms is found by comparison; `materialChange: true`
   * declares one the terms do not show (the processing method changed, PIPL Art. 14 para. 2): either
   * way consent given before it must be renewed.
   */
  async updatePurpose(id: string, patch: Partial<PurposeInput> & { materialChange?: boolean | undefined }): Promise<PurposeView> {
    const { materialChange, ...terms } = patch;
    const {
      recipientIds: _r,
      requiredConsentKind: _k,
      sensitive: _s,
      crossBorder: _c,
      materialChangeAt: _m,
      materialChangeReasons: _mr,
      ...current
    } = await this.getPurpose(id);
    const next = merge(current, { ...terms, legalBasis: terms.legalBasis as PurposeView["legalBasis"] | undefined });
    return this.savePurpose({ ...next, fieldIds: [...new Set(next.fieldIds)] }, false, materialChange === true);
  }
  /** Saves a purpose; with `deriveConsent` its consent kind becomes what the rules require (PIPL Art. 13/29/31). */
  private savePurpose(p: PurposeRecord, deriveConsent: boolean, declaredChange = false): Promise<PurposeView> {
    assertLegalBasis(p.legalBasis);
    return this.tx(async (repo, now) => {
      if ((await repo.countFields(p.fieldIds)) !== p.fieldIds.length) throw new DomainError("UNKNOWN_REFERENCE", "fieldIds names a field that does not exist");
      await this.assertUnique(repo, "purposes", "code", p.code, p.id);
      if (deriveConsent) {
        const fields = await Promise.all(p.fieldIds.map((id) => repo.getField(id)));
        const recipients = (await repo.getPurpose(p.id))?.recipientIds ?? [];
        const linked = (await Promise.all(recipients.map((id) => repo.getRecipient(id)))).flatMap((r) => r ?? []);
        p.consentKind = deriveConsentRequirement({
          legalBasis: p.legalBasis,
          sensitive: fields.some((f) => f?.sensitive),
          minorsUnder14: p.minorsUnder14,
          thirdPartyProvision: linked.some((r) => isThirdPartyProvision(r.kind)),
          crossBorder: linked.some((r) => isCrossBorder(r.country)),
        }).kind;
      }
      await repo.savePurpose(p, now, declaredChange);
      return (await repo.getPurpose(p.id)) as PurposeView;
    });
  }
  deletePurpose(id: string): Promise<void> {
    return this.remove("purposes", id, "purpose");
  }

  // recipients (接收方)
  listRecipients(): Promise<Recipient[]> {
    return this.repo.listRecipients();
  }
  async getRecipient(id: string): Promise<Recipient> {
    return found(await this.repo.getRecipient(id), "recipient");
  }
  createRecipient(input: RecipientInput): Promise<Recipient> {
    return this.saveRecipient({
      id: this.deps.ids.next(),
      key: input.key,
      name: input.name,
      kind: input.kind,
      country: input.country ?? "CN",
      contact: input.contact ?? null,
      description: input.description ?? null,
      purposeIds: [...new Set(input.purposeIds ?? [])],
      piCategories: [...new Set(input.piCategories ?? [])],
    });
  }
  async updateRecipient(id: string, patch: Partial<RecipientInput>): Promise<Recipient> {
    const next = merge(await this.getRecipient(id), patch);
    return this.saveRecipient({ ...next, purposeIds: [...new Set(next.purposeIds)], piCategories: [...new Set(next.piCategories)] });
  }
  private saveRecipient(r: Recipient): Promise<Recipient> {
    for (const c of r.piCategories) assertPiCategory(c);
    return this.tx(async (repo, now) => {
      if ((await repo.countPurposes(r.purposeIds)) !== r.purposeIds.length)
        throw new DomainError("UNKNOWN_REFERENCE", "purposeIds names a purpose that does not exist");
      await this.assertUnique(repo, "recipients", "key", r.key, r.id);
      await repo.saveRecipient(r, now);
      return (await repo.getRecipient(r.id)) as Recipient;
    });
  }
  deleteRecipient(id: string): Promise<void> {
    return this.remove("recipients", id, "recipient");
  }

  // retention rules (保存期限)
  listRetentionRules(): Promise<RetentionRule[]> {
    return this.repo.listRetentionRules();
  }
  async getRetentionRule(id: string): Promise<RetentionRule> {
    return found(await this.repo.getRetentionRule(id), "retention rule");
  }
  createRetentionRule(input: RetentionRuleInput): Promise<RetentionRule> {
    return this.saveRetentionRule({
      id: this.deps.ids.next(),
      key: input.key,
      purposeId: input.purposeId ?? null,
      storeId: input.storeId ?? null,
      period: input.period,
      trigger: input.trigger,
      action: input.action,
      legalReference: input.legalReference ?? null,
      description: input.description ?? null,
    });
  }
  async updateRetentionRule(id: string, patch: Partial<RetentionRuleInput>): Promise<RetentionRule> {
    return this.saveRetentionRule(merge(await this.getRetentionRule(id), patch));
  }
  private saveRetentionRule(r: RetentionRule): Promise<RetentionRule> {
    if (r.purposeId === null && r.storeId === null) throw new DomainError("INVALID_CATALOG", "a retention rule names a purposeId, a storeId, or both");
    return this.tx(async (repo, now) => {
      if (r.purposeId !== null && !(await repo.getPurpose(r.purposeId))) throw new DomainError("UNKNOWN_REFERENCE", "purposeId names no purpose");
      if (r.storeId !== null && !(await repo.getStore(r.storeId))) throw new DomainError("UNKNOWN_REFERENCE", "storeId names no data store");
      await this.assertUnique(repo, "retention_rules", "key", r.key, r.id);
      await repo.saveRetentionRule(r, now);
      return r;
    });
  }
  deleteRetentionRule(id: string): Promise<void> {
    return this.remove("retention_rules", id, "retention rule");
  }

  private async assertUnique(
    repo: CatalogRepo,
    table: "systems" | "data_stores" | "purposes" | "recipients" | "retention_rules",
    column: "key" | "code",
    value: string,
    selfId: string,
  ): Promise<void> {
    const other = await repo.idByUnique(table, column, value);
    if (other !== undefined && other !== selfId) throw new DomainError("ALREADY_EXISTS", `another entry already uses this ${column}`);
  }

  private remove(table: "systems" | "data_stores" | "catalog_fields" | "purposes" | "recipients" | "retention_rules", id: string, what: string): Promise<void> {
    return this.tx(async (repo) => {
      if (table !== "recipients" && table !== "retention_rules") {
        const refs = await repo.referencesTo(table, id);
        if (refs.length > 0) {
          const list = refs.map((r) => `${r.count} ${REFERRER_NAMES[r.table]}`).join(", ");
          throw new DomainError("REFERENCE_IN_USE", `the ${what} is still referenced by ${list}; change or delete those first`, {
            references: refs.map((r) => ({ table: r.table, count: r.count })),
          });
        }
      }
      if (!(await repo.delete(table, id))) throw notFound(what);
    });
  }
}
