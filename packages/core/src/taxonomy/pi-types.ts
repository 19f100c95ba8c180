/**
 * PI types: the finer-grained kinds a catalog field holds (a mobile number, a resident ID …), each
 * placed in a GB/T 35273-2020 Table A.1 category. The detectable ones are the type ids of
 * shared/specs/pi-detection.md; the others describe data that detectors cannot find in free text
 * but catalogs still record (order history, precise location …).
 */

/** One PI type. */
export interface PiType {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  /** GB/T 35273-2020 Table A.1 category; null when the value is not PI in itself (an organisation's code). */
  readonly categoryId: string | null;
  /** Sensitive under Table B.1 / PIPL Art. 28 (needs separate consent when processed on consent). */
  readonly sensitive: boolean;
  /** A detector of specs/pi-detection.md finds it in text. */
  readonly detectable: boolean;
}

function t(id: string, zh: string, en: string, categoryId: string | null, sensitive: boolean, detectable: boolean): PiType {
  return { id, zh, en, categoryId, sensitive, detectable };
}

export const PI_TYPES: readonly PiType[] = [
  // specs/pi-detection.md
  t("cn_resident_id", "居民身份证号码", "Resident ID number", "identity", true, true),
  t("cn_mobile", "手机号码", "Mobile number", "basic", false, true),
  t("cn_landline", "固定电话号码", "Landline number", "basic", false, true),
  t("bank_card", "银行卡号", "Bank card number", "property", true, true),
  t("email", "电子邮件地址", "Email address", "basic", false, true),
  t("cn_passport", "护照号码", "Passport number", "identity", true, true),
  t("cn_travel_permit", "港澳台通行证件号码", "Travel permit number", "identity", true, true),
  t("hk_id", "香港身份证号码", "Hong Kong identity card number", "identity", true, true),
  t("tw_id", "台湾身份证号码", "Taiwan identity number", "identity", true, true),
  t("cn_uscc", "统一社会信用代码", "Unified social credit code", null, false, true),
  t("cn_license_plate", "车牌号码", "Licence plate", "property", false, true),
  t("ipv4", "IPv4 地址", "IPv4 address", "network_identity", false, true),
  t("ipv6", "IPv6 地址", "IPv6 address", "network_identity", false, true),
  t("mac_address", "MAC 地址", "MAC address", "device", false, true),
  t("imei", "IMEI", "IMEI", "device", false, true),
  t("qq_number", "QQ 号", "QQ number", "network_identity", false, true),
  t("wechat_id", "微信号", "WeChat ID", "network_identity", false, true),
  t("person_name", "姓名", "Personal name", "basic", false, true),
  t("cn_address", "地址", "Postal address", "basic", false, true),
  t("birth_date", "出生日期", "Date of birth", "basic", false, true),
  // catalog-only types; sensitivity follows the Table B.1 examples named in the comment
  t("user_id", "用户账号", "User account ID", "network_identity", false, false),
  t("device_id", "设备标识符", "Device identifier (Android ID, IDFA, OAID …)", "device", false, false),
  t("gender", "性别", "Gender", "basic", false, false),
  t("order_history", "交易和消费记录", "Order / transaction history", "property", true, false), // B.1: 交易和消费记录
  t("payment_record", "支付收款记录", "Payment records", "property", true, false), // B.1: 支付收款记录
  t("password", "鉴别信息（口令）", "Authentication secret (password)", "property", true, false), // B.1: 鉴别信息（口令）
  t("precise_location", "精准定位信息", "Precise location", "location", true, false), // B.1: 精准定位信息
  t("trajectory", "行踪轨迹", "Trajectory", "location", true, false), // B.1: 行踪轨迹
  t("browsing_history", "网页浏览记录", "Browsing history", "online_activity", true, false), // B.1: 网页浏览记录
  t("app_usage", "软件使用记录、点击记录", "App usage and click records", "online_activity", false, false),
  t("contact_list", "通讯录", "Address book", "contacts", true, false), // B.1: 通讯录
  t("face_image", "面部识别特征", "Facial recognition features", "biometric", true, false),
  t("health_record", "健康生理信息", "Health record", "health", true, false),
];

const BY_ID = new Map(PI_TYPES.map((p) => [p.id, p]));

/** The PI type with this id, or undefined. */
export function findPiType(id: string): PiType | undefined {
  return BY_ID.get(id);
}
