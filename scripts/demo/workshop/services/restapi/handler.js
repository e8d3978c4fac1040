const GREETING = "Hello from restapi";

// aws-sdk v2 comes with the runtime, as Lambda's Node runtimes provided it; required on first
// use, so the unit tests run without it.
let documentClient;
function db() {
  if (!documentClient) {
    const AWS = require("aws-sdk");
    documentClient = new AWS.DynamoDB.DocumentClient();
  }
  return documentClient;
}

const header = (event, name) => {
  const headers = (event && event.headers) || {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? String(headers[key]) : "";
};
const wantsHtml = (event) => header(event, "accept").includes("text/html");
const escape = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (statusCode, body) => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const html = (statusCode, title, inner) => ({
  statusCode,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="font-family: sans-serif; max-width: 36rem; margin: 2rem auto">${inner}</body></html>`,
});

function readForm(event) {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body) : "";
  if (header(event, "content-type").includes("application/json")) return JSON.parse(raw || "{}");
  return Object.fromEntries(new URLSearchParams(raw));
}

/** POST /submit: stores the form in the submissions table of this environment. */
async function store(event) {
  let form;
  try {
    form = readForm(event);
  } catch {
    return json(400, { error: "The body is not JSON" });
  }
  const email = String(form.email || "").trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) return wantsHtml(event) ? html(400, "Invalid", "<p>Please give an email address.</p>") : json(400, { error: "email is required" });
  const item = { id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, name: String(form.name || "").slice(0, 200), email, submittedAt: new Date().toISOString() };
  const table = process.env.SUBMISSIONS_TABLE;
  await db().put({ TableName: table, Item: item }).promise();
  if (!wantsHtml(event)) return json(200, { stored: item, table });
  return html(200, "Thanks", `<h1>Thanks, ${escape(item.name || item.email)}!</h1><p data-testid="stored">Stored submission <code>${escape(item.id)}</code> in table <code>${escape(table)}</code>.</p><p><a href="submit?id=${encodeURIComponent(item.id)}">See it</a> · <a href="submit">Back to the form</a></p>`);
}

/** GET /submit?id=…: one stored submission, read back with DocumentClient().get(...). */
async function show(event, id) {
  const table = process.env.SUBMISSIONS_TABLE;
  const { Item } = await db().get({ TableName: table, Key: { id } }).promise();
  if (!wantsHtml(event)) return json(Item ? 200 : 404, Item ? { item: Item, table } : { error: "No such submission" });
  if (!Item) return html(404, "Not found", "<p>No such submission.</p>");
  return html(200, "Submission", `<p>${escape(Item.name)} &lt;${escape(Item.email)}&gt; at ${escape(Item.submittedAt)}, in table <code>${escape(table)}</code>.</p>`);
}

/** GET /submit: the form (for a browser) or what this stage is wired to (JSON). */
exports.submit = async (event) => {
  if (event && event.httpMethod === "POST") return store(event);
  const id = event && event.queryStringParameters && event.queryStringParameters.id;
  if (id) return show(event, String(id));
  const info = {
    message: GREETING,
    env: process.env.APP_ENV,
    table: process.env.SUBMISSIONS_TABLE,
    endpoint: process.env.ENDPOINT_URL,
    hasApiKey: Boolean(process.env.ENDPOINT_API_KEY),
    path: event && event.path,
  };
  if (!wantsHtml(event)) return json(200, info);
  return html(200, "Workshop", `<h1>${escape(info.message)}</h1>
<p>Environment <b>${escape(info.env)}</b>; submissions go to table <code>${escape(info.table)}</code>.</p>
<form method="post" action="submit">
  <p><label>Name <input name="name" required></label></p>
  <p><label>Email <input name="email" type="email" required></label></p>
  <button type="submit">Submit</button>
</form>`);
};
