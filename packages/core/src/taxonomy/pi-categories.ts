/**
 * Personal-information categories of GB/T 35273-2020 Appendix A (Table A.1, 个人信息举例) and the
 * sensitive PI of Appendix B (Table B.1, 个人敏感信息举例). Built from
 * shared/reference/gbt35273-2020-pi-categories.json; `id` is pipguard's own stable slug.
 */

/** Where these facts come from and how far they were checked. */
export const PI_CATEGORIES_SOURCE = {
  source:
    "GB/T 35273-2020 《信息安全技术 个人信息安全规范》 (Information security technology — Personal information security specification), SAMR/SAC, published 2020-03-06, effective 2020-10-01. Appendix A (informative) Table A.1 个人信息举例; Appendix B (informative) Table B.1 个人敏感信息举例.",
  verification:
    "Appendix B Table B.1 matched verbatim against a public repo quoting GB/T 35273-2020 (5 rows; the 2017 edition also had a '网络身份标识信息' row which the 2020 edition moved out of B.1). Appendix A Table A.1 transcribed from the standard as known to the author and corroborated by several public excerpts; re-check wording against the official text (openstd.samr.gov.cn) before quoting.",
  /** A newer standard that may change what counts as sensitive; not encoded here. */
  newerStandard:
    "GB/T 45574-2025 《数据安全技术 敏感个人信息处理安全要求》 (published 2025-04-25, effective 2025-11-01) Appendix A now gives the sensitive-PI categories aligned with PIPL Art. 28 (biometrics, religious belief, specific identity, medical health, financial accounts, trajectory, minors under 14, plus others e.g. authentication info); per commentary it no longer treats the ID-card number alone as 'specific identity' sensitive PI (ID-card photos still are). Table not retrieved here.",
} as const;

/** GB/T 35273-2020 3.2: the definition of sensitive PI (个人敏感信息). */
export const SENSITIVE_PI_DEFINITION_ZH =
  "个人敏感信息：一旦泄露、非法提供或滥用可能危害人身和财产安全，极易导致个人名誉、身心健康受到损害或歧视性待遇等的个人信息。注1：个人敏感信息包括身份证件号码、个人生物识别信息、银行账户、通信记录和内容、财产信息、征信信息、行踪轨迹、住宿信息、健康生理信息、交易信息、14岁以下（含）儿童的个人信息等。";

/** PIPL Art. 28: the sensitive-PI kinds the law names (敏感个人信息). */
export const PIPL_ART28_SENSITIVE_KINDS: readonly string[] = [
  "生物识别 biometrics",
  "宗教信仰 religious belief",
  "特定身份 specific identity",
  "医疗健康 medical/health",
  "金融账户 financial accounts",
  "行踪轨迹 whereabouts/trajectory",
  "不满十四周岁未成年人的个人信息 PI of minors under 14",
];

/**
 * How Appendix B treats a category: "sensitive" when Table B.1 lists the category itself, "partly"
 * when B.1's 其他信息 row names some of its examples (e.g. precise location, browsing history),
 * "general" when B.1 names none of it.
 */
export type PiSensitivity = "sensitive" | "partly" | "general";

/** One row of Table A.1, with what Table B.1 says of it. */
export interface PiCategory {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly examplesZh: string;
  readonly examplesEn: string;
  readonly sensitivity: PiSensitivity;
  /** Examples Table B.1 lists as sensitive for this category, when it lists any. */
  readonly sensitiveExamplesZh: string | null;
  readonly sensitiveExamplesEn: string | null;
  /** Table A.1 wording awaits a check against the official text (see PI_CATEGORIES_SOURCE.verification); Table B.1 was matched verbatim. */
  readonly verified: boolean;
}

// Table B.1, row "其他信息" (other): the standard lists these examples once; several Table A.1
// categories are partly sensitive because of them, so each of those rows points here.
const B1_OTHER_ZH =
  "性取向、婚史、宗教信仰、未公开的违法犯罪记录、通信记录和内容、通讯录、好友列表、群组列表、行踪轨迹、网页浏览记录、住宿信息、精准定位信息等";
