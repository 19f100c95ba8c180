/** Catalog editing: purposes, PI fields, recipients, systems and data stores, through /api/v1/catalog. */
import { type FormEvent, useState } from "react";
import { api } from "../api.js";
import { type Lang, useI18n } from "../i18n.js";
import { ErrorBox, Field, Show, Status, useAction, useApi, useCan } from "../ui.js";

type Row = Record<string, unknown> & { id: string };
interface Option {
  value: string;
  label: string;
}
interface Input {
  key: string;
  label: [string, string];
  kind: "text" | "textarea" | "select" | "bool" | "multi" | "secret";
  options?: Option[];
  required?: boolean;
  /** Empty means null (the API accepts null to clear it). */
  nullable?: boolean;
}
interface Entity {
  tab: string;
  path: string;
  title: "cat.purposes" | "cat.fields" | "cat.recipients" | "cat.systems" | "cat.stores";
  columns: string[];
  inputs: Input[];
}

interface Refs {
  legalBases: { id: string; zh: string; en: string }[];
  categories: { id: string; zh: string; en: string }[];
  purposes: Row[];
  fields: Row[];
  systems: Row[];
  stores: Row[];
}

/** Column headings that are not also form inputs. */
const EXTRA_HEADINGS: Record<string, [string, string]> = {
  requiredConsentKind: ["法定要求的同意（PIPL 第 13/23/29/31/39 条）", "Consent the law requires (PIPL Arts. 13/23/29/31/39)"],
};

const opts = (values: string[], label: (v: string) => string): Option[] => values.map((v) => ({ value: v, label: label(v) }));

function entities(r: Refs, lang: Lang, label: (v: string) => string): Entity[] {
  const name = (x: { zh: string; en: string }) => (lang === "zh" ? x.zh : x.en);
  const categories = r.categories.map((c) => ({ value: c.id, label: `${name(c)} (${c.id})` }));
  return [
    {
      tab: "purposes",
      path: "/api/v1/catalog/purposes",
      title: "cat.purposes",
      columns: ["code", "nameZh", "nameEn", "legalBasis", "consentKind", "requiredConsentKind"],
      inputs: [
        { key: "code", label: ["代码", "Code"], kind: "text", required: true },
        { key: "nameZh", label: ["中文名称", "Chinese name"], kind: "text", required: true },
        { key: "nameEn", label: ["英文名称", "English name"], kind: "text", required: true },
        { key: "description", label: ["说明", "Description"], kind: "textarea", nullable: true },
        {
          key: "legalBasis",
          label: ["合法性基础（PIPL 第 13 条）", "Legal basis (PIPL Art. 13)"],
          kind: "select",
          required: true,
          options: r.legalBases.map((b) => ({ value: b.id, label: name(b) })),
        },
        { key: "necessity", label: ["必要性", "Necessity"], kind: "select", required: true, options: opts(["necessary", "optional"], label) },
        { key: "consentKind", label: ["同意类型", "Consent kind"], kind: "select", options: opts(["none", "general", "separate", "guardian"], label) },
        { key: "automatedDecision", label: ["自动化决策", "Automated decision-making"], kind: "bool" },
        { key: "minorsUnder14", label: ["涉及不满 14 周岁未成年人", "Concerns children under 14"], kind: "bool" },
        { key: "fieldIds", label: ["字段", "Fields"], kind: "multi", options: r.fields.map((f) => ({ value: f.id, label: `${f.table}.${f.column}` })) },
      ],
    },
    {
      tab: "fields",
      path: "/api/v1/catalog/fields",
      title: "cat.fields",
      columns: ["table", "column", "category", "piType", "sensitive", "identityRole"],
      inputs: [
        {
          key: "storeId",
          label: ["数据存储", "Data store"],
          kind: "select",
          required: true,
          options: r.stores.map((s) => ({ value: s.id, label: String(s.key) })),
        },
        { key: "table", label: ["表", "Table"], kind: "text", required: true },
        { key: "column", label: ["列", "Column"], kind: "text", required: true },
        { key: "category", label: ["类别（GB/T 35273 附录 A）", "Category (GB/T 35273 App. A)"], kind: "select", required: true, options: categories },
        { key: "piType", label: ["个人信息类型", "PI type"], kind: "text", nullable: true },
        { key: "sensitive", label: ["敏感个人信息", "Sensitive PI"], kind: "bool" },
        {
          key: "identityRole",
          label: ["身份标识角色", "Identity role"],
          kind: "select",
          nullable: true,
          options: [{ value: "", label: "—" }, ...opts(["user_id", "phone", "email", "id_number", "device_id", "username"], (v) => v)],
        },
        { key: "description", label: ["说明", "Description"], kind: "textarea", nullable: true },
      ],
    },
    {
      tab: "recipients",
      path: "/api/v1/catalog/recipients",
      title: "cat.recipients",
      columns: ["key", "name", "kind", "country"],
      inputs: [
        { key: "key", label: ["键", "Key"], kind: "text", required: true },
        { key: "name", label: ["名称", "Name"], kind: "text", required: true },
        { key: "kind", label: ["类型", "Kind"], kind: "select", required: true, options: opts(["third_party", "entrusted_processor", "sdk"], label) },
        { key: "country", label: ["国家或地区（ISO 代码；非 CN 即出境）", "Country (ISO code; not CN = cross-border)"], kind: "text" },
        { key: "contact", label: ["联系方式", "Contact"], kind: "text", nullable: true },
        { key: "description", label: ["说明", "Description"], kind: "textarea", nullable: true },
        { key: "purposeIds", label: ["目的", "Purposes"], kind: "multi", options: r.purposes.map((p) => ({ value: p.id, label: String(p.code) })) },
        { key: "piCategories", label: ["个人信息类别", "PI categories"], kind: "multi", options: categories },
      ],
    },
    {
      tab: "systems",
      path: "/api/v1/catalog/systems",
      title: "cat.systems",
      columns: ["key", "name", "kind", "appType"],
      inputs: [
        { key: "key", label: ["键", "Key"], kind: "text", required: true },
        { key: "name", label: ["名称", "Name"], kind: "text", required: true },
        {
          key: "kind",
          label: ["类型", "Kind"],
          kind: "select",
          required: true,
          options: opts(["app", "mini_program", "website", "backend", "other"], (v) => v),
        },
        { key: "appType", label: ["App 类型（39 类）", "App type (one of 39)"], kind: "text", nullable: true },
        { key: "description", label: ["说明", "Description"], kind: "textarea", nullable: true },
      ],
    },
    {
      tab: "stores",
      path: "/api/v1/catalog/stores",
      title: "cat.stores",
      columns: ["key", "name", "kind"],
      inputs: [
        { key: "key", label: ["键", "Key"], kind: "text", required: true },
        { key: "systemId", label: ["系统", "System"], kind: "select", required: true, options: r.systems.map((s) => ({ value: s.id, label: String(s.key) })) },
        { key: "name", label: ["名称", "Name"], kind: "text", required: true },
        { key: "kind", label: ["类型", "Kind"], kind: "select", required: true, options: opts(["postgres", "mysql", "sqlite", "file"], (v) => v) },
        { key: "description", label: ["说明", "Description"], kind: "textarea", nullable: true },
        { key: "connection", label: ["连接串（只写，加密保存）", "Connection string (write-only, encrypted)"], kind: "secret" },
      ],
    },
  ];
}

