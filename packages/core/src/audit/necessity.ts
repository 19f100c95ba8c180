import { APP_TYPES, type AppType } from "../taxonomy/app-types.js";
import { LOW_RELEVANCE_PERMISSIONS } from "./data/low-relevance-permissions.js";

/**
 * Necessity (必要个人信息): which trace piTypes an app type's basic function needs, derived from the necessary-PI
 * lists of the 2021 Regulation (APP_TYPES.necessaryPiZh). Only the phone number and location appear in those
 * lists among the device-level piTypes a trace records; everything else is non-necessary for the basic function.
 */

/** Resolves an app type from its Chinese name (网上购物类), id (online_shopping) or number. */
export function resolveAppType(v: string | undefined): AppType | undefined {
  if (!v) return undefined;
  const s = v.trim();
  return APP_TYPES.find((a) => a.zh === s || a.id === s || String(a.no) === s);
}

const LOCATION_TYPES = ["location_precise", "location_coarse", "cell_location", "ssid", "bssid"];

/** The trace piTypes in an app type's necessary PI. */
export function necessaryPiTypes(app: AppType): Set<string> {
  const out = new Set<string>();
  for (const item of app.necessaryPiZh) {
    if (/移动电话号码|联系电话|手机号/.test(item)) out.add("phone_number");
    if (/位置|行踪轨迹|出发地|到达地/.test(item)) for (const t of LOCATION_TYPES) out.add(t);
  }
  return out;
}

/**
 * piTypes collect_not_necessary judges: the specific types of GB/T 41391 6.3 / Appendix C (location, app list,
 * contacts, SMS, call log, calendar, media, sensors, phone number, storage) and the immutable identifiers of
 * Appendix F. Resettable IDs (Android ID, OAID) are left out because GB/T 41391 6.7 a names them as the IDs to
 * use for extended functions; IP is needed for any network exchange; the clipboard has its own rule.
 */
export const NECESSITY_JUDGED_TYPES: ReadonlySet<string> = new Set([
  "imei",
  "meid",
  "imsi",
  "iccid",
  "serial",
  "mac",
  "bt_mac",
  "ssid",
  "bssid",
  "cell_location",
  "location_precise",
  "location_coarse",
  "installed_apps",
  "running_apps",
  "contacts",
  "call_log",
  "sms",
  "calendar",
  "photos_media",
  "camera",
  "microphone",
  "sensors",
  "phone_number",
  "storage_files",
]);

/** True when GB/T 41391 Appendix E marks `permission` as of low relevance for the app type. */
export function isLowRelevancePermission(permission: string, app: AppType): boolean {
  return LOW_RELEVANCE_PERMISSIONS[permission]?.includes(app.no) ?? false;
}
