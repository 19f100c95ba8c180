import { DomainError } from "../../errors.js";
import type { DeclaredSdk } from "../engine.js";
import { parseCsv, splitList } from "./csv.js";

/** Column names accepted for each field (English, and the Chinese headers of common SDK清单 tables). */
const HEADERS: Record<keyof DeclaredSdk, string[]> = {
  name: ["name", "sdk", "sdk名称", "第三方sdk名称", "名称"],
  vendor: ["vendor", "第三方名称", "第三方公司", "公司名称", "提供方", "开发者"],
  purpose: ["purpose", "使用目的", "目的", "用途"],
  piTypes: ["pitypes", "pi", "收集个人信息类型", "个人信息类型", "收集的个人信息", "个人信息字段"],
  packagePrefixes: ["packageprefixes", "packages", "package", "包名", "sdk包名"],
  hosts: ["hosts", "域名", "接收域名"],
};

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return typeof v === "string" ? splitList(v) : [];
}

/** Reads a declared SDK list from JSON (array of objects) or CSV (header row). */
export function parseSdkList(text: string): DeclaredSdk[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      throw new DomainError("INVALID_AUDIT_INPUT", "SDK list is not valid JSON", { field: "sdkList" });
    }
    const arr = Array.isArray(doc) ? doc : (doc as { sdks?: unknown }).sdks;
    if (!Array.isArray(arr)) throw new DomainError("INVALID_AUDIT_INPUT", "SDK list JSON must be an array of SDK entries", { field: "sdkList" });
    return arr.map((x, i) => {
      const o = (x ?? {}) as Record<string, unknown>;
      if (typeof o.name !== "string" || o.name === "")
        throw new DomainError("INVALID_AUDIT_INPUT", `SDK list entry ${i} has no name`, { field: `sdkList[${i}].name` });
      const d: DeclaredSdk = { name: o.name, piTypes: list(o.piTypes), packagePrefixes: list(o.packagePrefixes) };
      if (typeof o.vendor === "string") d.vendor = o.vendor;
      if (typeof o.purpose === "string") d.purpose = o.purpose;
      if (o.hosts !== undefined) d.hosts = list(o.hosts);
      return d;
    });
  }
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().replace(/\s+/g, ""));
  const col = (k: keyof DeclaredSdk) => header.findIndex((h) => HEADERS[k].includes(h));
  const ci = {
    name: col("name"),
    vendor: col("vendor"),
    purpose: col("purpose"),
    piTypes: col("piTypes"),
    packagePrefixes: col("packagePrefixes"),
    hosts: col("hosts"),
  };
  if (ci.name < 0) throw new DomainError("INVALID_AUDIT_INPUT", "SDK list CSV needs a name column (name / SDK名称)", { field: "sdkList" });
  return rows.slice(1).flatMap((r) => {
    const name = r[ci.name]?.trim();
    if (!name) return [];
    const d: DeclaredSdk = { name, piTypes: splitList(r[ci.piTypes]), packagePrefixes: splitList(r[ci.packagePrefixes]) };
    if (ci.vendor >= 0 && r[ci.vendor]) d.vendor = r[ci.vendor]!.trim();
    if (ci.purpose >= 0 && r[ci.purpose]) d.purpose = r[ci.purpose]!.trim();
    if (ci.hosts >= 0) d.hosts = splitList(r[ci.hosts]);
    return [d];
  });
}
