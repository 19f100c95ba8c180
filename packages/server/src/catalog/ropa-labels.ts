/** zh-CN and English words the record-of-processing renderers print for enum values. */
import type { ConsentKind, Necessity, RecipientKind, RetentionAction, RetentionTrigger } from "@pipguard/core";

export type Bilingual = { zh: string; en: string };

export const CONSENT_LABELS: Record<ConsentKind, Bilingual> = {
  none: { zh: "无需同意", en: "no consent needed" },
  general: { zh: "同意", en: "consent" },
  separate: { zh: "单独同意", en: "separate consent" },
  guardian: { zh: "监护人同意", en: "guardian's consent" },
};

export const NECESSITY_LABELS: Record<Necessity, Bilingual> = {
  necessary: { zh: "必要", en: "necessary" },
  optional: { zh: "非必要", en: "optional" },
};

export const RECIPIENT_LABELS: Record<RecipientKind, Bilingual> = {
  third_party: { zh: "第三方", en: "third party" },
  entrusted_processor: { zh: "受托人", en: "entrusted processor" },
  sdk: { zh: "第三方SDK", en: "SDK" },
};

export const TRIGGER_LABELS: Record<RetentionTrigger, Bilingual> = {
  collection: { zh: "自收集之日起", en: "from collection" },
  purpose_fulfilled: { zh: "自处理目的实现之日起", en: "from when the purpose is fulfilled" },
  account_closed: { zh: "自注销账号之日起", en: "from account closure" },
  last_activity: { zh: "自最后一次使用之日起", en: "from last activity" },
  transaction_completed: { zh: "自交易完成之日起", en: "from transaction completion" },
};

export const ACTION_LABELS: Record<RetentionAction, Bilingual> = {
  delete: { zh: "删除", en: "delete" },
  anonymise: { zh: "匿名化", en: "anonymise" },
  // PIPL Art. 47 para. 2: when a law requires keeping it, stop all processing but storage and security
  restrict: { zh: "停止除存储和必要安全措施之外的处理", en: "restrict to storage and security" },
};

export const YES_NO = (b: boolean): Bilingual => (b ? { zh: "是", en: "yes" } : { zh: "否", en: "no" });

const UNITS: Record<string, [string, string, string]> = {
  Y: ["年", "year", "years"],
  M: ["个月", "month", "months"],
  W: ["周", "week", "weeks"],
  D: ["天", "day", "days"],
};

/** `P1Y6M` → 1年6个月 / 1 year 6 months (anything else is printed as is). */
export function formatPeriod(period: string): Bilingual {
  const parts = [...period.matchAll(/(\d+)([YMWD])/g)];
  if (!period.startsWith("P") || parts.length === 0) return { zh: period, en: period };
  return {
    zh: parts.map(([, n, u]) => `${n}${UNITS[u ?? "D"]?.[0]}`).join(""),
    en: parts.map(([, n, u]) => `${n} ${Number(n) === 1 ? UNITS[u ?? "D"]?.[1] : UNITS[u ?? "D"]?.[2]}`).join(" "),
  };
}