/** The catalog page with one tab per entity. */
export function CatalogPage({ tab }: { tab: string | undefined }) {
  const { t, lang, label } = useI18n();
  const legal = useApi<{ items: Refs["legalBases"] }>("/api/v1/catalog/taxonomy/legal-bases");
  const cats = useApi<{ items: Refs["categories"] }>("/api/v1/catalog/taxonomy/pi-categories");
  const purposes = useApi<{ items: Row[] }>("/api/v1/catalog/purposes");
  const fields = useApi<{ items: Row[] }>("/api/v1/catalog/fields");
  const systems = useApi<{ items: Row[] }>("/api/v1/catalog/systems");
  const stores = useApi<{ items: Row[] }>("/api/v1/catalog/stores");
  const all = [purposes, fields, systems, stores];
  const refs: Refs = {
    legalBases: legal.data?.items ?? [],
    categories: cats.data?.items ?? [],
    purposes: purposes.data?.items ?? [],
    fields: fields.data?.items ?? [],
    systems: systems.data?.items ?? [],
    stores: stores.data?.items ?? [],
  };
  const list = entities(refs, lang, label);
  const current = list.find((e) => e.tab === tab) ?? (list[0] as Entity);
  return (
    <>
      <h1 tabIndex={-1}>{t("nav.catalog")}</h1>
      <nav className="tabs" aria-label={t("nav.catalog")}>
        {list.map((e) => (
          <a key={e.tab} href={`#/catalog/${e.tab}`} aria-current={e.tab === current.tab ? "page" : undefined}>
            {t(e.title)}
          </a>
        ))}
      </nav>
      <EntityTable
        key={current.tab}
        entity={current}
        onChange={() => {
          for (const x of all) x.reload();
        }}
      />
      <Validate />
    </>
  );
}

function bodyFrom(inputs: Input[], f: FormData, isCreate: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const i of inputs) {
    if (i.kind === "bool") body[i.key] = f.get(i.key) === "on";
    else if (i.kind === "multi") body[i.key] = f.getAll(i.key).map(String);
    else {
      const v = String(f.get(i.key) ?? "").trim();
      if (v !== "") body[i.key] = v;
      else if (i.nullable && !isCreate) body[i.key] = null;
    }
  }
  return body;
}

