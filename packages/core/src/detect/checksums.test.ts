import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkResidentId, isValidHkId, isValidIpv4, isValidIpv6, isValidTwId, isValidUscc, luhn, residentIdCheckChar } from "./checksums.js";

describe("identifier checksums", () => {
  it("computes the GB 11643 MOD 11-2 check character, including X", () => {
    // The worked example of GB 11643-1999.
    assert.equal(residentIdCheckChar("11010519491231002"), "X");
    assert.deepEqual(checkResidentId("11010519491231002X"), { plausible: true, checksum: true });
    assert.deepEqual(checkResidentId("110105194912310021"), { plausible: true, checksum: false });
  });

  it("rejects resident IDs with an impossible date or region code", () => {
    assert.equal(checkResidentId("110105194902301234").plausible, false); // 30 February
    assert.equal(checkResidentId("990105194912310021").plausible, false); // no province 99
    assert.equal(checkResidentId("110005194912310021").plausible, false); // city part 00
    assert.equal(checkResidentId("110105490101123").plausible, true); // 15-digit first generation
    assert.equal(checkResidentId("110105491301123").plausible, false);
  });

  it("accepts residence permits of Hong Kong, Macao and Taiwan residents (81/82/83)", () => {
    const s17 = "83000019900101123";
    assert.equal(checkResidentId(s17 + residentIdCheckChar(s17)).checksum, true);
  });

  it("checks Luhn, GB 32100, HK and TW check digits", () => {
    assert.equal(luhn("4111111111111111"), true);
    assert.equal(luhn("4111111111111112"), false);
    assert.equal(isValidUscc("91350100M000100Y43"), true);
    assert.equal(isValidUscc("91350100M000100Y44"), false);
    assert.equal(isValidHkId("A", "123456", "3"), true);
    assert.equal(isValidHkId("A", "123456", "4"), false);
    assert.equal(isValidTwId("A123456789"), true);
    assert.equal(isValidTwId("A123456788"), false);
  });

  it("range-checks IP addresses", () => {
    assert.equal(isValidIpv4("192.168.1.1"), true);
    assert.equal(isValidIpv4("256.1.1.1"), false);
    assert.equal(isValidIpv4("01.1.1.1"), false);
    assert.equal(isValidIpv6("2001:db8::1"), true);
    assert.equal(isValidIpv6("fe80:0:0:0:0:0:0:1"), true);
    assert.equal(isValidIpv6("1::2::3"), false);
    assert.equal(isValidIpv6("12:30:45"), false);
  });
});
