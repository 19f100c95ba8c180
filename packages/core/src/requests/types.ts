/**
 * Rights requests of PIPL Chapter IV (个人在个人信息处理活动中的权利, Arts. 44–50).
 * The identifiers are stable API values; the Chinese terms are the statute's.
 */
export const REQUEST_TYPES = [
  "access", // 查阅 — PIPL Art. 45 ¶1
  "copy", // 复制 — PIPL Art. 45 ¶1
  "portability", // 转移 — PIPL Art. 45 ¶3
  "correction", // 更正、补充 — PIPL Art. 46
  "deletion", // 删除 — PIPL Art. 47
  "restriction", // 限制处理 — PIPL Art. 44
  "withdraw_consent", // 撤回同意 — PIPL Art. 15
  "explanation", // 解释说明 — PIPL Art. 48
  "account_deletion", // 注销账号 — GB/T 35273-2020 §8.5; 2019 认定方法 item 4
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Workflow states. */
export const REQUEST_STATUSES = [
  "received", // 已受理: the request exists, the requester has not proved control of the contact
  "identity_verification", // 身份核验: a one-time code was sent
  "in_progress", // 处理中: verified, being fulfilled
  "completed", // 已完成
  "refused", // 拒绝 (with a legal reason, PIPL Art. 50)
  "cancelled", // 已撤销
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** States after which nothing changes any more. */
export const TERMINAL_STATUSES: ReadonlySet<RequestStatus> = new Set(["completed", "refused", "cancelled"]);

/** True when `s` is a known request type. */
export function isRequestType(s: string): s is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(s);
}

/** True when `s` is a known request status. */
export function isRequestStatus(s: string): s is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(s);
}

/** A reason to refuse, with the rule it rests on; PIPL Art. 50 requires the reason to be given. */
export interface RefusalReason {
  code: string;
  labelZh: string;
  labelEn: string;
  legalBasis: string;
}

/** The closed list of refusal reasons; a refusal outside it is not allowed. */
export const REFUSAL_REASONS = [
  {
    code: "retention_required_by_law",
    labelZh: "法律、行政法规规定的保存期限未届满",
    labelEn: "a law or administrative regulation requires the data to be kept",
    legalBasis: "PIPL Art. 47 ¶2 (processing stops except storage and security measures)",
  },
  {
    code: "identity_not_verified",
    labelZh: "无法核验申请人身份",
    labelEn: "the requester's identity could not be verified",
    legalBasis: "GB/T 35273-2020 §8.7 a) (verify identity before responding)",
  },
  {
    code: "manifestly_unfounded_or_excessive",
    labelZh: "明显无理由的重复请求或超出合理限度",
    labelEn: "manifestly unfounded, repetitive or excessive",
    legalBasis: "GB/T 35273-2020 §8.7 c)",
  },
  {
    code: "exempt_by_law",
    labelZh: "法律、行政法规规定应当保密或者不需要告知",
    labelEn: "a law or administrative regulation requires confidentiality or exempts notice",
    legalBasis: "PIPL Art. 45 ¶1 with Art. 18 ¶1 and Art. 35",
  },
  {
    code: "state_security_or_public_interest",
    labelZh: "与国家安全、公共安全、公共卫生、重大公共利益直接相关",
    labelEn: "directly related to national security, public safety, public health or major public interests",
    legalBasis: "GB/T 35273-2020 §8.7 e) 1)–2)",
  },
  {
    code: "criminal_investigation",
    labelZh: "与刑事侦查、起诉、审判和执行判决等直接相关",
    labelEn: "directly related to criminal investigation, prosecution, trial or enforcement",
    legalBasis: "GB/T 35273-2020 §8.7 e) 3)",
  },
  {
    code: "harms_others_rights",
    labelZh: "响应请求将导致其他个人、组织的合法权益受到严重损害",
    labelEn: "answering would seriously harm the lawful rights of another person or organisation",
    legalBasis: "GB/T 35273-2020 §8.7 e) 6)",
  },
  {
    code: "deceased_wishes_otherwise",
    labelZh: "死者生前另有安排",
    labelEn: "the deceased arranged otherwise during their lifetime",
    legalBasis: "PIPL Art. 49",
  },
  {
    code: "not_personal_information",
    labelZh: "请求不涉及申请人的个人信息",
    labelEn: "the request does not concern the requester's personal information",
    legalBasis: "PIPL Art. 4 (scope of personal information)",
  },
] as const satisfies readonly RefusalReason[];
export type RefusalReasonCode = (typeof REFUSAL_REASONS)[number]["code"];

/** The reason entry for a code, or undefined when it is not on the list. */
export function refusalReason(code: string): RefusalReason | undefined {
  return REFUSAL_REASONS.find((r) => r.code === code);
}

/** Who moves a request: the requester (after the code), a staff user, or the system (jobs). */
export type ActorKind = "requester" | "staff" | "system";

/** How the requester is reached for the code and notices. */
export type ContactChannel = "email" | "sms";
