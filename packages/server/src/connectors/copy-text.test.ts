// PostgreSQL's COPY text format as the COPY reads of large view pages parse it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Row } from "@pipguard/core";
import { parseCopyText, unescapeCopy } from "./copy-text.js";

const asText = (v: string) => v;
const asInt = (v: string) => Number.parseInt(v, 10);

describe("COPY text", () => {
  it("undoes every backslash escape PostgreSQL writes, and reads octal and hex ones", () => {
    assert.equal(unescapeCopy("a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh"), "a\tb\nc\rd\\e\bf\fg\vh");
    assert.equal(unescapeCopy("\\101\\x42\\7"), "AB\u0007");
    assert.equal(unescapeCopy("no escapes 王小明"), "no escapes 王小明");
    assert.equal(unescapeCopy("\\\\N"), "\\N");
  });

  it("parses lines into typed rows; \\N is NULL, an escaped \\N is text", () => {
    const rows: Row[] = [];
    parseCopyText("1\t王小明\t\\N\n2\ttab\\there\t\\\\N\n", ["id", "name", "note"], [asInt, asText, asText], rows);
    assert.deepEqual(rows, [
      { id: 1, name: "王小明", note: null },
      { id: 2, name: "tab\there", note: "\\N" },
    ]);
  });

  it("refuses a line with too few or too many columns rather than shifting values", () => {
    assert.throws(() => parseCopyText("1\tonly\n", ["id", "a", "b"], [asInt, asText, asText], []), /fewer than 3/);
    assert.throws(() => parseCopyText("1\ta\tb\tc\n", ["id", "a", "b"], [asInt, asText, asText], []), /more than 3/);
    assert.throws(() => parseCopyText("1\ta\tb", ["id", "a", "b"], [asInt, asText, asText], []), /newline/);
  });
});
