import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.js";
import { attributeStack, buildSdkIndex } from "./attribution.js";
import { auditApp } from "./audit.js";
import { RULE_IDS } from "./rules.js";

const H = 3_600_000;
type Ev = Record<string, unknown>;

function trace(events: Ev[], app: Record<string, string> = { name: "示例", packageName: "com.example.shop", appType: "网上购物类" }) {
  return { schemaVersion: "pi-trace/1", session: { app }, events: events.map((e, i) => ({ seq: i + 1, ...e })) };
}
const consentFlow: Ev[] = [
  { t: 0, type: "lifecycle", phase: "process_start" },
  { t: 10, type: "ui", kind: "dialog", role: "privacy_dialog" },
  { t: 10, type: "ui", kind: "screen", role: "refuse_button" },
  { t: 100, type: "consent", action: "agreed", subject: "privacy_policy" },
];
const androidId = (t: number, extra: Ev = {}): Ev => ({
  t,
  type: "api_call",
  api: "android.provider.Settings$Secure.getString",
  piTypes: ["android_id"],
  stack: ["android.provider.Settings$Secure.getString", "com.umeng.commonsdk.DeviceConfig.getAndroidID", "com.example.shop.App.onCreate"],
  ...extra,
});

function errorOf(fn: () => unknown): { code: string; details: Record<string, unknown> | undefined } {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("pi-trace/1 validation", () => {
  it("names the first bad event's seq and field and runs nothing else", () => {
    const doc = trace([
      ...consentFlow,
      { t: 200, type: "network", host: "x.cn", transport: "ftp", piFound: [] },
      { t: 100, type: "lifecycle", phase: "bogus" },
    ]);
    const err = errorOf(() => auditApp({ trace: doc }));
    assert.equal(err.code, "INVALID_TRACE");
    assert.equal(err.details?.seq, 5);
    assert.equal(err.details?.field, "transport");
  });

  it("rejects a timestamp that goes backwards", () => {
    const err = errorOf(() => auditApp({ trace: trace([...consentFlow, { t: 50, type: "lifecycle", phase: "background" }]) }));
    assert.equal(err.code, "INVALID_TRACE");
    assert.deepEqual([err.details?.seq, err.details?.field], [5, "t"]);
  });

  it("rejects a duplicate seq and a wrong schemaVersion", () => {
    const doc = trace(consentFlow);
    doc.events[2]!.seq = 2;
    assert.equal(errorOf(() => auditApp({ trace: doc })).details?.field, "seq");
    assert.equal(errorOf(() => auditApp({ trace: { ...doc, schemaVersion: "pi-trace/2" } })).code, "INVALID_TRACE");
  });

  it("reports an unknown piType or API as a warning instead of failing", () => {
    const r = auditApp({ trace: trace([...consentFlow, { t: 200, type: "api_call", api: "com.vendor.Secret.read", piTypes: ["retina_scan"] }]) });
    assert.deepEqual(
      r.warnings.map((w) => [w.seq, w.code, w.value]),
      [
        [5, "unknown_api", "com.vendor.Secret.read"],
        [5, "unknown_pi_type", "retina_scan"],
      ],
    );
  });

  it("rejects an app type that is not one of the 39", () => {
    assert.equal(errorOf(() => auditApp({ trace: trace(consentFlow), appType: "元宇宙类" })).code, "UNKNOWN_APP_TYPE");
  });
});

describe("SDK attribution from stacks", () => {
  const index = buildSdkIndex();
  it("skips platform frames and matches the first remaining frame", () => {
    assert.deepEqual(
      attributeStack(["java.lang.reflect.Method.invoke", "android.os.Handler.dispatch", "com.igexin.push.a.b", "com.umeng.X"], "com.example.shop", index),
      {
        party: "third",
        sdkId: "getui",
      },
    );
  });
  it("lets the longest package prefix win", () => {
    assert.equal(attributeStack(["com.umeng.socialize.ShareAPI.share"], undefined, index).sdkId, "umeng_share");
    assert.equal(attributeStack(["com.umeng.analytics.MobclickAgent.onEvent"], undefined, index).sdkId, "umeng");
  });
  it("treats the app's own package as first party and respects package boundaries", () => {
    assert.deepEqual(attributeStack(["androidx.core.X.y", "com.example.shop.Main.onCreate"], "com.example.shop", index), { party: "first" });
    assert.deepEqual(attributeStack(["com.locale.Helper.read"], "com.example.shop", index), { party: "unknown" });
    assert.deepEqual(attributeStack(["kotlin.Lazy.get"], "com.example.shop", index), { party: "unknown" });
  });
});

describe("audit rules", () => {
  it("lists every rule exactly once in checks, with the thresholds used", () => {
    const r = auditApp({ trace: trace(consentFlow), thresholds: { frequencyMax: 3 } });
    assert.deepEqual(
      r.checks.map((c) => c.ruleId),
      [...RULE_IDS],
    );
    assert.equal(r.thresholds.frequencyMax, 3);
    assert.equal(r.thresholds.repromptWindowHours, 48);
    assert.equal(r.schemaVersion, "pipguard-audit/1");
    // Items whose wording the reference could not check against the official text keep that flag.
    const flag = (id: string) => r.checks.find((c) => c.ruleId === id)?.itemVerified;
    assert.deepEqual([flag("collect_before_consent"), flag("permission_exit_on_denial"), flag("immutable_device_id")], [true, false, null]);
  });

  it("attributes collection before consent to the SDK with the event seqs as evidence", () => {
    const r = auditApp({ trace: trace([consentFlow[0]!, androidId(5), ...consentFlow.slice(1)]) });
    const f = r.findings.find((x) => x.ruleId === "collect_before_consent");
    assert.deepEqual([f?.sdkId, f?.party, f?.evidence, f?.item, f?.label], ["umeng", "third", [2], "3.1", "违规收集个人信息"]);
  });

  it("makes the 48 h re-prompt window configurable", () => {
    const loc = ["android.permission.ACCESS_FINE_LOCATION"];
    const events: Ev[] = [
      ...consentFlow,
      { t: 1000, type: "permission", action: "requested", permissions: loc, userInitiated: true },
      { t: 2000, type: "permission", action: "denied", permissions: loc },
      { t: 10 * H, type: "lifecycle", phase: "process_start" },
      { t: 10 * H + 500, type: "permission", action: "requested", permissions: loc },
    ];
    assert.deepEqual(auditApp({ trace: trace(events) }).findings.find((f) => f.ruleId === "permission_reprompt_48h")?.evidence, [6, 8]);
    const relaxed = auditApp({ trace: trace(events), thresholds: { repromptWindowHours: 8 } });
    assert.equal(relaxed.checks.find((c) => c.ruleId === "permission_reprompt_48h")?.status, "pass");
  });

  it("counts frequency in a sliding window and ignores user-initiated reads", () => {
    const reads = (n: number, gap: number, extra: Ev = {}) => Array.from({ length: n }, (_, i) => androidId(1000 + i * gap, extra));
    const status = (events: Ev[]) =>
      auditApp({ trace: trace([...consentFlow, ...events]) }).checks.find((c) => c.ruleId === "collect_excessive_frequency")?.status;
    assert.equal(status(reads(11, 1000)), "fail");
    assert.equal(status(reads(11, 7000)), "pass");
    assert.equal(status(reads(30, 100, { userInitiated: true })), "pass");
  });

  it("does not count the agree click as a user action that justifies collection", () => {
    const events: Ev[] = [
      ...consentFlow.slice(0, 3),
      { t: 90, type: "ui", kind: "click", role: "agree_button" },
      consentFlow[3]!,
      {
        t: 150,
        type: "api_call",
        api: "android.content.pm.PackageManager.getInstalledPackages",
        piTypes: ["installed_apps"],
        stack: ["com.example.shop.Boot.run"],
      },
    ];
    assert.equal(auditApp({ trace: trace(events) }).checks.find((c) => c.ruleId === "collect_not_necessary")?.status, "fail");
  });

  it("marks rules the inputs cannot decide as needs_evidence, and decides them once a policy is given", () => {
    const t = trace([...consentFlow, androidId(200)]);
    const without = auditApp({ trace: t });
    assert.equal(without.checks.find((c) => c.ruleId === "undisclosed_collection")?.status, "needs_evidence");
    assert.equal(without.checks.find((c) => c.ruleId === "account_deletion_hard")?.status, "needs_evidence");
    const withPolicy = auditApp({ trace: t, policy: "我们会收集您的 Android ID 用于统计。您可以在设置中撤回同意或注销账号。" });
    assert.equal(withPolicy.checks.find((c) => c.ruleId === "undisclosed_collection")?.status, "pass");
    assert.equal(withPolicy.checks.find((c) => c.ruleId === "account_deletion_hard")?.status, "pass");
    assert.equal(withPolicy.checks.find((c) => c.ruleId === "undisclosed_sdk")?.status, "fail"); // the policy names no SDK
  });

  it("flags a permission of low relevance for the app type (GB/T 41391 Appendix E) only without a user action", () => {
    const ask = (extra: Ev) => ({ t: 500, type: "permission", action: "requested", permissions: ["android.permission.READ_CALENDAR"], ...extra });
    const st = (e: Ev) => auditApp({ trace: trace([...consentFlow, e]) }).checks.find((c) => c.ruleId === "permission_not_necessary")?.status;
    assert.equal(st(ask({})), "fail");
    assert.equal(st(ask({ userInitiated: true })), "pass");
  });
  it("accepts an SDK list row that names the SDK by its usual short name", () => {
    const t = trace([...consentFlow, androidId(200)]);
    const st = (name: string) =>
      auditApp({ trace: t, sdkList: [{ name, piTypes: ["Android ID"], packagePrefixes: [] }] }).checks.find((c) => c.ruleId === "undisclosed_sdk")?.status;
    assert.equal(st("友盟统计SDK"), "pass");
    assert.equal(st("极光推送"), "fail");
  });
});
