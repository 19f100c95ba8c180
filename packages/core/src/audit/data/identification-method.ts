/**
 * Items of 《App违法违规收集使用个人信息行为认定方法》 (国信办秘字〔2019〕191号, the "Identification Method") that the
 * audit rules cite, copied from shared/reference/app-illegal-collection-31-items.json. Its verification note: categories
 * 1-2 and items 3.1-3.3 matched verbatim against reproductions of the official text, 3.4-3.9 corroborated by a public
 * checklist, 6.5 matched; 4.x, 5.x and 6.1-6.4 transcribed from memory of the official text — `verified: false`, and
 * reports show that flag.
 */

export interface IdentificationItem {
  readonly zh: string;
  readonly en: string;
  readonly verified: boolean;
}

export const IDENTIFICATION_METHOD_SOURCE =
  "《App违法违规收集使用个人信息行为认定方法》(国信办秘字〔2019〕191号), CAC Secretariat, MIIT General Office, MPS General Office, SAMR General Office, 2019-11-28 (published 2019-12-30).";

export const IDENTIFICATION_ITEMS: Readonly<Record<string, IdentificationItem>> = {
  "1.2": {
    zh: "在App首次运行时未通过弹窗等明显方式提示用户阅读隐私政策等收集使用规则；",
    en: "On first run, the app does not prompt the user (pop-up or other conspicuous means) to read the privacy policy.",
    verified: true,
  },
  "1.3": {
    zh: "隐私政策等收集使用规则难以访问，如进入App主界面后，需多于4次点击等操作才能访问到；",
    en: "Policy hard to access, e.g. more than 4 taps from the main screen.",
    verified: true,
  },
  "2.1": {
    zh: "未逐一列出App（包括委托的第三方或嵌入的第三方代码、插件）收集使用个人信息的目的、方式、范围等；",
    en: "Does not list one by one the purpose, method and scope of PI collection by the app, including entrusted third parties and embedded third-party code/plug-ins (SDKs).",
    verified: true,
  },
  "3.1": {
    zh: "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限；",
    en: "Collecting PI or opening PI-collecting permissions before obtaining consent.",
    verified: true,
  },
  "3.2": {
    zh: "用户明确表示不同意后，仍收集个人信息或打开可收集个人信息的权限，或频繁征求用户同意、干扰用户正常使用；",
    en: "After the user explicitly refuses, still collecting PI/opening permissions, or frequently re-asking for consent and disturbing normal use.",
    verified: true,
  },
  "3.4": {
    zh: "以默认选择同意隐私政策等非明示方式征求用户同意；",
    en: 'Seeking consent by non-express means such as a pre-ticked "agree to privacy policy" box.',
    verified: true,
  },
  "3.6": {
    zh: "利用用户个人信息和算法定向推送信息，未提供非定向推送信息的选项；",
    en: "Targeted push based on PI and algorithms without offering a non-targeted option.",
    verified: true,
  },
  "3.8": { zh: "未向用户提供撤回同意收集个人信息的途径、方式；", en: "No way or method to withdraw consent to PI collection.", verified: true },
  "3.9": { zh: "违反其所声明的收集使用规则，收集使用个人信息。", en: "Collecting/using PI in violation of the app's own declared rules.", verified: true },
  "4.1": {
    zh: "收集的个人信息类型或打开的可收集个人信息权限与现有业务功能无关；",
    en: "Types of PI collected or permissions opened are unrelated to existing business functions.",
    verified: false,
  },
  "4.2": {
    zh: "因用户不同意收集非必要个人信息或打开非必要权限，拒绝提供业务功能；",
    en: "Refusing a business function because the user declines non-necessary PI or permissions.",
    verified: false,
  },
  "4.4": {
    zh: "收集个人信息的频度等超出业务功能实际需要；",
    en: "Collection frequency etc. exceeds what the business function actually needs.",
    verified: false,
  },
  "4.6": {
    zh: "要求用户一次性同意打开多个可收集个人信息的权限，用户不同意则无法使用。",
    en: "Requiring one-shot consent to multiple PI-collecting permissions; app unusable if the user refuses.",
    verified: false,
  },
  "5.1": {
    zh: "既未经用户同意，也未做匿名化处理，App客户端直接向第三方提供个人信息，包括通过客户端嵌入的第三方代码、插件等方式向第三方提供个人信息；",
    en: "Client directly provides PI to third parties (including via embedded third-party code/plug-ins) without consent and without anonymisation.",
    verified: false,
  },
  "6.1": {
    zh: "未提供有效的更正、删除个人信息及注销用户账号功能；",
    en: "No effective function to correct/delete PI or cancel (deregister) the account.",
    verified: false,
  },
};
