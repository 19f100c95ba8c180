import { SDK_SIGNATURES } from "../data/sdk-signatures.js";
import { policyToText, splitSentences } from "./text.js";

/**
 * What a privacy policy discloses (PIPL Art. 17): the piTypes it names, the recipients (SDKs, hosts) and the
 * statements the rules need (withdrawal, account deletion, targeted push opt-out). Behaviour is then judged
 * against it: clear (named), vague (only an umbrella term such as 设备信息), omitted, or incorrect (the policy
 * says 我们不会收集 X and X is collected).
 */
export type Disclosure = "clear" | "vague" | "negated";

export interface PolicyDisclosure {
  piTypes: Record<string, { status: Disclosure; sentence: string }>;
  /** SDK ids the policy names (by name, vendor or alias). */
  sdkIds: string[];
  /** Domains and hosts written in the policy. */
  hosts: string[];
  withdraw: string | null;
  accountDeletion: string | null;
  targeting: string | null;
  targetingOptOut: string | null;
  sentences: string[];
}

/** Chinese and English names for each piType; synonyms from common policies and the MIIT notices. */
const PI_SYNONYMS: Record<string, string[]> = {
  imei: ["IMEI", "国际移动设备识别码", "设备识别码"],
  meid: ["MEID"],
  imsi: ["IMSI", "国际移动用户识别码"],
  iccid: ["ICCID", "SIM卡序列号", "SIM 卡序列号", "集成电路卡识别码"],
  android_id: ["Android ID", "AndroidID", "Android_ID", "安卓ID", "安卓 ID"],
  oaid: ["OAID", "匿名设备标识符", "开放匿名设备标识"],
  serial: ["设备序列号", "硬件序列号", "SN码", "Serial Number"],
  mac: ["MAC地址", "MAC 地址", "Mac地址", "网卡地址", "WLAN MAC"],
  bt_mac: ["蓝牙MAC", "蓝牙 MAC", "蓝牙地址"],
  ip: ["IP地址", "IP 地址"],
  ssid: ["SSID", "WLAN名称", "WiFi名称", "Wi-Fi名称", "无线网络名称", "WLAN接入点"],
  bssid: ["BSSID", "WLAN接入点", "WiFi信息", "Wi-Fi信息"],
  cell_location: ["基站信息", "基站", "蜂窝"],
  location_precise: ["精确位置", "精准定位", "GPS", "经纬度", "位置信息", "地理位置"],
  location_coarse: ["粗略位置", "位置信息", "地理位置", "所在城市"],
  installed_apps: ["应用列表", "软件安装列表", "已安装应用", "已安装的应用", "应用安装列表", "安装列表", "软件列表", "应用程序列表"],
  running_apps: ["运行中的进程", "正在运行的应用", "进程信息", "运行进程", "应用进程"],
  contacts: ["通讯录", "联系人"],
  call_log: ["通话记录"],
  sms: ["短信"],
  calendar: ["日历"],
  photos_media: ["相册", "照片", "图片"],
  camera: ["摄像头", "相机"],
  microphone: ["麦克风", "录音"],
  clipboard: ["剪切板", "剪贴板", "粘贴板"],
  sensors: ["传感器", "加速度", "陀螺仪"],
  phone_number: ["手机号", "电话号码"],
  storage_files: ["存储权限", "存储空间", "文件"],
  device_info: ["设备型号", "操作系统版本", "系统版本"],
};

/** Umbrella terms that mention a piType only vaguely. */
const VAGUE_TERMS: [string, string[]][] = [
  ["设备信息", ["imei", "meid", "imsi", "iccid", "android_id", "oaid", "serial", "mac", "bt_mac", "device_info"]],
  ["设备标识", ["imei", "meid", "imsi", "iccid", "android_id", "oaid", "serial", "mac", "bt_mac"]],
  ["唯一设备识别码", ["imei", "meid", "android_id", "oaid", "serial", "mac"]],
  ["网络信息", ["ip", "ssid", "bssid"]],
  ["日志信息", ["ip"]],
];

/** Short names policies use for SDKs (the signature `name` is often "中文名 English"). */
const SDK_ALIASES: Record<string, string[]> = {
  jpush: ["极光", "JPush", "JIGUANG"],
  getui: ["个推", "Getui"],
  mipush: ["小米推送", "MiPush"],
  hms_push: ["华为推送", "HMS"],
  tpns: ["腾讯移动推送", "TPNS", "信鸽"],
  umeng: ["友盟", "Umeng", "U-App"],
  baidu_mobstat: ["百度移动统计", "百度统计"],
  talkingdata: ["TalkingData"],
  sensorsdata: ["神策", "SensorsData"],
  bugly: ["Bugly"],
  umeng_apm: ["U-APM"],
  pangle: ["穿山甲", "Pangle", "巨量引擎"],
  gdt: ["优量汇", "广点通", "GDT"],
  kuaishou_ads: ["快手联盟", "快手广告"],
  baidu_mobads: ["百度联盟", "百青藤"],
  amap: ["高德"],
  baidu_map: ["百度地图", "百度定位"],
  tencent_map: ["腾讯地图", "腾讯定位"],
  alipay: ["支付宝", "Alipay"],
  unionpay: ["银联", "云闪付"],
  wechat_open: ["微信", "WeChat", "OpenSDK"],
  qq_connect: ["QQ互联", "QQ 互联", "QQ登录"],
  weibo: ["微博"],
  sharesdk: ["ShareSDK", "MobTech", "MobSDK"],
  umeng_share: ["U-Share", "友盟分享", "友盟+分享"],
  cmcc_auth: ["中国移动一键登录", "中国移动认证"],
  shanyan: ["闪验", "创蓝"],
  msa_oaid: ["移动安全联盟", "MSA", "OAID SDK"],
};