function EntityForm({ entity, row, onDone }: { entity: Entity; row?: Row; onDone: () => void }) {
  const { t, lang } = useI18n();
  const action = useAction();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = bodyFrom(entity.inputs, new FormData(e.currentTarget), !row);
    const ok = await action.run(() => (row ? api("PATCH", `${entity.path}/${encodeURIComponent(row.id)}`, body) : api("POST", entity.path, body)), t("saved"));
    if (ok) onDone();
  };
  return (
    <form className="entity-form" onSubmit={submit}>
      {entity.inputs.map((i) => {
        const label = i.label[lang === "zh" ? 0 : 1];
        const value = row?.[i.key];
        if (i.kind === "bool")
          return (
            <label key={i.key} className="check">
              <input type="checkbox" name={i.key} defaultChecked={value === true} /> {label}
            </label>
          );
        return (
          <Field key={i.key} label={label}>
            {(id) =>
              i.kind === "textarea" ? (
                <textarea id={id} name={i.key} defaultValue={typeof value === "string" ? value : ""} rows={2} />
              ) : i.kind === "select" ? (
                <select id={id} name={i.key} defaultValue={typeof value === "string" ? value : ""} required={i.required}>
                  {i.required ? null : <option value="">—</option>}
                  {(i.options ?? [])
                    .filter((o) => o.value !== "")
                    .map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                </select>
              ) : i.kind === "multi" ? (
                <select
                  id={id}
                  name={i.key}
                  multiple
                  defaultValue={Array.isArray(value) ? value.map(String) : []}
                  size={Math.min(6, Math.max(2, i.options?.length ?? 2))}
                >
                  {(i.options ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  name={i.key}
                  type={i.kind === "secret" ? "password" : "text"}
                  autoComplete="off"
                  defaultValue={typeof value === "string" && i.kind !== "secret" ? value : ""}
                  required={i.required && !row}
                />
              )
            }
          </Field>
        );
      })}
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {t("save")}
        </button>
        <button type="button" onClick={onDone}>
          {t("cancel")}
        </button>
      </div>
      <ErrorBox error={action.error} />
    </form>
  );
}

function EntityTable({ entity, onChange }: { entity: Entity; onChange: () => void }) {
  const { t, label, lang } = useI18n();
  const can = useCan();
  const list = useApi<{ items: Row[] }>(entity.path);
  const heading = (c: string) => (entity.inputs.find((i) => i.key === c)?.label ?? EXTRA_HEADINGS[c])?.[lang === "zh" ? 0 : 1] ?? c;
  const [editing, setEditing] = useState<Row | "new">();
  const del = useAction();
  const done = () => {
    setEditing(undefined);
    list.reload();
    onChange();
  };
  const writable = can("catalog:write");
  const cell = (v: unknown) => (typeof v === "boolean" ? (v ? "✓" : "—") : v == null ? "—" : typeof v === "string" ? label(v) : String(v));
  return (
    <section aria-labelledby="entity-h">
      <h2 id="entity-h">{t(entity.title)}</h2>
      {writable && editing === undefined ? (
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          {t("create")}
        </button>
      ) : null}
      {editing !== undefined ? <EntityForm entity={entity} {...(editing === "new" ? {} : { row: editing })} onDone={done} /> : null}
      <ErrorBox error={del.error} />
      <Status message={del.message} />
      <Show loaded={list}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t("empty")}</p>
          ) : (
            <div className="scroll">
              <table>
                <thead>
                  <tr>
                    {entity.columns.map((c) => (
                      <th key={c} scope="col">
                        {heading(c)}
                      </th>
                    ))}
                    {writable ? <th scope="col">{t("actions")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id}>
                      {entity.columns.map((c) => (
                        <td key={c}>{cell(r[c])}</td>
                      ))}
                      {writable ? (
                        <td>
                          <div className="row">
                            <button type="button" onClick={() => setEditing(r)}>
                              {t("edit")}
                            </button>
                            <button
                              type="button"
                              className="danger"
                              onClick={() => del.run(() => api("DELETE", `${entity.path}/${encodeURIComponent(r.id)}`).then(done), t("saved"))}
                            >
                              {t("delete")}
                            </button>
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </section>
  );
}

function Validate() {
  const { t } = useI18n();
  const [path, setPath] = useState<string | null>(null);
  const result = useApi<{ errors: number; warnings: number; issues: { severity?: string; code: string; path: string; message: string }[] }>(path);
  return (
    <section aria-labelledby="validate-h">
      <h2 id="validate-h">{t("cat.validate")}</h2>
      <div className="row">
        <button type="button" onClick={() => (path ? result.reload() : setPath("/api/v1/catalog/validate"))}>
          {t("cat.validate")}
        </button>
        <a href="/api/v1/catalog/ropa?format=html" target="_blank" rel="noopener">
          {t("cat.ropa")}
        </a>
      </div>
      {path ? (
        <Show loaded={result}>
          {(v) => (
            <ul aria-live="polite">
              {v.issues.map((x) => (
                <li key={`${x.code}:${x.path}`}>
                  <code>{x.code}</code> {x.path} — {x.message}
                </li>
              ))}
              {v.errors === 0 ? <li>{t("cat.valid")}</li> : null}
            </ul>
          )}
        </Show>
      ) : null}
    </section>
  );
}
