import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { residentIdCheckChar } from "./checksums.js";
import { scanBytes } from "./scan-bytes.js";
import { scanText } from "./scan-text.js";
import { encodeUtf8 } from "./utf8.js";

const id17 = "11010519900307123";
const ID = id17 + residentIdCheckChar(id17); // generated, not a real person's
const types = (text: string, opts = {}) => scanText(text, opts).map((f) => [f.type, f.text]);

describe("structured detectors", () => {
  it("finds a resident ID with a valid check character, also with a lower-case x", () => {
    assert.deepEqual(types(`身份证号：${ID}`), [["cn_resident_id", ID]]);
    const withX = "11010519491231002x";
    assert.deepEqual(types(`证件 ${withX}`), [["cn_resident_id", withX]]);
  });

  it("lowers the score of a failed check character; a keyword keeps it findable", () => {
    const bad = ID.slice(0, 17) + String((Number(ID[17] === "X" ? 0 : ID[17]) + 1) % 10);
    assert.deepEqual(types(`流水 ${bad}`), []);
    const f = scanText(`身份证 ${bad}`);
    assert.equal(f[0]?.type, "cn_resident_id");
    assert.ok(f[0]!.score < 0.9 && f[0]!.score >= 0.5);
  });

  it("tolerates separators and full-width digits in mobiles and cards", () => {
    assert.deepEqual(types("call 138-0013-8000 now"), [["cn_mobile", "138-0013-8000"]]);
    assert.deepEqual(types("手机１３８００１３８０００"), [["cn_mobile", "１３８００１３８０００"]]);
    assert.deepEqual(types("+86 138 0013 8000"), [["cn_mobile", "+86 138 0013 8000"]]);
    assert.deepEqual(types("卡号 6222 0212 3456 7890 128 已绑定"), [["bank_card", "6222 0212 3456 7890 128"]]);
  });

  it("keeps a mobile next to another number apart from it", () => {
    assert.deepEqual(types("数量 12 手机 13800138000 12"), [["cn_mobile", "13800138000"]]);
  });

  it("rejects numbers outside the mobile segments and Luhn failures without a keyword", () => {
    assert.deepEqual(types("code 12000138000"), []);
    assert.deepEqual(types("ref 6222021234567890129"), []);
  });

  it("lowers order numbers, tracking numbers and versions below the threshold", () => {
    assert.deepEqual(types("订单号 6222021234567890128"), []);
    assert.deepEqual(types("version 1.2.3.4"), []);
    assert.deepEqual(types("ts=1700000000000 build 20231001"), []);
  });

  it("finds landlines with an area code, e-mail, IPs and MACs", () => {
    assert.deepEqual(types("电话 0755-86013388"), [["cn_landline", "0755-86013388"]]);
    assert.deepEqual(types("mail a.b+c@example.com."), [["email", "a.b+c@example.com"]]);
    assert.deepEqual(types("from 10.1.2.3:443"), [["ipv4", "10.1.2.3"]]);
    assert.deepEqual(types("MAC:00:1A:2B:3C:4D:5E"), [["mac_address", "00:1A:2B:3C:4D:5E"]]);
    assert.deepEqual(types("mac FF:FF:FF:FF:FF:FF"), []);
    assert.deepEqual(types("ip6 2001:db8::1 up"), [["ipv6", "2001:db8::1"]]);
  });

  it("needs a keyword for QQ, WeChat, IMEI, passports and travel permits", () => {
    assert.deepEqual(types("count 12345678"), []);
    assert.deepEqual(types("QQ: 12345678"), [["qq_number", "12345678"]]);
    assert.deepEqual(types("微信 wx_abc123"), [["wechat_id", "wx_abc123"]]);
    assert.deepEqual(types("护照 E12345678"), [["cn_passport", "E12345678"]]);
    assert.deepEqual(types("港澳通行证 C12345678"), [["cn_travel_permit", "C12345678"]]);
    assert.deepEqual(types("ref E12345678"), []);
  });

  it("checks HK, TW, USCC and plates including 8-character new-energy plates", () => {
    assert.deepEqual(types("HKID A123456(3)"), [["hk_id", "A123456(3)"]]);
    assert.deepEqual(types("ID A123456789"), [["tw_id", "A123456789"]]);
    assert.deepEqual(types("信用代码 91350100M000100Y43"), [["cn_uscc", "91350100M000100Y43"]]);
    assert.deepEqual(types("车牌粤B12345和粤BD12345"), [
      ["cn_license_plate", "粤B12345"],
      ["cn_license_plate", "粤BD12345"],
    ]);
  });

  it("finds a birth date only next to a birth keyword", () => {
    assert.deepEqual(types("出生日期 1990-03-07"), [["birth_date", "1990-03-07"]]);
    assert.deepEqual(types("生日：1990年3月7日"), [["birth_date", "1990年3月7日"]]);
    assert.deepEqual(types("发布于 1990-03-07"), []);
  });

  it("raises the score from a column name", () => {
    assert.deepEqual(types("12345678", { fieldName: "qq" }), [["qq_number", "12345678"]]);
  });

  it("filters by type and by minimum score", () => {
    const text = `手机 13800138000 身份证 ${ID}`;
    assert.deepEqual(types(text, { types: new Set(["cn_mobile"]) }), [["cn_mobile", "13800138000"]]);
    assert.equal(scanText(text, { minScore: 0.995 }).length, 0);
  });
});

describe("names and addresses", () => {
  it("finds names after a keyword or before a title, including compound surnames and · names", () => {
    assert.deepEqual(types("联系人：欧阳娜娜，电话"), [["person_name", "欧阳娜娜"]]);
    assert.deepEqual(types("王小明先生您好"), [["person_name", "王小明"]]);
    assert.deepEqual(types("姓名：买买提·艾力"), [["person_name", "买买提·艾力"]]);
    assert.deepEqual(types('{"name":"李四"}'), [["person_name", "李四"]]);
  });

  it("does not take words that merely begin with a surname for names", () => {
    assert.deepEqual(types("王国的历史很长，张开双臂，高兴地说"), []);
  });

  it("finds addresses from the division names to the room", () => {
    const a = "广东省深圳市南山区科技园路88号A座1201室";
    assert.deepEqual(types(`地址：${a}，电话`), [["cn_address", a]]);
    assert.deepEqual(types("寄往呼和浩特市新城区学院路3号"), [["cn_address", "呼和浩特市新城区学院路3号"]]);
    assert.deepEqual(types("北京大学和北京市"), []);
  });
});

describe("byte scanning", () => {
  it("reports byte offsets and code-point columns", () => {
    const text = "第一行\n客户手机13800138000";
    const [f] = scanText(text);
    const b = encodeUtf8(text);
    assert.equal(new TextDecoder().decode(b.subarray(f!.start, f!.end)), "13800138000");
    assert.equal(f!.line, 2);
    assert.equal(f!.col, 5);
  });

  it("survives invalid UTF-8 and binary noise", () => {
    const b = new Uint8Array([0xff, 0xfe, 0xe5, 0x31, 0x33, 0x38, 0x30, 0x30, 0x31, 0x33, 0x38, 0x30, 0x30, 0x30, 0xc3]);
    const f = scanBytes(b);
    assert.deepEqual(
      f.map((x) => [x.type, x.start, x.end]),
      [["cn_mobile", 3, 14]],
    );
  });

  it("keeps the better of overlapping findings", () => {
    const f = scanText(`身份证 ${ID}`);
    assert.equal(f.length, 1);
  });
});
