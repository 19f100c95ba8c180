/**
 * The catalog tables. Every method maps rows to domain objects explicitly (rows.ts); a list is one
 * query, links included (the purposes list aggregates its fields and recipients in SQL, no N+1).
 * Built over the database handle or a transaction, so the service can group writes.
 */
import {
  type CatalogField,
  type CatalogSystem,
  type DataStore,
  isCrossBorder,
  isThirdPartyProvision,
  type MaterialPurposeChange,
  materialPurposeChanges,
  type Organisation,
  type Recipient,
  type RetentionRule,
} from "@pipguard/core";
import { type CompiledQuery, type Kysely, sql } from "kysely";
import type { DialectName } from "../storage/db.js";
import type { Database } from "../storage/schema.js";
import { type PurposeRecord, type PurposeView, toField, toPurposeView, toRecipient, toRetentionRule, toStore, toSystem } from "./rows.js";
import { jsonRows, jsonTuple } from "./sql.js";

/** The tables that can hold a reference to a catalog entity. */
export type Referrer = "data_stores" | "catalog_fields" | "purpose_fields" | "recipient_purposes" | "retention_rules";

const ORG_ID = "default";

export class CatalogRepo {
  constructor(
    private readonly q: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** The catalog's change counter (see migration 0004). */
  async version(): Promise<number> {
    // Read on every cached list request: compiled once, executed many times.
    this.versionQuery ??= this.q.selectFrom("catalog_meta").select("version").where("id", "=", 1).compile();
    const r = await this.q.executeQuery(this.versionQuery);
    return Number(r.rows[0]?.version ?? 0);
  }
  private versionQuery: CompiledQuery<{ version: number }> | undefined;

  /** Marks the catalog changed; called inside every writing transaction. */
  async bumpVersion(): Promise<void> {
    await this.q
      .updateTable("catalog_meta")
      .set((eb) => ({ version: eb("version", "+", 1) }))
      .where("id", "=", 1)
      .execute();
  }

  async getOrganisation(): Promise<Organisation | null> {
    const r = await this.q.selectFrom("catalog_organisation").selectAll().where("id", "=", ORG_ID).executeTakeFirst();
    return r ? { nameZh: r.name_zh, nameEn: r.name_en, contact: r.contact } : null;
  }

  async putOrganisation(o: Organisation, now: string): Promise<void> {
    const values = { name_zh: o.nameZh, name_en: o.nameEn, contact: o.contact, updated_at: now };
    await this.q
      .insertInto("catalog_organisation")
      .values({ id: ORG_ID, ...values })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
  }

  // systems
  async listSystems(): Promise<CatalogSystem[]> {
    return (await this.q.selectFrom("systems").selectAll().orderBy("key").execute()).map(toSystem);
  }
  async getSystem(id: string): Promise<CatalogSystem | undefined> {
    const r = await this.q.selectFrom("systems").selectAll().where("id", "=", id).executeTakeFirst();
    return r && toSystem(r);
  }
  async saveSystem(s: CatalogSystem, now: string): Promise<void> {
    const values = { key: s.key, name: s.name, kind: s.kind, app_type: s.appType, description: s.description, updated_at: now };
    await this.q
      .insertInto("systems")
      .values({ id: s.id, ...values, created_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
  }

  // data stores: the ciphertext is read only by connectionCiphertext()
  private stores() {
    return this.q
      .selectFrom("data_stores")
      .select(["id", "key", "system_id", "name", "kind", "description", "created_at", "updated_at"])
      .select(sql<number>`case when connection_ciphertext is null then 0 else 1 end`.as("has_connection"));
  }
  async listStores(filter: { systemId?: string } = {}): Promise<DataStore[]> {
    let q = this.stores().orderBy("key");
    if (filter.systemId) q = q.where("system_id", "=", filter.systemId);
    return (await q.execute()).map(toStore);
  }
  async getStore(id: string): Promise<DataStore | undefined> {
    const r = await this.stores().where("id", "=", id).executeTakeFirst();
    return r && toStore(r);
  }
  /** Saves a store; `connection` undefined keeps the stored ciphertext, null clears it. */
  async saveStore(s: DataStore, now: string, connectionCiphertext?: string | null): Promise<void> {
    const values = {
      key: s.key,
      system_id: s.systemId,
      name: s.name,
      kind: s.kind,
      description: s.description,
      updated_at: now,
      ...(connectionCiphertext !== undefined ? { connection_ciphertext: connectionCiphertext } : {}),
    };
    await this.q
      .insertInto("data_stores")
      .values({ id: s.id, connection_ciphertext: null, ...values, created_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
  }
  async connectionCiphertext(id: string): Promise<string | null | undefined> {
    const r = await this.q.selectFrom("data_stores").select("connection_ciphertext").where("id", "=", id).executeTakeFirst();
    return r?.connection_ciphertext;
  }

  // fields
  async listFields(filter: { storeId?: string } = {}): Promise<CatalogField[]> {
    let q = this.q.selectFrom("catalog_fields").selectAll().orderBy("store_id").orderBy("table_name").orderBy("column_name");
    if (filter.storeId) q = q.where("store_id", "=", filter.storeId);
    return (await q.execute()).map(toField);
  }
  async getField(id: string): Promise<CatalogField | undefined> {
    const r = await this.q.selectFrom("catalog_fields").selectAll().where("id", "=", id).executeTakeFirst();
    return r && toField(r);
  }
  async findField(storeId: string, table: string, column: string): Promise<CatalogField | undefined> {
    const r = await this.q
      .selectFrom("catalog_fields")
      .selectAll()
      .where("store_id", "=", storeId)
      .where("table_name", "=", table)
      .where("column_name", "=", column)
      .executeTakeFirst();
    return r && toField(r);
  }
  async saveField(f: CatalogField, now: string): Promise<void> {
    const values = {
      store_id: f.storeId,
      table_name: f.table,
      column_name: f.column,
      pi_type: f.piType,
      category: f.category,
      sensitive: f.sensitive ? 1 : 0,
      identity_role: f.identityRole,
      description: f.description,
      updated_at: now,
    };
    await this.q
      .insertInto("catalog_fields")
      .values({ id: f.id, ...values, created_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
  }
  async countFields(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.q
      .selectFrom("catalog_fields")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "in", [...ids])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // purposes
  private purposes() {
    const d = this.dialect;
    const fields = jsonRows(
      d,
      jsonTuple(d, sql.ref("f.id"), sql.ref("f.sensitive")),
      sql`purpose_fields pf join catalog_fields f on f.id = pf.field_id where pf.purpose_id = purposes.id`,
    );
    const recipients = jsonRows(
      d,
      jsonTuple(d, sql.ref("r.id"), sql.ref("r.kind"), sql.ref("r.country")),
      sql`recipient_purposes rp join recipients r on r.id = rp.recipient_id where rp.purpose_id = purposes.id`,
    );
    return this.q
      .selectFrom("purposes")
      .selectAll("purposes")
      .select([fields.as("fields_json"), recipients.as("recipients_json")]);
  }
  /** All purposes with their links and derived consent requirement, in one query. */
  async listPurposes(): Promise<PurposeView[]> {
    return (await this.purposes().orderBy("code").execute()).map(toPurposeView);
  }
  async getPurpose(id: string): Promise<PurposeView | undefined> {
    const r = await this.purposes().where("id", "=", id).executeTakeFirst();
    return r && toPurposeView(r);
  }
  async findPurposeByCode(code: string): Promise<PurposeView | undefined> {
    const r = await this.purposes().where("code", "=", code).executeTakeFirst();
    return r && toPurposeView(r);
  }
  /**
   * Saves a purpose and replaces its field list; a material change (PIPL Art. 14 para. 2) is stamped
   * with `now` — found by comparing the terms, or `declared` by the operator (processing_method).
   */
  async savePurpose(p: PurposeRecord, now: string, declared = false): Promise<void> {
    const before = await this.getPurpose(p.id);
    const changes = before ? materialPurposeChanges(before, p) : [];
    if (before && declared) changes.push("processing_method");
    const values = {
      code: p.code,
      name_zh: p.nameZh,
      name_en: p.nameEn,
      description: p.description,
      legal_basis: p.legalBasis,
      necessity: p.necessity,
      consent_kind: p.consentKind,
      automated_decision: p.automatedDecision ? 1 : 0,
      minors_under_14: p.minorsUnder14 ? 1 : 0,
      ...(changes.length > 0 ? { material_change_at: now, material_change_reasons: JSON.stringify(changes) } : {}),
      updated_at: now,
    };
    await this.q
      .insertInto("purposes")
      .values({ id: p.id, ...values, created_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
    await this.q.deleteFrom("purpose_fields").where("purpose_id", "=", p.id).execute();
    const links = [...new Set(p.fieldIds)].map((field_id) => ({ purpose_id: p.id, field_id }));
    if (links.length > 0) await this.q.insertInto("purpose_fields").values(links).execute();
  }
  async countPurposes(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.q
      .selectFrom("purposes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "in", [...ids])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // recipients
  private recipients() {
    const ids = jsonRows(this.dialect, sql.ref("rp.purpose_id"), sql`recipient_purposes rp where rp.recipient_id = recipients.id`);
    return this.q.selectFrom("recipients").selectAll("recipients").select(ids.as("purpose_ids"));
  }
  async listRecipients(): Promise<Recipient[]> {
    return (await this.recipients().orderBy("key").execute()).map(toRecipient);
  }
  async getRecipient(id: string): Promise<Recipient | undefined> {
    const r = await this.recipients().where("id", "=", id).executeTakeFirst();
    return r && toRecipient(r);
  }
  /** Saves a recipient and replaces its purpose list. */
  async saveRecipient(r: Recipient, now: string): Promise<void> {
    const values = {
      key: r.key,
      name: r.name,
      kind: r.kind,
      country: r.country,
      contact: r.contact,
      description: r.description,
      pi_categories: JSON.stringify(r.piCategories),
      updated_at: now,
    };
    await this.q
      .insertInto("recipients")
      .values({ id: r.id, ...values, created_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
    const had = new Set(
      (await this.q.selectFrom("recipient_purposes").select("purpose_id").where("recipient_id", "=", r.id).execute()).map((x) => x.purpose_id),
    );
    await this.q.deleteFrom("recipient_purposes").where("recipient_id", "=", r.id).execute();
    const links = [...new Set(r.purposeIds)].map((purpose_id) => ({ recipient_id: r.id, purpose_id }));
    if (links.length > 0) await this.q.insertInto("recipient_purposes").values(links).execute();
    // Art. 23/39: providing PI to a new third party or abroad is a new processing the subject never agreed to.
    const added = links.map((l) => l.purpose_id).filter((id) => !had.has(id));
    if (added.length > 0 && (isThirdPartyProvision(r.kind) || isCrossBorder(r.country))) {
      const reasons: MaterialPurposeChange[] = ["provision_added"];
      await this.q
        .updateTable("purposes")
        .set({ material_change_at: now, material_change_reasons: JSON.stringify(reasons) })
        .where("id", "in", added)
        .where("created_at", "<", now)
        .execute();
    }
  }

  // retention rules
  async listRetentionRules(): Promise<RetentionRule[]> {
    return (await this.q.selectFrom("retention_rules").selectAll().orderBy("key").execute()).map(toRetentionRule);
  }
  async getRetentionRule(id: string): Promise<RetentionRule | undefined> {
    const r = await this.q.selectFrom("retention_rules").selectAll().where("id", "=", id).executeTakeFirst();
    return r && toRetentionRule(r);
  }
  async saveRetentionRule(r: RetentionRule, now: string): Promise<void> {
    const values = {
      key: r.key,
      purpose_id: r.purposeId,
      store_id: r.storeId,
      period: r.period,
      starts_on: r.trigger,
      action: r.action,
      legal_reference: r.legalReference,
      description: r.description,
      updated_at: now,
    };
    await this.q
      .insertInto("retention_rules")
      .values({ id: r.id, ...values, created_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet(values))
      .execute();
  }

  // shared
  /** Id of the row of `table` whose unique `column` equals `value`, if any. */
  async idByUnique(
    table: "systems" | "data_stores" | "purposes" | "recipients" | "retention_rules",
    column: "key" | "code",
    value: string,
  ): Promise<string | undefined> {
    const r = await this.q.selectFrom(table).select("id").where(sql.ref(column), "=", value).executeTakeFirst();
    return r?.id;
  }

  /** How many rows of each referring table point at the entity. */
  async referencesTo(target: "systems" | "data_stores" | "catalog_fields" | "purposes", id: string): Promise<{ table: Referrer; count: number }[]> {
    const checks: Record<typeof target, [Referrer, string][]> = {
      systems: [["data_stores", "system_id"]],
      data_stores: [
        ["catalog_fields", "store_id"],
        ["retention_rules", "store_id"],
      ],
      catalog_fields: [["purpose_fields", "field_id"]],
      purposes: [
        ["recipient_purposes", "purpose_id"],
        ["retention_rules", "purpose_id"],
      ],
    };
    const out: { table: Referrer; count: number }[] = [];
    for (const [table, column] of checks[target]) {
      const r = await this.q
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where(sql.ref(column), "=", id)
        .executeTakeFirstOrThrow();
      if (Number(r.n) > 0) out.push({ table, count: Number(r.n) });
    }
    return out;
  }

  /** Deletes one row by id; false when there was none. */
  async delete(table: "systems" | "data_stores" | "catalog_fields" | "purposes" | "recipients" | "retention_rules", id: string): Promise<boolean> {
    const r = await this.q.deleteFrom(table).where("id", "=", id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** True when no system, purpose or recipient exists yet (the demo seed runs only then). */
  async isEmpty(): Promise<boolean> {
    for (const table of ["systems", "purposes", "recipients"] as const) {
      if (await this.q.selectFrom(table).select("id").limit(1).executeTakeFirst()) return false;
    }
    return true;
  }
}
