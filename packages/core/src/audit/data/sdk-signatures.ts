/**
 * Third-party SDKs common in Chinese Android apps (第三方SDK): package prefixes (how a stack frame is attributed,
 * pi-trace/1 "attribution"), hosts (which traffic is theirs) and the piTypes each is known to read.
 *
 * Source: the vendors' own published SDK privacy policies / compliance guides (友盟+, 极光, 个推, 腾讯 Bugly,
 * 穿山甲, 优量汇, 高德, 百度, 支付宝, 微信开放平台, MobTech ShareSDK …) as summarised in the MIIT/CAC notices that name
 * SDKs, and the public class names of the SDK jars. `verified: false` marks rows whose hosts or piTypes were not
 * checked against the vendor's current policy text: reports show the flag. The package prefixes are the
 * public Java packages of each SDK and are the part attribution depends on.
 */

/** Kinds of SDK, as the MIIT SDK notices group them. */
export type SdkCategory = "push" | "analytics" | "advertising" | "maps" | "payment" | "share_login" | "crash" | "device_id";

/** One SDK signature. */
export interface SdkSignature {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly category: SdkCategory;
  readonly packagePrefixes: readonly string[];
  /** Registrable domains; a host matches when it equals one or ends with ".<domain>". */
  readonly hosts: readonly string[];
  readonly knownPiTypes: readonly string[];
  readonly verified: boolean;
}

function s(
  id: string,
  name: string,
  vendor: string,
  category: SdkCategory,
  packagePrefixes: string[],
  hosts: string[],
  knownPiTypes: string[],
  verified = true,
): SdkSignature {
  return { id, name, vendor, category, packagePrefixes, hosts, knownPiTypes, verified };
}

const DEVICE_IDS = ["android_id", "oaid", "imei", "mac", "imsi"];

export const SDK_SIGNATURES_SOURCE =
  "pipguard data: vendors' published SDK privacy policies and the public Java package names of the SDKs; rows with verified=false have hosts/piTypes not re-checked against the vendor's current text.";

