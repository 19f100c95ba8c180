import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JsonLineWriter } from "./ndjson.js";

const written = (fill: (w: JsonLineWriter) => void, initial?: number) => {
  const w = new JsonLineWriter(initial);
  fill(w);
  return w.bytes().toString("utf8");
};

describe("JsonLineWriter", () => {
  it("writes strings exactly as JSON.stringify, in UTF-8: escapes, controls, CJK, astral and lone surrogates", () => {
    const hostile = [
      "",
      "138****5678",
      '},{"ref":"fake"}',
      'line\nbreak\r\t"quoted" \\ back\\slash',
      "\u0000\u0001\u0008\u000b\u000c\u001f\u007f\u0080",
      "王小明 · 欧阳娜娜",
      "😀 𠮷 \u2028\u2029",
      "\ud800",
      "x\udc00y",
      "\udbff\udfff",
      "\ud83d",
      "\ude00\ud83d",
      "é\u07ff\u0800\uffff",
    ];
    for (const s of hostile) {
      const got = written((w) => w.string(s));
      assert.equal(got, JSON.stringify(s), `string ${JSON.stringify(s)}`);
      assert.deepEqual(Buffer.from(got, "utf8"), Buffer.from(JSON.stringify(s), "utf8"));
    }
  });

  it("matches JSON.stringify on random UTF-16 of every range, growing its buffer as it goes", () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    // Code units drawn from every range the writer treats differently.
    const ranges = [
      [0, 0x20],
      [0x20, 0x80],
      [0x80, 0x800],
      [0x800, 0xd800],
      [0xd800, 0xdc00],
      [0xdc00, 0xe000],
      [0xe000, 0x10000],
    ] as const;
    let expected = "";
    const w = new JsonLineWriter(16);
    for (let k = 0; k < 2000; k++) {
      let s = "";
      const len = rnd() % 24;
      for (let i = 0; i < len; i++) {
        const [lo, hi] = ranges[rnd() % ranges.length] as readonly [number, number];
        s += String.fromCharCode(lo + (rnd() % (hi - lo)));
      }
      w.string(s);
      w.ascii("\n");
      expected += `${JSON.stringify(s)}\n`;
    }
    assert.equal(w.bytes().toString("utf8"), expected);
    assert.equal(w.length, Buffer.byteLength(expected));
  });

  it("writes other values as JSON.stringify does (numbers, booleans, null, dates, objects)", () => {
    const values: unknown[] = [
      0,
      -0,
      1.5,
      -2e-7,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      false,
      null,
      new Date(Date.UTC(2026, 10, 28)),
      { a: ["中", 1] },
      [1, "x"],
    ];
    for (const v of values)
      assert.equal(
        written((w) => w.value(v)),
        JSON.stringify(v),
        String(v),
      );
    assert.equal(
      written((w) => w.value(undefined)),
      "null",
      "a value without JSON is written as null, never left out",
    );
  });
});
