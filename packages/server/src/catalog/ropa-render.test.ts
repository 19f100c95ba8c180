import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildRecordOfProcessing, type CatalogDocument, emptyCatalog, planImport } from "@pipguard/core";
import { SequentialIds } from "@pipguard/core/testing";
import { csvCell, renderRopaCsv } from "./ropa-csv.js";
import { renderRopaHtml } from "./ropa-html.js";
import { formatPeriod } from "./ropa-labels.js";

const doc: CatalogDocument = {
  version: 1,
  organisation: { nameZh: "示例<商城>", nameEn: "Demo & Shop", contact: null },
  systems: [{ key: "app", name: "App", kind: "app" }],
  stores: [{ key: "db", system: "app", name: "DB", kind: "sqlite" }],
  fields: [
    { store: "db", table: "users", column: "mobile", category: "basic" },
    { store: "db", table: "users", column: "id_no", category: "identity" },
  ],
  purposes: [
    { code: "account", nameZh: "账号管理", nameEn: "Account", legalBasis: "contract_or_hr", necessity: "necessary", fields: ["db:users.mobile"] },
    {
      code: "xss",
      nameZh: "<script>alert(1)</script>",
      nameEn: '"quoted", =SUM(A1)',
      legalBasis: "consent",
      necessity: "optional",
      fields: ["db:users.id_no"],
    },
  ],
  recipients: [{ key: "abroad", name: "Abroad <Ltd>", kind: "third_party", country: "US", purposes: ["xss"], piCategories: ["identity"] }],
  retentionRules: [{ key: "r", purpose: "account", period: "P1Y6M", trigger: "account_closed", action: "delete" }],
};

function ropa() {
  const ids = new SequentialIds("x");
  return buildRecordOfProcessing(planImport(doc, emptyCatalog(), () => ids.next()).catalog, { generatedAt: "2025-01-01T00:00:00.000Z" });
}

describe("record of processing: CSV", () => {
  const csv = renderRopaCsv(ropa());

  it("starts with a UTF-8 BOM and a bilingual header, one CRLF row per purpose", () => {
    assert.ok(csv.startsWith("\uFEFF处理目的编码 Purpose code,"));
    const lines = csv.slice(1).split("\r\n");
    assert.equal(lines.length, 4); // header, 2 purposes, trailing empty
    assert.ok(lines[1]?.startsWith("account,账号管理,Account,"));
    assert.match(lines[1] ?? "", /1年6个月 自注销账号之日起 → 删除/);
  });

  it("quotes commas and quotes, and defuses cells a spreadsheet would run as a formula", () => {
    assert.ok(csv.includes('"""quoted"", =SUM(A1)"'));
    assert.equal(csvCell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    assert.equal(csvCell("-1"), "'-1");
    assert.equal(csvCell('a"b'), '"a""b"');
  });

  it("marks the cross-border purpose and its separate consent", () => {
    const row = csv.split("\r\n").find((l) => l.startsWith("xss,")) ?? "";
    assert.match(row, /单独同意 \/ separate consent/);
    assert.ok(row.includes("Abroad <Ltd> (第三方 third party, US)"));
    assert.match(row, /PIPL Art\. 55\(4\)/);
  });
});

describe("record of processing: HTML", () => {
  const html = renderRopaHtml(ropa());

  it("is a zh-CN page with the English beside it and every purpose", () => {
    assert.match(html, /^<!doctype html>\n<html lang="zh-CN">/);
    assert.match(html, /个人信息处理活动记录 <span class="en" lang="en">Record of personal information processing activities<\/span>/);
    assert.ok(html.includes("账号管理"));
    assert.ok(html.includes("PIPL Art. 13(2)"));
  });

  it("escapes every value taken from the catalog", () => {
    assert.ok(!html.includes("<script>"));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.includes("示例&lt;商城&gt;"));
    assert.ok(html.includes("Demo &amp; Shop"));
    assert.ok(html.includes("Abroad &lt;Ltd&gt;"));
    assert.ok(html.includes("&quot;quoted&quot;"));
  });
});

describe("formatPeriod", () => {
  it("spells ISO 8601 durations in Chinese and English", () => {
    assert.deepEqual(formatPeriod("P3Y"), { zh: "3年", en: "3 years" });
    assert.deepEqual(formatPeriod("P1M15D"), { zh: "1个月15天", en: "1 month 15 days" });
    assert.deepEqual(formatPeriod("forever"), { zh: "forever", en: "forever" });
  });
});
