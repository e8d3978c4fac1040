const test = require("node:test");
const assert = require("node:assert");
const { submit } = require("../handler");

test("submit answers 200 with JSON naming its environment", async () => {
  process.env.APP_ENV = "test";
  const res = await submit({ path: "/submit" });
  assert.strictEqual(res.statusCode, 200);
  const body = JSON.parse(res.body);
  assert.strictEqual(body.env, "test");
  assert.match(body.message, /restapi/);
});
