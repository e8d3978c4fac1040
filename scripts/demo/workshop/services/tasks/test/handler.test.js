const test = require("node:test");
const assert = require("node:assert");
const { ping } = require("../handler");

test("ping reports the endpoint it calls", async () => {
  process.env.url = "https://example.test";
  const res = await ping();
  assert.deepStrictEqual(res, { ok: true, url: "https://example.test" });
});
