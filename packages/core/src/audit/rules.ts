/**
 * The rules of the app audit (shared/specs/pi-trace.md "Rule ids and labels"): the label regulators print in
 * their notices, the item of the 2019 Identification Method (《App违法违规收集使用个人信息行为认定方法》,
 * shared/reference/app-illegal-collection-31-items.json) and the other clause each rule rests on.
 */

export const RULE_IDS = [
  "collect_before_consent",
  "collect_after_refusal",
  "clipboard_read_unprompted",
  "consent_not_express",
  "permission_before_consent",
  "permission_reprompt_48h",
  "permission_exit_on_denial",
  "permission_bundled",
  "permission_not_necessary",
  "collect_excessive_frequency",
  "collect_in_background",
  "collect_not_necessary",
  "immutable_device_id",
  "undisclosed_collection",
  "undisclosed_sdk",
  "undisclosed_sharing",
  "plaintext_transfer",
  "self_start",
  "no_withdraw_path",
  "account_deletion_hard",
  "policy_hard_to_access",
  "forced_targeting",
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type Severity = "high" | "medium" | "low";

/** What a rule is, for reports. */
export interface RuleMeta {
  readonly id: RuleId;
  /** The label in MIIT notices (通报所涉问题). */
  readonly label: string;
  /** Identification Method item, when one applies. */
  readonly item: string | null;
  readonly severity: Severity;
  /** Other basis: GB/T 41391-2022 clause, MIIT notice. */
  readonly basis: string;
  readonly title: { readonly zh: string; readonly en: string };
}

const L = {
  illegal: "违规收集个人信息",
  perm: "APP强制、频繁、过度索取权限",
  scope: "超范围收集个人信息",
} as const;

function r(id: RuleId, label: string, item: string | null, severity: Severity, basis: string, zh: string, en: string): RuleMeta {
  return { id, label, item, severity, basis, title: { zh, en } };
}

export const RULES: readonly RuleMeta[] = [
  r(
    "collect_before_consent",
    L.illegal,
    "3.1",
    "high",
    "PIPL Art. 13-14; MIIT 164/2020 problem 1",
    "同意隐私政策前收集个人信息",
    "PI collected before consent to the privacy policy",
  ),
  r(
    "collect_after_refusal",
    L.illegal,
    "3.2",
    "high",
    "PIPL Art. 15-16; GB/T 41391 6.4.4",
    "拒绝或撤回同意后仍收集个人信息",
    "PI collected after refusal or withdrawal",
  ),
  r("clipboard_read_unprompted", L.illegal, "3.1", "medium", "GB/T 41391 6.7 b", "无用户操作读取剪切板", "Clipboard read without a user action"),
  r(
    "consent_not_express",
    L.illegal,
    "3.4",
    "high",
    "PIPL Art. 14; Identification Method 1.2, 3.4",
    "非明示同意（默认勾选、无拒绝选项或无首次运行弹窗）",
    "Consent not express (pre-checked, no refuse option, or no first-run dialog)",
  ),
  r("permission_before_consent", L.perm, "3.1", "high", "GB/T 41391 6.5.1 b", "同意隐私政策前申请权限", "Permission requested before consent"),
  r(
    "permission_reprompt_48h",
    L.perm,
    "3.2",
    "medium",
    "GB/T 41391 6.4.4 c (48 h)",
    "用户拒绝后 48 小时内再次申请同一权限",
    "Same permission re-requested within 48 h of a denial",
  ),
  r("permission_exit_on_denial", L.perm, "4.2", "high", "GB/T 41391 6.4.4 a", "拒绝权限后应用退出或转入后台", "App exits or leaves on a permission denial"),
  r(
    "permission_bundled",
    L.perm,
    "4.6",
    "medium",
    "GB/T 41391 6.5.1 d",
    "首次启动一次性申请多个权限",
    "Several permissions requested together at first launch",
  ),
  r(
    "permission_not_necessary",
    L.perm,
    "4.1",
    "medium",
    "GB/T 41391 6.5.1 a, Appendix E",
    "申请与服务类型相关程度较低的权限",
    "Permission of low relevance to the app type requested",
  ),
  r(
    "collect_excessive_frequency",
    L.scope,
    "4.4",
    "medium",
    "GB/T 41391 6.5.2 b; MIIT 164/2020 problem 2",
    "收集个人信息频度超出业务需要",
    "PI collected more often than the function needs",
  ),
  r(
    "collect_in_background",
    L.scope,
    "4.4",
    "high",
    "GB/T 41391 6.7 c",
    "静默或后台状态下收集个人信息",
    "PI collected in the background or with the screen off",
  ),
  r(
    "collect_not_necessary",
    L.scope,
    "4.1",
    "medium",
    "《常见类型移动互联网应用程序必要个人信息范围规定》; GB/T 41391 6.1, 6.2",
    "未使用相关功能时收集非必要个人信息",
    "Non-necessary PI collected before the function needing it was used",
  ),
  r("immutable_device_id", L.scope, null, "medium", "GB/T 41391 6.7 a, C.3, Appendix F", "读取不可变更的设备唯一标识", "Immutable device identifier read"),
  r(
    "undisclosed_collection",
    "未明示个人信息处理规则",
    "2.1",
    "medium",
    "PIPL Art. 17",
    "隐私政策未说明实际收集的个人信息",
    "PI collected that the privacy policy does not disclose",
  ),
  r(
    "undisclosed_sdk",
    "SDK使用说明不完整",
    "2.1",
    "medium",
    "GB/T 41391 6.6.2; MIIT 26/2023",
    "第三方 SDK 未在 SDK 清单中完整说明",
    "Third-party SDK missing from, or under-declared in, the SDK list",
  ),
  r(
    "undisclosed_sharing",
    "违规使用个人信息",
    "5.1",
    "high",
    "PIPL Art. 23",
    "向隐私政策和 SDK 清单未覆盖的第三方发送个人信息",
    "PI sent to a third party not covered by the policy or SDK list",
  ),
  r("plaintext_transfer", "未采取加密等安全措施", null, "high", "PIPL Art. 51; GB/T 35273 6.3", "明文（http）传输个人信息", "PI sent over plain http"),
  r(
    "self_start",
    "APP频繁自启动和关联启动",
    null,
    "low",
    "GB/T 41391 6.7 d; MIIT 164/2020",
    "无用户操作启动其他应用",
    "Another app started without a user action",
  ),
  r("no_withdraw_path", "未提供撤回同意途径", "3.8", "medium", "PIPL Art. 15", "未提供撤回同意的途径", "No way to withdraw consent"),
  r(
    "account_deletion_hard",
    "账号注销难",
    "6.1",
    "medium",
    "PIPL Art. 47; MIIT 337/2019",
    "无注销账号途径或注销路径过深",
    "No account-deletion path, or too many clicks to reach it",
  ),
  r("policy_hard_to_access", "隐私政策难以访问", "1.3", "medium", "Identification Method 1.3", "隐私政策难以访问", "Privacy policy hard to reach"),
  r(
    "forced_targeting",
    "强制用户使用定向推送功能",
    "3.6",
    "medium",
    "PIPL Art. 24; MIIT 337/2019",
    "定向推送未提供非定向选项",
    "Targeted push with no non-targeted option",
  ),
];

/** Rule metadata by id. */
export function ruleMeta(id: RuleId): RuleMeta {
  const m = RULES.find((x) => x.id === id);
  if (!m) throw new Error(`unknown rule ${id}`);
  return m;
}

/** Configurable thresholds; every report states the values it used. */
export interface AuditThresholds {
  /** GB/T 41391 6.4.4 c: window after a denial in which a re-request counts as frequent. */
  repromptWindowHours: number;
  /** Re-requests tolerated inside that window (spec: "requested again" → 0). */
  maxRepromptsInWindow: number;
  /** Exit / background within this many ms of a denial counts as leaving on denial. */
  exitAfterDenialMs: number;
  /** More than `frequencyMax` reads of one piType by one party in `frequencyWindowMs` is excessive. */
  frequencyMax: number;
  frequencyWindowMs: number;
  /** A call this soon after a click/toggle counts as user-initiated. */
  userActionWindowMs: number;
  /** Identification Method 1.3: more than 4 clicks from the main screen. */
  maxPolicyClicks: number;
  /** pipguard default (no published figure; MIIT 337/2019 says only "注销难"): more than 5 clicks. */
  maxDeletionClicks: number;
  /** Cap on evidence seq numbers kept per finding (the count is always reported). */
  maxEvidence: number;
}

export const DEFAULT_THRESHOLDS: Readonly<AuditThresholds> = {
  repromptWindowHours: 48,
  maxRepromptsInWindow: 0,
  exitAfterDenialMs: 5000,
  frequencyMax: 10,
  frequencyWindowMs: 60_000,
  userActionWindowMs: 2000,
  maxPolicyClicks: 4,
  maxDeletionClicks: 5,
  maxEvidence: 50,
};
