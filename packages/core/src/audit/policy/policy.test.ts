import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extractDisclosure, piTypesFromText } from "./extract.js";
import { lintPolicy } from "./lint.js";

describe("privacy policy disclosure extraction", () => {
  it("recognises Chinese synonyms of piTypes", () => {
    const d = extractDisclosure("为推荐商品，我们会收集您的软件安装列表和设备识别码（IMEI）。");
    assert.equal(d.piTypes.installed_apps?.status, "clear");
    assert.equal(d.piTypes.imei?.status, "clear");
    assert.equal(d.piTypes.contacts, undefined);
  });

  it("reads 我们不会收集 as a negative statement, unless another sentence affirms it", () => {
    assert.equal(extractDisclosure("我们不会收集您的通讯录。").piTypes.contacts?.status, "negated");
    assert.equal(extractDisclosure("我们不会收集您的通讯录。在您添加好友时，我们会读取您的通讯录。").piTypes.contacts?.status, "clear");
  });

  it("treats an umbrella term such as 设备信息 as a vague disclosure of device identifiers", () => {
    const d = extractDisclosure("我们会收集您的设备信息。");
    assert.equal(d.piTypes.android_id?.status, "vague");
    assert.equal(d.piTypes.installed_apps, undefined);
  });

  it("finds SDKs, hosts, withdrawal, deletion and targeting statements in HTML", () => {
    const d = extractDisclosure(
      "<h1>隐私政策</h1><p>我们接入了极光推送 SDK，接收方域名 jpush.cn。</p><p>您可以在设置中撤回同意，或注销账号。</p><p>我们提供个性化推荐，您可以关闭个性化推荐。</p>",
    );
    assert.deepEqual(d.sdkIds, ["jpush"]);
    assert.ok(d.hosts.includes("jpush.cn"));
    assert.ok(d.withdraw?.includes("撤回同意"));
    assert.ok(d.accountDeletion);
    assert.ok(d.targeting && d.targetingOptOut);
  });

  it("maps free-text PI names of an SDK list to piTypes", () => {
    assert.deepEqual(piTypesFromText("应用列表"), ["installed_apps"]);
    assert.deepEqual(piTypesFromText("oaid"), ["oaid"]);
  });
});

describe("privacy policy linter (PIPL Art. 17)", () => {
  it("cites the sentence that satisfies a requirement and names the ones missing", () => {
    const r = lintPolicy("# 隐私政策\n示例科技有限公司是本应用的运营者。\n如有投诉，请联系 privacy@example.com。\n我们将在 15 个工作日内答复您的请求。");
    const byId = new Map(r.requirements.map((x) => [x.id, x]));
    assert.equal(byId.get("processor_identity")?.status, "found");
    assert.deepEqual(byId.get("complaint")?.sentences, ["如有投诉，请联系 privacy@example.com。"]);
    assert.equal(byId.get("response_time")?.status, "found");
    assert.equal(byId.get("retention")?.status, "missing");
    assert.equal(byId.get("cross_border")?.status, "missing");
    assert.equal(r.found + r.missing, r.requirements.length);
  });
});