const B1_OTHER_EN =
  "sexual orientation, marital history, religion, undisclosed criminal records, communication records/content, address book, friend list, group list, trajectory, web browsing history, accommodation info, precise location";

export const PI_CATEGORIES: readonly PiCategory[] = [
  {
    id: "basic",
    zh: "个人基本资料",
    en: "Basic personal data",
    examplesZh: "个人姓名、生日、年龄、性别、民族、国籍、家庭关系、住址、个人电话号码、电子邮件地址等",
    examplesEn: "name, birthday, age, gender, ethnicity, nationality, family relationships, address, personal phone number, email address",
    sensitivity: "general",
    sensitiveExamplesZh: null,
    sensitiveExamplesEn: null,
    verified: false,
  },
  {
    id: "identity",
    zh: "个人身份信息",
    en: "Personal identity information",
    examplesZh: "身份证、军官证、护照、驾驶证、工作证、出入证、社保卡、居住证等",
    examplesEn: "ID card, military officer ID, passport, driving licence, work permit, access pass, social security card, residence permit",
    sensitivity: "sensitive",
    sensitiveExamplesZh: "身份证、军官证、护照、驾驶证、工作证、社保卡、居住证等",
    sensitiveExamplesEn: "ID card, military officer ID, passport, driving licence, work permit, social security card, residence permit",
    verified: false,
  },
  {
    id: "biometric",
    zh: "个人生物识别信息",
    en: "Biometric information",
    examplesZh: "个人基因、指纹、声纹、掌纹、耳廓、虹膜、面部识别特征等",
    examplesEn: "genes, fingerprint, voiceprint, palm print, auricle, iris, facial recognition features",
    sensitivity: "sensitive",
    sensitiveExamplesZh: "个人基因、指纹、声纹、掌纹、耳廓、虹膜、面部识别特征等",
    sensitiveExamplesEn: "genes, fingerprints, voiceprints, palm prints, auricle, iris, facial features",
    verified: false,
  },
  {
    id: "network_identity",
    zh: "网络身份标识信息",
    en: "Network identity identifiers",
    examplesZh: "个人信息主体账号、IP地址、个人数字证书等",
    examplesEn: "user account, IP address, personal digital certificate",
    sensitivity: "general",
    sensitiveExamplesZh: null,
    sensitiveExamplesEn: null,
    verified: false,
  },
  {
    id: "health",
    zh: "个人健康生理信息",
    en: "Health and physiological information",
    examplesZh:
      "个人因生病医治等产生的相关记录，如病症、住院志、医嘱单、检验报告、手术及麻醉记录、护理记录、用药记录、药物食物过敏信息、生育信息、以往病史、诊治情况、家族病史、现病史、传染病史等，以及与个人身体健康状况相关的信息，如体重、身高、肺活量等",
    examplesEn:
      "medical records (symptoms, admission notes, orders, test reports, surgery/anaesthesia, nursing, medication, drug/food allergies, fertility, past/family/present/infectious disease history) and health-status info such as weight, height, lung capacity",
    sensitivity: "sensitive",
    sensitiveExamplesZh:
      "个人因生病医治等产生的相关记录，如病症、住院志、医嘱单、检验报告、手术及麻醉记录、护理记录、用药记录、药物食物过敏信息、生育信息、以往病史、诊治情况、家族病史、现病史、传染病史等",
    sensitiveExamplesEn:
      "medical treatment records (symptoms, admission notes, orders, tests, surgery/anaesthesia, nursing, medication, allergies, fertility, past/family/present/infectious disease history)",
    verified: false,
  },
  {
    id: "education_work",
    zh: "个人教育工作信息",
    en: "Education and work information",
    examplesZh: "个人职业、职位、工作单位、学历、学位、教育经历、工作经历、培训记录、成绩单等",
    examplesEn: "occupation, position, employer, education level, degree, education history, work history, training records, transcripts",
    sensitivity: "general",
    sensitiveExamplesZh: null,
    sensitiveExamplesEn: null,
    verified: false,
  },
  {
    id: "property",
    zh: "个人财产信息",
    en: "Property/financial information",
    examplesZh:
      "银行账户、鉴别信息（口令）、存款信息（包括资金数量、支付收款记录等）、房产信息、信贷记录、征信信息、交易和消费记录、流水记录等，以及虚拟货币、虚拟交易、游戏类兑换码等虚拟财产信息",
    examplesEn:
      "bank accounts, authentication info (passwords), deposits (amounts, payment records), real estate, loan and credit records, transaction/consumption records, statements; virtual property (virtual currency, virtual transactions, game redemption codes)",
    sensitivity: "sensitive",
    sensitiveExamplesZh:
      "银行账户、鉴别信息（口令）、存款信息（包括资金数量、支付收款记录等）、房产信息、信贷记录、征信信息、交易和消费记录、流水记录等，以及虚拟货币、虚拟交易、游戏类兑换码等虚拟财产信息",
    sensitiveExamplesEn:
      "bank accounts, authentication info (passwords), deposits, real estate, loans, credit reports, transaction/consumption records, statements, virtual currency/transactions/game redemption codes",
    verified: false,
  },
  {
    id: "communication",
    zh: "个人通信信息",
    en: "Communication information",
    examplesZh: "通信记录和内容、短信、彩信、电子邮件，以及描述个人通信的数据（通常称为元数据）等",
    examplesEn: "communication records and content, SMS, MMS, email, and communication metadata",
    sensitivity: "partly",
    sensitiveExamplesZh: B1_OTHER_ZH,
    sensitiveExamplesEn: B1_OTHER_EN,
    verified: false,
  },
  {
    id: "contacts",
    zh: "联系人信息",
    en: "Contacts information",
    examplesZh: "通讯录、好友列表、群列表、电子邮件地址列表等",
    examplesEn: "address book, friend list, group list, email address list",
    sensitivity: "partly",
    sensitiveExamplesZh: B1_OTHER_ZH,
    sensitiveExamplesEn: B1_OTHER_EN,
    verified: false,
  },
  {
    id: "online_activity",
    zh: "个人上网记录",
    en: "Online activity records",
    examplesZh: "指通过日志储存的个人信息主体操作记录，包括网站浏览记录、软件使用记录、点击记录、收藏列表等",
    examplesEn: "logged user operations: browsing history, software usage, clicks, favourites",
    sensitivity: "partly",
    sensitiveExamplesZh: B1_OTHER_ZH,
    sensitiveExamplesEn: B1_OTHER_EN,
    verified: false,
  },
  {
    id: "device",
    zh: "个人常用设备信息",
    en: "Common device information",
    examplesZh:
      "指包括硬件序列号、设备MAC地址、软件列表、唯一设备识别码（如IMEI/Android ID/IDFA/OpenUDID/GUID/SIM卡IMSI信息等）等在内的描述个人常用设备基本情况的信息",
    examplesEn: "hardware serial number, MAC address, installed-software list, unique device IDs (IMEI, Android ID, IDFA, OpenUDID, GUID, SIM IMSI)",
    sensitivity: "general",
    sensitiveExamplesZh: null,
    sensitiveExamplesEn: null,
    verified: false,
  },
  {
    id: "location",
    zh: "个人位置信息",
    en: "Location information",
    examplesZh: "包括行踪轨迹、精准定位信息、住宿信息、经纬度等",
    examplesEn: "trajectory, precise location, accommodation info, latitude/longitude",
    sensitivity: "partly",
    sensitiveExamplesZh: B1_OTHER_ZH,
    sensitiveExamplesEn: B1_OTHER_EN,
    verified: false,
  },
  {
    id: "other",
    zh: "其他信息",
    en: "Other",
    examplesZh: "婚史、宗教信仰、性取向、未公开的违法犯罪记录等",
    examplesEn: "marital history, religious belief, sexual orientation, undisclosed criminal records",
    sensitivity: "sensitive",
    sensitiveExamplesZh: B1_OTHER_ZH,
    sensitiveExamplesEn: B1_OTHER_EN,
    verified: false,
  },
];

