/** The widget's words, zh-CN first and English. Plain language (Shenzhen plan: easy to read). */
import type { Locale } from "./api.js";

const zh = {
  title: "个人信息使用授权",
  intro: "{org}希望为以下目的处理您的个人信息。请逐项选择；您不作选择的，不视为同意。您可以随时更改或撤回。",
  policy: "阅读隐私政策（第 {v} 版）",
  children: "儿童个人信息保护规则",
  agree: "同意",
  refuse: "不同意",
  save: "保存我的选择",
  later: "暂不选择",
  close: "关闭",
  lang: "English",
  separate: "单独同意",
  sensitive: "敏感个人信息",
  thirdParty: "向第三方提供",
  crossBorder: "向境外提供",
  guardian: "监护人同意",
  current: "当前：{s}",
  grant: "已同意",
  refused: "未同意",
  withdraw: "已撤回",
  ageQ: "您是否已满 14 周岁？",
  ageNote: "不满 14 周岁的儿童，需由父母或其他监护人作出选择。",
  over14: "已满 14 周岁",
  under14: "未满 14 周岁",
  guardianTitle: "请父母或其他监护人作出选择",
  guardianNote: "您未满 14 周岁。以下选择需由您的父母或其他监护人阅读后作出。",
  guardianGo: "我是监护人，继续",
  cancel: "取消",
  saved: "已保存",
  error: "保存失败，请稍后重试。",
};

const en: typeof zh = {
  title: "How we use your personal information",
  intro:
    "{org} would like to process your personal information for the purposes below. Choose for each one; no choice means no consent. You can change or withdraw any choice later.",
  policy: "Read the privacy policy (version {v})",
  children: "Children's personal information rules",
  agree: "Agree",
  refuse: "Refuse",
  save: "Save my choices",
  later: "Not now",
  close: "Close",
  lang: "中文",
  separate: "Separate consent",
  sensitive: "Sensitive PI",
  thirdParty: "Shared with a third party",
  crossBorder: "Sent outside the mainland",
  guardian: "Guardian consent",
  current: "Now: {s}",
  grant: "agreed",
  refused: "not agreed",
  withdraw: "withdrawn",
  ageQ: "Are you 14 or older?",
  ageNote: "For a child under 14, a parent or guardian makes these choices.",
  over14: "14 or older",
  under14: "Under 14",
  guardianTitle: "A parent or guardian should choose",
  guardianNote: "You are under 14. A parent or other guardian should read the following and make the choices.",
  guardianGo: "I am the parent or guardian — continue",
  cancel: "Cancel",
  saved: "Saved",
  error: "Could not save. Please try again later.",
};

export type Words = typeof zh;

/** The words of a locale. */
export const words = (l: Locale): Words => (l === "en" ? en : zh);
