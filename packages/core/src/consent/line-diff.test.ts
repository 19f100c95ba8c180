import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineDiff } from "./line-diff.js";

describe("lineDiff", () => {
  it("marks added, removed and unchanged lines in order", () => {
    const d = lineDiff("一\n二\n三\n四", "一\n二改\n三\n四\n五");
    assert.deepEqual(
      d.map((l) => `${l.op[0]}${l.text}`),
      ["s一", "a二改", "r二", "s三", "s四", "a五"],
    );
  });

  it("answers all-same for identical texts", () => {
    assert.ok(lineDiff("a\nb", "a\nb").every((l) => l.op === "same"));
  });
});