/** One row of Table B.1 (个人敏感信息举例), verbatim, with the Table A.1 categories it covers. */
export interface SensitivePiRow {
  readonly zh: string;
  readonly en: string;
  readonly examplesZh: string;
  readonly examplesEn: string;
  readonly categoryIds: readonly string[];
  readonly verified: boolean;
}

export const SENSITIVE_PI_TABLE_B1: readonly SensitivePiRow[] = [
  {
    zh: "个人财产信息",
    en: "Property/financial information",
    examplesZh:
      "银行账户、鉴别信息（口令）、存款信息（包括资金数量、支付收款记录等）、房产信息、信贷记录、征信信息、交易和消费记录、流水记录等，以及虚拟货币、虚拟交易、游戏类兑换码等虚拟财产信息",
    examplesEn:
      "bank accounts, authentication info (passwords), deposits, real estate, loans, credit reports, transaction/consumption records, statements, virtual currency/transactions/game redemption codes",
    categoryIds: ["property"],
    verified: true,
  },
  {
    zh: "个人健康生理信息",
    en: "Health and physiological information",
    examplesZh:
      "个人因生病医治等产生的相关记录，如病症、住院志、医嘱单、检验报告、手术及麻醉记录、护理记录、用药记录、药物食物过敏信息、生育信息、以往病史、诊治情况、家族病史、现病史、传染病史等",
    examplesEn:
      "medical treatment records (symptoms, admission notes, orders, tests, surgery/anaesthesia, nursing, medication, allergies, fertility, past/family/present/infectious disease history)",
    categoryIds: ["health"],
    verified: true,
  },
  {
    zh: "个人生物识别信息",
    en: "Biometric information",
    examplesZh: "个人基因、指纹、声纹、掌纹、耳廓、虹膜、面部识别特征等",
    examplesEn: "genes, fingerprints, voiceprints, palm prints, auricle, iris, facial features",
    categoryIds: ["biometric"],
    verified: true,
  },
  {
    zh: "个人身份信息",
    en: "Identity documents",
    examplesZh: "身份证、军官证、护照、驾驶证、工作证、社保卡、居住证等",
    examplesEn: "ID card, military officer ID, passport, driving licence, work permit, social security card, residence permit",
    categoryIds: ["identity"],
    verified: true,
  },
  {
    zh: "其他信息",
    en: "Other",
    examplesZh: "性取向、婚史、宗教信仰、未公开的违法犯罪记录、通信记录和内容、通讯录、好友列表、群组列表、行踪轨迹、网页浏览记录、住宿信息、精准定位信息等",
    examplesEn:
      "sexual orientation, marital history, religion, undisclosed criminal records, communication records/content, address book, friend list, group list, trajectory, web browsing history, accommodation info, precise location",
    categoryIds: ["other", "communication", "contacts", "online_activity", "location"],
    verified: true,
  },
];

const BY_ID = new Map(PI_CATEGORIES.map((c) => [c.id, c]));

/** The category with this id, or undefined. */
export function findPiCategory(id: string): PiCategory | undefined {
  return BY_ID.get(id);
}

/** True when `id` names a Table A.1 category. */
export function isPiCategoryId(id: string): boolean {
  return BY_ID.has(id);
}

/** True when Table B.1 lists the whole category as sensitive (a field of it is sensitive by default). */
export function isSensitiveByDefault(id: string): boolean {
  return BY_ID.get(id)?.sensitivity === "sensitive";
}
