const test = require("node:test");
const assert = require("node:assert");
const { ping } = require("../handler");

test("ping reports a placeholder endpoint without calling it", async () => {
  process.env.url = "https://api.dev.example.com";
  const res = await ping();
  assert.deepStrictEqual(res, { ok: true, url: "https://api.dev.example.com", called: false });
});

test("ping says why a call failed", async () => {
  process.env.url = "http://127.0.0.1:9";
  const res = await ping();
  assert.strictEqual(res.called, true);
  assert.strictEqual(res.ok, false);
});
