/** pi-trace/1 vocabularies (shared/specs/pi-trace.md) and the classifications the rules rely on. */

/** The piTypes a trace may name, with a display name. */
export const TRACE_PI_TYPES: Readonly<Record<string, { zh: string; en: string }>> = {
  imei: { zh: "IMEI", en: "IMEI" },
  meid: { zh: "MEID", en: "MEID" },
  imsi: { zh: "IMSI", en: "IMSI" },
  iccid: { zh: "ICCID（SIM 卡序列号）", en: "ICCID" },
  android_id: { zh: "Android ID", en: "Android ID" },
  oaid: { zh: "OAID", en: "OAID" },
  serial: { zh: "设备序列号", en: "Device serial" },
  mac: { zh: "MAC 地址", en: "MAC address" },
  bt_mac: { zh: "蓝牙 MAC 地址", en: "Bluetooth MAC" },
  ip: { zh: "IP 地址", en: "IP address" },
  ssid: { zh: "WLAN 名称（SSID）", en: "SSID" },
  bssid: { zh: "BSSID", en: "BSSID" },
  cell_location: { zh: "基站信息", en: "Cell location" },
  location_precise: { zh: "精确位置", en: "Precise location" },
  location_coarse: { zh: "粗略位置", en: "Coarse location" },
  installed_apps: { zh: "已安装应用列表", en: "Installed app list" },
  running_apps: { zh: "运行中的应用/进程", en: "Running apps" },
  contacts: { zh: "通讯录", en: "Contacts" },
  call_log: { zh: "通话记录", en: "Call log" },
  sms: { zh: "短信", en: "SMS" },
  calendar: { zh: "日历", en: "Calendar" },
  photos_media: { zh: "相册/媒体文件", en: "Photos and media" },
  camera: { zh: "摄像头", en: "Camera" },
  microphone: { zh: "麦克风", en: "Microphone" },
  clipboard: { zh: "剪切板", en: "Clipboard" },
  sensors: { zh: "传感器", en: "Sensors" },
  phone_number: { zh: "手机号码", en: "Phone number" },
  device_info: { zh: "设备型号/系统版本", en: "Device model / OS version" },
  storage_files: { zh: "存储文件", en: "Storage files" },
};

/** True when `t` is in the pi-trace/1 piTypes vocabulary. */
export function isTracePiType(t: string): boolean {
  return Object.hasOwn(TRACE_PI_TYPES, t);
}

/** Spec: "`device_info` alone (model, OS version) is not personal information". */
export function isPersonalPiType(t: string): boolean {
  return t !== "device_info";
}

/** GB/T 41391-2022 Appendix F 常见不可变更的唯一设备识别码 (IMEI, IMSI, MEID, SN, MAC, ICCID). */
export const IMMUTABLE_ID_TYPES: ReadonlySet<string> = new Set(["imei", "imsi", "meid", "iccid", "serial", "mac", "bt_mac"]);

/** Frames skipped by attribution (spec: platform frames). */
export const PLATFORM_PREFIXES: readonly string[] = ["java.", "javax.", "android.", "androidx.", "kotlin.", "dalvik.", "com.android."];

/** Android permission → a group, so that FINE+COARSE location in one dialog counts as one permission. */
export function permissionGroup(p: string): string {
  if (p.endsWith("_LOCATION") && !p.endsWith("BACKGROUND_LOCATION")) return "location";
  if (p.endsWith("_EXTERNAL_STORAGE") || p.endsWith("READ_MEDIA_IMAGES") || p.endsWith("READ_MEDIA_VIDEO")) return "storage";
  if (p.endsWith("_CALENDAR")) return "calendar";
  if (p.endsWith("_CONTACTS")) return "contacts";
  if (p.endsWith("_CALL_LOG")) return "call_log";
  if (p.endsWith("_SMS") || p.endsWith("_MMS")) return "sms";
  return p;
}
