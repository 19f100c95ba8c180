import { type RequestType, refusalReason } from "./types.js";

/** The statute's name for each request type, with English beside it. */
export const REQUEST_TYPE_LABELS: Readonly<Record<RequestType, { zh: string; en: string }>> = {
  access: { zh: "查阅个人信息", en: "access to personal information" },
  copy: { zh: "复制个人信息", en: "a copy of personal information" },
  portability: { zh: "转移个人信息", en: "transfer (portability) of personal information" },
  correction: { zh: "更正、补充个人信息", en: "correction or completion of personal information" },
  deletion: { zh: "删除个人信息", en: "deletion of personal information" },
  restriction: { zh: "限制处理个人信息", en: "restriction of processing" },
  withdraw_consent: { zh: "撤回同意", en: "withdrawal of consent" },
  explanation: { zh: "解释说明个人信息处理规则", en: "an explanation of the processing rules" },
  account_deletion: { zh: "注销账号", en: "account deletion" },
};

/** What a requester is told, and when. */
export type RequesterNotice =
  | { kind: "verification_code"; requestId: string; type: RequestType; code: string; validMinutes: number }
  | { kind: "accepted"; requestId: string; type: RequestType; due: string }
  | { kind: "extended"; requestId: string; type: RequestType; due: string; reason: string }
  | { kind: "completed"; requestId: string; type: RequestType; link?: string }
  | { kind: "refused"; requestId: string; type: RequestType; reason: string }
  | { kind: "cancelled"; requestId: string; type: RequestType };

/** A rendered message: subject and plain text, Chinese first with English beside it. */
export interface RenderedMessage {
  subject: string;
  text: string;
}

/**
 * Renders a notice to the requester. It carries only the request's id, type, dates, the code and the
 * reason — never personal data beyond what the requester gave (here: none at all besides the address).
 */
export function renderRequesterNotice(n: RequesterNotice): RenderedMessage {
  const t = REQUEST_TYPE_LABELS[n.type];
  const ref = `申请编号 Request ID: ${n.requestId}\n申请类型 Type: ${t.zh} / ${t.en}`;
  const foot = "\n\n如非本人操作，请忽略本邮件。\nIf you did not make this request, ignore this message.";
  switch (n.kind) {
    case "verification_code":
      return {
        subject: "验证码 Verification code",
        text: `您的验证码是 Your verification code is: ${n.code}\n${n.validMinutes} 分钟内有效 Valid for ${n.validMinutes} minutes.\n\n${ref}${foot}`,
      };
    case "accepted":
      return {
        subject: "申请已受理 Request accepted",
        text: `您的申请已通过身份核验并进入处理。\nYour identity is verified and the request is being processed.\n答复期限 Answer due by: ${n.due}\n\n${ref}`,
      };
    case "extended":
      return {
        subject: "处理期限延长 Deadline extended",
        text: `处理期限已延长至 The deadline is extended to: ${n.due}\n理由 Reason: ${n.reason}\n\n${ref}`,
      };
    case "completed":
      return {
        subject: "申请已办结 Request completed",
        text: `您的申请已办结。\nYour request is completed.${n.link ? `\n下载 Download: ${n.link}` : ""}\n\n${ref}`,
      };
    case "refused": {
      const r = refusalReason(n.reason);
      const why = r ? `${r.labelZh} / ${r.labelEn}\n依据 Legal basis: ${r.legalBasis}` : n.reason;
      return {
        subject: "申请未予办理 Request refused",
        text: `您的申请未予办理，理由如下 (PIPL 第五十条)。\nYour request was refused for this reason (PIPL Art. 50):\n${why}\n\n您可以向履行个人信息保护职责的部门投诉、举报，或依法向人民法院提起诉讼。\nYou may complain to the authority in charge of PI protection or sue in a people's court.\n\n${ref}`,
      };
    }
    case "cancelled":
      return { subject: "申请已撤销 Request cancelled", text: `您的申请已撤销。\nYour request is cancelled.\n\n${ref}` };
  }
}
