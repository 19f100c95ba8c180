/**
 * GB/T 41391-2022 Appendix E (informative), Tables E.1–E.4 — Android permissions of LOW relevance to the
 * main functions of each of the 39 app types (与常见服务类型相关程度较低的安卓系统权限). Copied from
 * shared/reference/gbt41391-appendix-e-low-relevance-permissions.json (OCR of the standard, checked cell by cell
 * against the page images, 3 OCR misses corrected). Type numbers are the item numbers of the 2021 necessary-PI
 * Regulation (AppType.no). Absence from a row does NOT make a permission necessary (legend of Appendix E).
 */

/** Where the table comes from. */
export const LOW_RELEVANCE_SOURCE =
  "GB/T 41391-2022 《信息安全技术 移动互联网应用程序（App）收集个人信息基本要求》 Appendix E (informative), Tables E.1-E.4 '与常见服务类型相关程度较低的安卓系统权限'. Extracted by OCR of the standard's PDF and then checked cell by cell against the page images by this research (3 OCR misses corrected).";

const ALL = Array.from({ length: 39 }, (_, i) => i + 1);

/** permission → app type numbers for which it is of low relevance. */
export const LOW_RELEVANCE_PERMISSIONS: Readonly<Record<string, readonly number[]>> = {
  "android.permission.READ_CALENDAR": ALL,
  "android.permission.WRITE_CALENDAR": [1, 2, 3, 5, 7, 8, 10, 12, 13, 14, 15, 17, 18, 22, 24, 30, 31, 32, 33, 34, 35, 36, 37, 38],
  "android.permission.READ_CALL_LOG": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.WRITE_CALL_LOG": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.PROCESS_OUTGOING_CALLS": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.CAMERA": [],
  "android.permission.READ_CONTACTS": [10, 11, 12, 13, 14, 15, 19, 21, 22, 23, 27, 30, 32, 35, 36, 37, 38, 39],
  "android.permission.WRITE_CONTACTS": [
    1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.GET_ACCOUNTS": [39],
  "android.permission.ACCESS_FINE_LOCATION": [25, 26, 33, 34, 35, 37],
  "android.permission.ACCESS_COARSE_LOCATION": [25, 26, 33, 34, 35, 37],
  "android.permission.ACCESS_BACKGROUND_LOCATION": [
    4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 35, 36, 37, 38, 39,
  ],
  "android.permission.RECORD_AUDIO": [],
  "android.permission.READ_PHONE_STATE": [],
  "android.permission.READ_PHONE_NUMBERS": ALL,
  "android.permission.CALL_PHONE": [
    2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.ANSWER_PHONE_CALLS": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.ADD_VOICEMAIL": ALL,
  "android.permission.USE_SIP": ALL,
  "android.permission.ACCEPT_HANDOVER": ALL,
  "android.permission.BODY_SENSORS": ALL,
  "android.permission.SEND_SMS": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.RECEIVE_SMS": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.READ_SMS": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.RECEIVE_WAP_PUSH": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.RECEIVE_MMS": [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 39,
  ],
  "android.permission.READ_EXTERNAL_STORAGE": [],
  "android.permission.WRITE_EXTERNAL_STORAGE": [],
  "android.permission.ACCESS_MEDIA_LOCATION": ALL,
  "android.permission.ACTIVITY_RECOGNITION": [
    2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 35, 36, 37, 38, 39,
  ],
};
