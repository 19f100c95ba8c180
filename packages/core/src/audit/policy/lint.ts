import { policyToText, splitSentences } from "./text.js";

/**
 * Privacy-policy content linter: the items PIPL Art. 17 (告知事项) and the Shenzhen special plan for app
 * privacy policies require. Each requirement is found (with the sentences that satisfy it) or missing.
 * Detection is lexical: a found item means the topic is addressed, not that it is addressed well.
 */

export interface PolicyRequirement {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly basis: string;
  /** Every group must match somewhere in the text (each group: any of its patterns, in one sentence). */
  readonly all: readonly RegExp[];
}

export interface RequirementResult {
  id: string;
  zh: string;
  en: string;
  basis: string;
  status: "found" | "missing";
  /** Sentences that satisfy it (at most 3). */
  sentences: string[];
}

export interface PolicyLintResult {
  requirements: RequirementResult[];
  found: number;
  missing: number;
}

function q(id: string, zh: string, en: string, basis: string, all: RegExp[]): PolicyRequirement {
  return { id, zh, en, basis, all };
}

export const POLICY_REQUIREMENTS: readonly PolicyRequirement[] = [
  q("processor_identity", "个人信息处理者的名称", "Processor's name", "PIPL Art. 17(1)", [/(有限公司|股份公司|集团|运营者|个人信息处理者|开发者)/]),
  q("processor_contact", "个人信息处理者的联系方式", "Processor's contact details", "PIPL Art. 17(1)", [
    /(联系我们|联系方式|邮箱|电子邮件|客服电话|联系电话|[\w.+-]+@[\w-]+\.[\w.]+|\d{3,4}-?\d{7,8}|400-?\d{3}-?\d{4})/,
  ]),
  q("purposes", "处理目的", "Purposes of processing", "PIPL Art. 17(2)", [/(目的|用于|为了|为向您提供|为保障|为实现)/, /(收集|使用|处理)/]),
  q("methods", "处理方式", "Methods of processing", "PIPL Art. 17(2)", [/(方式|自动收集|主动提供|通过.{0,30}(收集|获取)|Cookie|SDK.{0,20}收集)/i]),
  q("pi_types", "个人信息的种类", "Kinds of PI", "PIPL Art. 17(2)", [/(收集|获取|读取).{0,40}(信息|号码|标识|列表|位置|通讯录)/]),
  q("retention", "保存期限", "Retention period", "PIPL Art. 17(2), Art. 19", [
    /(保存期限|存储期限|保留期限|保存.{0,10}(期限|时间|年|月)|最短(时间|期限)|存储时间)/,
  ]),
  q("rights", "个人行使权利的方式和程序", "How to exercise rights", "PIPL Art. 17(3), Art. 44-47", [
    /(查阅|复制|更正|补充|删除|撤回|注销|转移)/,
    /(设置|路径|途径|联系我们|通过|可以在)/,
  ]),
  q("response_time", "响应时限", "Response time for requests", "PIPL Art. 50; Identification Method 6.3 (15 working days)", [
    /(\d+|十五|十|三十|七)\s*(个)?(工作日|天|日)内?.{0,10}(答复|回复|处理|响应|反馈)|(答复|回复|处理|响应|反馈).{0,10}(\d+|十五|十|三十|七)\s*(个)?(工作日|天|日)/,
  ]),
  q("complaint", "投诉举报渠道", "Complaint channel", "Identification Method 6.5; PIPL Art. 50", [/(投诉|举报|申诉)/]),
  q("sdk_list", "第三方 SDK 清单", "Third-party SDK list", "GB/T 41391 6.6.2; MIIT 26/2023; Shenzhen plan", [
    /(SDK|第三方.{0,6}清单|软件开发工具包|第三方信息共享)/i,
  ]),
  q("children", "儿童个人信息处理规则", "Children's PI rules", "PIPL Art. 31; 《儿童个人信息网络保护规定》", [/(儿童|未成年|不满十四|不满14|14周岁|十四周岁)/]),
  q("sensitive_pi", "敏感个人信息的必要性及影响", "Sensitive PI: necessity and impact", "PIPL Art. 30", [/敏感个人信息/, /(必要性|必要|影响)/]),
  q("cross_border", "跨境传输", "Cross-border transfer", "PIPL Art. 39", [/(境外|跨境|出境|中华人民共和国境内|中国境内)/]),
  q("changes", "规则变更的通知方式", "How changes are notified", "PIPL Art. 17 para. 2; Identification Method 2.2", [
    /(变更|更新|修订|修改)/,
    /(通知|告知|提示|弹窗|公告|推送)/,
  ]),
  q("withdraw", "撤回同意的方式", "How to withdraw consent", "PIPL Art. 15; Identification Method 3.8", [/(撤回|取消授权|关闭.{0,12}(权限|授权))/]),
  q("account_deletion", "注销账号的方式", "How to delete the account", "PIPL Art. 47; Identification Method 6.1", [/(注销)/]),
];

/** Lints a privacy policy (HTML, Markdown or text) against POLICY_REQUIREMENTS. */
export function lintPolicy(policy: string): PolicyLintResult {
  const sentences = splitSentences(policyToText(policy));
  const requirements: RequirementResult[] = POLICY_REQUIREMENTS.map((req) => {
    const hits: string[] = [];
    const headings: string[] = [];
    // A requirement with two groups needs both in one sentence (e.g. a right AND how to exercise it). Headings
    // ("二、第三方SDK") count, but a sentence that says something is cited before them.
    for (const s of sentences) {
      if (hits.length >= 3) break;
      if (!req.all.every((re) => re.test(s))) continue;
      const cited = s.length > 200 ? `${s.slice(0, 200)}…` : s;
      if (/[。；！？.;!?]$/.test(s)) hits.push(cited);
      else if (headings.length < 3) headings.push(cited);
    }
    hits.push(...headings.slice(0, 3 - hits.length));
    return { id: req.id, zh: req.zh, en: req.en, basis: req.basis, status: hits.length > 0 ? "found" : "missing", sentences: hits };
  });
  const found = requirements.filter((r) => r.status === "found").length;
  return { requirements, found, missing: requirements.length - found };
}
