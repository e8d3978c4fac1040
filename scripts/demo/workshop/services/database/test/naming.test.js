const test = require("node:test");
const assert = require("node:assert");
const { tableName } = require("../naming");

test("each stage gets its own table", () => {
  assert.strictEqual(tableName("dev"), "workshop-submissions-dev");
  assert.notStrictEqual(tableName("staging"), tableName("prod"));
});