/** "we will not collect …" before the term in the same sentence. */
const NEGATION = /(不会|不得|绝不|并不|从不|不)(会)?(主动|在后台)?(收集|获取|读取|采集|调用|申请|访问|上传)/;

function matchTerm(sentence: string, lower: string, term: string): number {
  return /[A-Za-z]/.test(term) ? lower.indexOf(term.toLowerCase()) : sentence.indexOf(term);
}

function isNegatedAt(sentence: string, pos: number): boolean {
  const m = NEGATION.exec(sentence.slice(0, pos));
  return m !== null;
}

const WITHDRAW = /撤回(同意|授权)|取消授权|关闭.{0,12}(权限|授权)/;
const DELETION = /注销(账号|账户|帐号|帐户)|(账号|账户|帐号)注销/;
const TARGETING = /个性化(推荐|推送|广告|展示)|定向推送|精准营销|用户画像/;
const OPT_OUT = /(关闭|退出|取消).{0,10}个性化|个性化.{0,12}(关闭|开关)|非个性化|不针对/;

/** Extracts what a policy (HTML, Markdown or text) discloses. */
export function extractDisclosure(policy: string): PolicyDisclosure {
  const sentences = splitSentences(policyToText(policy));
  const piTypes: PolicyDisclosure["piTypes"] = {};
  const sdkIds = new Set<string>();
  const hosts = new Set<string>();
  let withdraw: string | null = null;
  let accountDeletion: string | null = null;
  let targeting: string | null = null;
  let targetingOptOut: string | null = null;
  const affirm = new Set<string>();
  for (const s of sentences) {
    const lower = s.toLowerCase();
    for (const [type, terms] of Object.entries(PI_SYNONYMS)) {
      for (const term of terms) {
        const pos = matchTerm(s, lower, term);
        if (pos < 0) continue;
        if (isNegatedAt(s, pos)) {
          if (!affirm.has(type)) piTypes[type] = { status: "negated", sentence: s };
        } else {
          affirm.add(type);
          piTypes[type] = { status: "clear", sentence: s };
        }
        break;
      }
    }
    for (const [term, types] of VAGUE_TERMS) {
      const pos = s.indexOf(term);
      if (pos < 0 || isNegatedAt(s, pos)) continue;
      for (const t of types) if (!piTypes[t]) piTypes[t] = { status: "vague", sentence: s };
    }
    for (const sig of SDK_SIGNATURES) {
      // Aliases only, not the vendor: one vendor (e.g. 腾讯) ships several SDKs, and naming one does not disclose the rest.
      if ((SDK_ALIASES[sig.id] ?? []).some((n) => matchTerm(s, lower, n) >= 0)) sdkIds.add(sig.id);
    }
    for (const m of lower.matchAll(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|io|com\.cn))\b/g)) if (m[1]) hosts.add(m[1]);
    if (!withdraw && WITHDRAW.test(s)) withdraw = s;
    if (!accountDeletion && DELETION.test(s)) accountDeletion = s;
    if (!targeting && TARGETING.test(s)) targeting = s;
    if (!targetingOptOut && OPT_OUT.test(s)) targetingOptOut = s;
  }
  return { piTypes, sdkIds: [...sdkIds], hosts: [...hosts], withdraw, accountDeletion, targeting, targetingOptOut, sentences };
}

/** The piTypes a free-text PI name denotes ("设备识别码" → imei; "设备信息" → every device ID); ids pass through. */
export function piTypesFromText(text: string): string[] {
  const v = text.trim();
  if (Object.hasOwn(PI_SYNONYMS, v)) return [v];
  const lower = v.toLowerCase();
  const out = new Set<string>();
  for (const [type, terms] of Object.entries(PI_SYNONYMS)) if (terms.some((t) => matchTerm(v, lower, t) >= 0)) out.add(type);
  for (const [term, types] of VAGUE_TERMS) if (v.includes(term)) for (const t of types) out.add(t);
  return [...out];
}

/** SDK ids a short text (an SDK list's name cell) names through the usual aliases (友盟, 极光, Bugly …). */
export function sdkIdsNamedIn(text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(SDK_ALIASES)
    .filter(([, names]) => names.some((n) => matchTerm(text, lower, n) >= 0))
    .map(([id]) => id);
}
