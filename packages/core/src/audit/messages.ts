import type { OpenFinding } from "./findings.js";
import { TRACE_PI_TYPES } from "./vocab.js";

function names(f: OpenFinding, lang: "zh" | "en"): string {
  const list = [...f.piTypes].sort().map((p) => TRACE_PI_TYPES[p]?.[lang] ?? p);
  return list.join(lang === "zh" ? "、" : ", ");
}

function who(f: OpenFinding, lang: "zh" | "en"): string {
  if (f.party === "first") return lang === "zh" ? "App 自身" : "The app itself";
  if (f.sdkId) return lang === "zh" ? `第三方 SDK「${f.sdkId}」` : `Third-party SDK "${f.sdkId}"`;
  if (f.party === "third") return lang === "zh" ? "第三方代码" : "Third-party code";
  return lang === "zh" ? "未能归属的代码" : "Unattributed code";
}

/** The bilingual message of a finding; the numbers come from the finding itself. */
export function messageFor(f: OpenFinding): { zh: string; en: string } {
  const d = f.detail;
  const zn = names(f, "zh");
  const en = names(f, "en");
  switch (f.ruleId) {
    case "collect_before_consent":
      return {
        zh: `${who(f, "zh")}在用户同意隐私政策前收集了${zn}（${f.count} 次）。`,
        en: `${who(f, "en")} collected ${en} before the user agreed to the privacy policy (${f.count} times).`,
      };
    case "collect_after_refusal":
      return {
        zh: `${who(f, "zh")}在用户拒绝或撤回同意后仍收集${zn}。`,
        en: `${who(f, "en")} kept collecting ${en} after the user refused or withdrew consent.`,
      };
    case "clipboard_read_unprompted":
      return {
        zh: `${who(f, "zh")}在无用户操作时读取剪切板（如启动时解析口令码）。`,
        en: `${who(f, "en")} read the clipboard without a user action (e.g. parsing a share code at launch).`,
      };
    case "consent_not_express":
      if (d.why === "prechecked") return { zh: "同意隐私政策的勾选框默认已勾选。", en: "The consent checkbox for the privacy policy was pre-checked." };
      if (d.why === "no_refuse") return { zh: "隐私政策弹窗未提供拒绝（不同意）选项。", en: "The privacy dialog offered no way to refuse." };
      return { zh: "首次运行时未以弹窗等明显方式提示用户阅读隐私政策。", en: "No privacy dialog was shown at first run." };
    case "permission_before_consent":
      return { zh: `同意隐私政策前申请了权限：${d.permissions}。`, en: `Permissions requested before consent: ${d.permissions}.` };
    case "permission_reprompt_48h":
      return { zh: `用户拒绝 ${d.permission} 后 ${d.hours} 小时内再次申请。`, en: `${d.permission} requested again ${d.hours} h after the user denied it.` };
    case "permission_exit_on_denial":
      return {
        zh: `用户拒绝权限后 ${d.ms} 毫秒内应用${d.phase === "process_died" ? "退出" : "转入后台"}。`,
        en: `The app ${d.phase === "process_died" ? "exited" : "left to the background"} ${d.ms} ms after a permission denial.`,
      };
    case "permission_bundled":
      return { zh: `首次启动时一次性申请多个权限：${d.permissions}。`, en: `Several permissions requested together at first launch: ${d.permissions}.` };
    case "permission_not_necessary":
      return {
        zh: `${d.permission} 与「${d.appType}」服务类型相关程度较低（GB/T 41391 附录 E），且无用户操作即申请。`,
        en: `${d.permission} is of low relevance to ${d.appType} (GB/T 41391 Appendix E) and was requested without a user action.`,
      };
    case "collect_excessive_frequency":
      return {
        zh: `${who(f, "zh")}在 ${d.windowS} 秒内读取${zn} ${d.count} 次，无用户操作。`,
        en: `${who(f, "en")} read ${en} ${d.count} times within ${d.windowS} s without a user action.`,
      };
    case "collect_in_background":
      return { zh: `${who(f, "zh")}在后台或锁屏状态下收集${zn}。`, en: `${who(f, "en")} collected ${en} in the background or with the screen off.` };
    case "collect_not_necessary":
      return {
        zh: `${who(f, "zh")}在用户使用相关功能前收集了非必要个人信息：${zn}。`,
        en: `${who(f, "en")} collected non-necessary PI before the user used a function needing it: ${en}.`,
      };
    case "immutable_device_id":
      return { zh: `${who(f, "zh")}读取了不可变更的设备标识：${zn}。`, en: `${who(f, "en")} read immutable device identifiers: ${en}.` };
    case "undisclosed_collection":
      if (d.how === "incorrect") return { zh: `隐私政策声明不收集${zn}，但实际收集了。`, en: `The policy says ${en} is not collected, but it is.` };
      if (d.how === "vague") return { zh: `隐私政策仅以笼统表述提及${zn}。`, en: `The policy mentions ${en} only in vague umbrella terms.` };
      return { zh: `隐私政策未提及实际收集的${zn}。`, en: `The policy never mentions ${en}, which the app collects.` };
    case "undisclosed_sdk":
      if (d.how === "underdeclared")
        return { zh: `${who(f, "zh")}收集了 SDK 清单未声明的${zn}。`, en: `${who(f, "en")} collects ${en}, which the SDK list does not declare for it.` };
      return { zh: `${who(f, "zh")}未列入 SDK 清单。`, en: `${who(f, "en")} is missing from the declared SDK list.` };
    case "undisclosed_sharing":
      return {
        zh: `向隐私政策和 SDK 清单均未覆盖的第三方 ${d.host} 发送了${zn}。`,
        en: `${en} sent to ${d.host}, a third party covered by neither the policy nor the SDK list.`,
      };
    case "plaintext_transfer":
      return { zh: `通过明文 http 向 ${d.host} 发送了${zn}。`, en: `${en} sent to ${d.host} over plain http.` };
    case "self_start":
      return { zh: `无用户操作时启动了其他应用 ${d.target}（${d.kind}）。`, en: `Started another app, ${d.target} (${d.kind}), without a user action.` };
    case "no_withdraw_path":
      return { zh: "App 内及隐私政策均未提供撤回同意的途径。", en: "Neither the app nor the policy offers a way to withdraw consent." };
    case "account_deletion_hard":
      if (d.how === "deep") return { zh: `注销账号需点击 ${d.clicks} 次才能到达。`, en: `Account deletion takes ${d.clicks} clicks to reach.` };
      if (d.how === "policy_silent")
        return {
          zh: "隐私政策未说明注销账号的方式，测试中也未发现注销入口。",
          en: "The policy does not say how to delete the account and the test found no deletion entry.",
        };
      return { zh: "未提供注销账号的途径。", en: "No account-deletion path." };
    case "policy_hard_to_access":
      if (d.how === "deep")
        return { zh: `从主界面需点击 ${d.clicks} 次才能访问隐私政策。`, en: `The privacy policy is ${d.clicks} clicks from the main screen.` };
      return { zh: "App 内无法访问隐私政策。", en: "The privacy policy cannot be reached in the app." };
    case "forced_targeting":
      return { zh: "存在个性化推荐/定向推送，但未提供非定向推送选项。", en: "Personalised push or recommendation with no non-targeted option." };
  }
}
