import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { TokenTable, wordsOf } from "./token-table.js";

describe("TokenTable", () => {
  it("answers what a Map keyed by the token's bytes answers, through growth and misses", () => {
    const n = 20_000;
    const tokens = randomBytes(16 * n);
    const words = wordsOf(tokens);
    const table = new TokenTable<string>(16);
    const map = new Map<string, string>();
    for (let i = 0; i < n; i += 2) {
      table.set(words, 4 * i, `s${i}`);
      map.set(tokens.toString("hex", 16 * i, 16 * i + 16), `s${i}`);
    }
    assert.equal(table.size, map.size);
    for (let i = 0; i < n; i++) assert.equal(table.get(words, 4 * i), map.get(tokens.toString("hex", 16 * i, 16 * i + 16)), `token ${i}`);
  });

  it("tells apart tokens that share their hash word, and overwrites an existing token", () => {
    const tokens = Buffer.alloc(16 * 50);
    for (let i = 0; i < 50; i++) {
      tokens.writeUInt32LE(0xdeadbeef, 16 * i); // the same first word: one probe chain
      tokens.writeUInt32LE(i, 16 * i + 4 + 4 * (i % 3)); // differing in the second, third or fourth word
    }
    const words = wordsOf(tokens);
    const table = new TokenTable<number>(4);
    for (let i = 0; i < 50; i++) table.set(words, 4 * i, i);
    for (let i = 0; i < 50; i++) assert.equal(table.get(words, 4 * i), i);
    table.set(words, 4 * 7, 700);
    assert.equal(table.get(words, 4 * 7), 700);
    assert.equal(table.size, 50);
    const other = wordsOf(Buffer.alloc(16, 1));
    assert.equal(table.get(other, 0), undefined);
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.get(words, 0), undefined);
  });

  it("reads a buffer that does not start on a 4-byte boundary", () => {
    const backing = Buffer.alloc(16 * 3 + 1); // not from the pool: starts at offset 0
    randomBytes(16 * 3 + 1).copy(backing);
    const unaligned = backing.subarray(1);
    assert.notEqual(unaligned.byteOffset % 4, 0);
    const words = wordsOf(unaligned);
    const table = new TokenTable<string>();
    table.set(words, 4, "x");
    assert.equal(table.get(wordsOf(Buffer.from(unaligned.subarray(16, 32))), 0), "x");
  });
});
