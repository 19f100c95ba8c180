import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../../errors.js";
import { convertCamille } from "./camille.js";
import { parseCsv } from "./csv.js";
import { parseManifestPermissions } from "./manifest.js";
import { parseSdkList } from "./sdk-list.js";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  return "no error";
}

describe("audit inputs", () => {
  it("reads requested permissions from AndroidManifest.xml and from aapt output", () => {
    const xml = `<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example">
      <uses-permission android:name="android.permission.CAMERA" />
      <uses-permission-sdk-23 android:name="android.permission.READ_CONTACTS"/>
      <application/></manifest>`;
    assert.deepEqual(parseManifestPermissions(xml), ["android.permission.CAMERA", "android.permission.READ_CONTACTS"]);
    const aapt = "package: com.example\nuses-permission: name='android.permission.INTERNET'\nuses-permission:'android.permission.READ_PHONE_STATE'\n";
    assert.deepEqual(parseManifestPermissions(aapt), ["android.permission.INTERNET", "android.permission.READ_PHONE_STATE"]);
    assert.equal(
      codeOf(() => parseManifestPermissions("\u0003\u0000\u0008\u0000binary")),
      "INVALID_AUDIT_INPUT",
    );
    assert.equal(
      codeOf(() => parseManifestPermissions("hello")),
      "INVALID_AUDIT_INPUT",
    );
  });

  it("reads a declared SDK list from JSON and from a CSV with Chinese headers", () => {
    const json = parseSdkList('[{"name":"极光推送","piTypes":"设备标识符；应用列表","packagePrefixes":["cn.jpush"]}]');
    assert.deepEqual(json, [{ name: "极光推送", piTypes: ["设备标识符", "应用列表"], packagePrefixes: ["cn.jpush"] }]);
    const csv = parseSdkList('SDK名称,第三方名称,使用目的,收集个人信息类型,包名\n高德定位,高德软件有限公司,定位,"位置信息、WLAN信息",com.amap.api\n');
    assert.equal(csv[0]?.vendor, "高德软件有限公司");
    assert.deepEqual(csv[0]?.piTypes, ["位置信息", "WLAN信息"]);
    assert.equal(
      codeOf(() => parseSdkList("[{}]")),
      "INVALID_AUDIT_INPUT",
    );
    assert.equal(
      codeOf(() => parseSdkList("vendor,purpose\nx,y\n")),
      "INVALID_AUDIT_INPUT",
    );
  });

  it("parses quoted CSV fields with commas, quotes and line breaks", () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\n"x, ""y""","line1\nline2"\r\n'), [
      ["a", "b"],
      ['x, "y"', "line1\nline2"],
    ]);
  });

  it("converts Camille rows, placing the consent moment where 前 turns into 后", () => {
    const csv = [
      "隐私政策状态,时间点,行为主体,操作行为,行为描述,传入参数,调用堆栈",
      '同意隐私政策前,2025-08-04 10:00:00,SDK,获取系统信息,获取安卓ID,,"at android.provider.Settings$Secure.getString(Native Method)\nat com.umeng.X.y(Unknown Source)"',
      "同意隐私政策后,2025-08-04 10:00:03,APP,获取位置信息,获取位置信息,,",
    ].join("\n");
    const doc = convertCamille(csv, { packageName: "com.example" });
    assert.deepEqual(
      doc.events.map((e) => [e.seq, e.t, e.type]),
      [
        [1, 0, "lifecycle"],
        [2, 0, "api_call"],
        [3, 3000, "consent"],
        [4, 3000, "consent"],
        [5, 3000, "api_call"],
      ],
    );
    const last = doc.events[4];
    assert.ok(last?.type === "api_call" && last.api === "android.location.LocationManager.requestLocationUpdates" && last.attribution?.party === "first");
    assert.equal(
      codeOf(() => convertCamille("时间点,行为描述\n2025-01-01 00:00:00,x")),
      "INVALID_AUDIT_INPUT",
    );
    assert.equal(
      codeOf(() => convertCamille("隐私政策状态,时间点,操作行为,行为描述,调用堆栈\n前,yesterday,a,b,")),
      "INVALID_AUDIT_INPUT",
    );
  });
});
