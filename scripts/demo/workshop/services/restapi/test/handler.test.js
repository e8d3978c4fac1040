const test = require("node:test");
const assert = require("node:assert");
const { submit } = require("../handler");

test("GET /submit answers JSON naming its environment and table", async () => {
  process.env.APP_ENV = "test";
  process.env.SUBMISSIONS_TABLE = "workshop-submissions-test";
  const res = await submit({ httpMethod: "GET", path: "/submit", headers: {} });
  assert.strictEqual(res.statusCode, 200);
  const body = JSON.parse(res.body);
  assert.strictEqual(body.env, "test");
  assert.strictEqual(body.table, "workshop-submissions-test");
  assert.match(body.message, /restapi/);
});

test("a browser gets the form, escaped", async () => {
  process.env.SUBMISSIONS_TABLE = "<table>";
  const res = await submit({ httpMethod: "GET", path: "/submit", headers: { Accept: "text/html" } });
  assert.match(res.body, /<form method="post"/);
  assert.match(res.body, /&#60;table&#62;/);
});

test("POST /submit refuses a form without an email before storing anything", async () => {
  const res = await submit({ httpMethod: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Ada" }) });
  assert.strictEqual(res.statusCode, 400);
});
