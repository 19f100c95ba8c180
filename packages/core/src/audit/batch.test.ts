import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import { type AuditReport, auditApp } from "./audit.js";
import { buildNotice, compareInspections, renderNoticeCsv, renderNoticeHtml } from "./batch.js";

type Ev = Record<string, unknown>;
const flow: Ev[] = [
  { t: 0, type: "lifecycle", phase: "process_start" },
  { t: 10, type: "ui", kind: "dialog", role: "privacy_dialog" },
  { t: 10, type: "ui", kind: "screen", role: "refuse_button" },
  { t: 100, type: "consent", action: "agreed", subject: "privacy_policy" },
];
const imei: Ev = { type: "api_call", api: "android.telephony.TelephonyManager.getImei", piTypes: ["imei"], stack: ["cn.jpush.android.X.y"] };

function report(name: string, version: string, events: Ev[]): AuditReport {
  const app = { name, packageName: `com.example.${name.length}`, version, developer: `${name}公司`, source: "应用宝" };
  return auditApp({ trace: { schemaVersion: "pi-trace/1", session: { app }, events: events.map((e, i) => ({ seq: i + 1, ...e })) } });
}

describe("batch inspection notice", () => {
  const bad = report("=cmd|' /C calc'!A0", "1.0", [flow[0]!, { ...imei, t: 5 }, ...flow.slice(1)]);
  const clean = report("好应用", "2.0", flow);

  it("lists only apps with problems, numbering them, with each label once", () => {
    const n = buildNotice([clean, bad], { deadline: "2026-12-15" });
    assert.equal(n.rows.length, 1);
    assert.equal(n.cleanApps, 1);
    assert.deepEqual(n.rows[0]?.problems, ["违规收集个人信息", "超范围收集个人信息"]);
    assert.equal(n.rows[0]?.no, 1);
  });

  it("rejects a deadline that is not a date", () => {
    assert.throws(
      () => buildNotice([bad], { deadline: "next Friday" }),
      (e) => isDomainError(e, "INVALID_DATE"),
    );
  });

  it("neutralises spreadsheet formulas in CSV and escapes HTML", () => {
    const n = buildNotice([bad]);
    const csv = renderNoticeCsv(n);
    assert.ok(csv.includes(`'=cmd|' /C calc'!A0`), csv);
    assert.ok(!/,=cmd/.test(csv));
    const html = renderNoticeHtml({ ...n, rows: n.rows.map((r) => ({ ...r, name: "<b>x</b>" })) });
    assert.ok(html.includes("&lt;b&gt;x&lt;/b&gt;") && !html.includes("<b>x"));
  });

  it("marks an earlier finding fixed when the later version no longer has it, and not fixed when it does", () => {
    const later = report("=cmd|' /C calc'!A0", "1.1", [...flow, { ...imei, t: 500 }]);
    const r = compareInspections(bad, later);
    assert.deepEqual(
      r.items.map((i) => [i.ruleId, i.sdkId, i.status]),
      [
        ["collect_before_consent", "jpush", "fixed"],
        ["immutable_device_id", "jpush", "not_fixed"],
      ],
    );
    assert.equal(r.fixed, 1);
    assert.deepEqual([r.previousVersion, r.currentVersion], ["1.0", "1.1"]);
  });
});
