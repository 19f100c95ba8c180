import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyColumn } from "./classify-column.js";
import { rng, ValueGen } from "./corpus.js";

describe("column classification", () => {
  const g = new ValueGen(rng(8)); // generated values, not real people's

  it("suggests the PI type most cells hold, with its category and sensitivity", () => {
    const ids = Array.from({ length: 50 }, () => g.residentId());
    const c = classifyColumn("id_no", [...ids, null, ""]);
    assert.deepEqual(c && { type: c.type, share: c.share, sampled: c.sampled, sensitive: c.sensitive, categoryId: c.categoryId }, {
      type: "cn_resident_id",
      share: 1,
      sampled: 50,
      sensitive: true,
      categoryId: "identity",
    });
  });

  it("uses the column name as context for values that need a keyword", () => {
    const qq = Array.from({ length: 20 }, () => g.digits(9, "123456789"));
    assert.equal(classifyColumn("qq", qq)?.type, "qq_number");
    assert.equal(classifyColumn("amount", qq), null);
    const names = Array.from({ length: 20 }, () => g.name());
    assert.equal(classifyColumn("customer_name", names)?.type, "person_name");
  });

  it("makes no suggestion for a free-text column with the odd value", () => {
    const notes = Array.from({ length: 20 }, (_, i) => (i === 0 ? `请回电 ${g.mobile()}` : "已处理，无异常"));
    assert.equal(classifyColumn("note", notes), null);
  });
});