export const SDK_SIGNATURES: readonly SdkSignature[] = [
  // push 推送
  s(
    "jpush",
    "极光推送 JPush",
    "深圳市和讯华谷信息技术有限公司",
    "push",
    ["cn.jpush", "cn.jiguang"],
    ["jpush.cn", "jiguang.cn"],
    [...DEVICE_IDS, "installed_apps", "ip", "ssid"],
  ),
  s(
    "getui",
    "个推推送 Getui",
    "每日互动股份有限公司",
    "push",
    ["com.igexin", "com.getui"],
    ["getui.com", "igexin.com", "getui.net"],
    [...DEVICE_IDS, "installed_apps", "location_coarse"],
  ),
  s(
    "mipush",
    "小米推送 MiPush",
    "北京小米移动软件有限公司",
    "push",
    ["com.xiaomi.push", "com.xiaomi.mipush"],
    ["xmpush.xiaomi.com", "xiaomi.com"],
    ["android_id", "oaid"],
    false,
  ),
  s(
    "hms_push",
    "华为推送 HMS Push",
    "华为软件技术有限公司",
    "push",
    ["com.huawei.hms.push", "com.huawei.hms.aaid"],
    ["hicloud.com"],
    ["android_id", "oaid"],
    false,
  ),
  s(
    "tpns",
    "腾讯移动推送 TPNS",
    "深圳市腾讯计算机系统有限公司",
    "push",
    ["com.tencent.android.tpush", "com.tencent.tpns"],
    ["tpns.tencent.com", "xg.qq.com"],
    ["android_id", "oaid"],
    false,
  ),
  // analytics 统计
  s(
    "umeng",
    "友盟+ 统计 U-App",
    "友盟同欣（北京）科技有限公司",
    "analytics",
    ["com.umeng", "com.uc.crashsdk"],
    ["umeng.com", "umengcloud.com"],
    [...DEVICE_IDS, "iccid", "serial", "location_precise", "ip"],
  ),
  s(
    "baidu_mobstat",
    "百度移动统计",
    "北京百度网讯科技有限公司",
    "analytics",
    ["com.baidu.mobstat"],
    ["hmma.baidu.com"],
    ["android_id", "oaid", "imei", "mac"],
    false,
  ),
  s(
    "talkingdata",
    "TalkingData App Analytics",
    "北京腾云天下科技有限公司",
    "analytics",
    ["com.tendcloud.tenddata"],
    ["talkingdata.com", "tenddata.com"],
    [...DEVICE_IDS, "installed_apps"],
    false,
  ),
  s("sensorsdata", "神策分析 SensorsData", "神策网络科技（北京）有限公司", "analytics", ["com.sensorsdata.analytics"], [], ["android_id", "oaid"], false),
  // crash reporting 崩溃
  s("bugly", "腾讯 Bugly", "深圳市腾讯计算机系统有限公司", "crash", ["com.tencent.bugly"], ["bugly.qq.com"], ["android_id", "device_info"]),
  s("umeng_apm", "友盟+ U-APM", "友盟同欣（北京）科技有限公司", "crash", ["com.umeng.umcrash"], ["umeng.com"], ["android_id", "oaid"], false),
  // advertising 广告
  s(
    "pangle",
    "穿山甲 Pangle (CSJ)",
    "北京巨量引擎网络技术有限公司",
    "advertising",
    ["com.bytedance.sdk.openadsdk", "com.pangle"],
    ["pangolin-sdk-toutiao.com", "pangle.io", "snssdk.com"],
    [...DEVICE_IDS, "installed_apps", "location_coarse", "ip"],
  ),
  s(
    "gdt",
    "优量汇 GDT",
    "深圳市腾讯计算机系统有限公司",
    "advertising",
    ["com.qq.e"],
    ["gdt.qq.com", "e.qq.com"],
    [...DEVICE_IDS, "installed_apps", "location_coarse"],
  ),
  s(
    "kuaishou_ads",
    "快手联盟 SDK",
    "北京快手广告有限公司",
    "advertising",
    ["com.kwad.sdk"],
    ["gifshow.com", "kuaishou.com"],
    ["android_id", "oaid", "imei", "installed_apps"],
    false,
  ),
  s(
    "baidu_mobads",
    "百度联盟 百青藤",
    "北京百度网讯科技有限公司",
    "advertising",
    ["com.baidu.mobads"],
    ["mobads.baidu.com"],
    ["android_id", "oaid", "imei", "installed_apps", "location_coarse"],
    false,
  ),
  // maps / location 地图定位
  s(
    "amap",
    "高德地图/定位 SDK",
    "高德软件有限公司",
    "maps",
    ["com.amap.api", "com.loc", "com.autonavi"],
    ["amap.com", "autonavi.com"],
    ["location_precise", "location_coarse", "cell_location", "ssid", "bssid", "android_id", "oaid"],
  ),
  s(
    "baidu_map",
    "百度地图/定位 SDK",
    "北京百度网讯科技有限公司",
    "maps",
    ["com.baidu.location", "com.baidu.mapapi", "com.baidu.platform"],
    ["map.baidu.com", "api.map.baidu.com"],
    ["location_precise", "cell_location", "ssid", "bssid", "android_id"],
    false,
  ),
  s(
    "tencent_map",
    "腾讯地图/定位 SDK",
    "深圳市腾讯计算机系统有限公司",
    "maps",
    ["com.tencent.map", "com.tencent.tencentmap"],
    ["map.qq.com"],
    ["location_precise", "cell_location", "ssid", "bssid"],
    false,
  ),
  // payment 支付
  s(
    "alipay",
    "支付宝 SDK",
    "支付宝（中国）网络技术有限公司",
    "payment",
    ["com.alipay"],
    ["alipay.com", "alipayobjects.com"],
    ["android_id", "installed_apps", "ip", "device_info"],
    false,
  ),
  s("unionpay", "银联云闪付 SDK", "中国银联股份有限公司", "payment", ["com.unionpay"], ["95516.com", "unionpay.com"], ["device_info", "ip"], false),
  // share / login 分享与登录
  s("wechat_open", "微信开放平台 OpenSDK", "深圳市腾讯计算机系统有限公司", "share_login", ["com.tencent.mm.opensdk"], ["weixin.qq.com"], ["installed_apps"]),
  s(
    "qq_connect",
    "QQ 互联 SDK",
    "深圳市腾讯计算机系统有限公司",
    "share_login",
    ["com.tencent.connect", "com.tencent.tauth"],
    ["openmobile.qq.com", "graph.qq.com"],
    ["installed_apps", "android_id"],
    false,
  ),
  s("weibo", "新浪微博 SDK", "北京微梦创科网络技术有限公司", "share_login", ["com.sina.weibo.sdk"], ["api.weibo.com"], ["installed_apps"], false),
  s(
    "sharesdk",
    "MobTech ShareSDK",
    "上海游昆信息技术有限公司",
    "share_login",
    ["cn.sharesdk", "com.mob"],
    ["mob.com"],
    [...DEVICE_IDS, "installed_apps", "location_coarse", "ssid", "bssid"],
  ),
  s(
    "umeng_share",
    "友盟+ 分享 U-Share",
    "友盟同欣（北京）科技有限公司",
    "share_login",
    ["com.umeng.socialize"],
    ["umeng.com"],
    ["android_id", "installed_apps"],
    false,
  ),
  s(
    "cmcc_auth",
    "中国移动一键登录",
    "中移互联网有限公司",
    "share_login",
    ["com.cmic.sso.sdk", "com.cmic.gen.sdk"],
    ["cmpassport.com"],
    ["phone_number", "imsi", "ip"],
    false,
  ),
  s(
    "shanyan",
    "创蓝闪验",
    "上海璟梦信息科技有限公司",
    "share_login",
    ["com.chuanglan.shanyan_sdk"],
    ["253.com"],
    ["phone_number", "android_id", "oaid"],
    false,
  ),
  // device identifiers 设备标识
  s(
    "msa_oaid",
    "移动安全联盟 OAID SDK (MSA)",
    "中国信息通信研究院 / 移动安全联盟",
    "device_id",
    ["com.bun.miitmdid", "com.bun.supplier", "com.bun.lib"],
    [],
    ["oaid"],
  ),
];
