// Placeholder endpoints of the demo profiles are reported, never called.
const PLACEHOLDER = /(^|\.)example\.(com|test)$/;

/** Every five minutes: posts a submission to the endpoint of this environment (never logs the key). */
exports.ping = async () => {
  const url = process.env.url;
  console.log(`tasks: pinging ${url} (api key ${process.env.api_key ? "set" : "missing"})`);
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    return { ok: false, url, error: "not a URL" };
  }
  if (PLACEHOLDER.test(host)) return { ok: true, url, called: false };
  try {
    const res = await fetch(`${url.replace(/\/$/, "")}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": process.env.api_key || "" },
      body: JSON.stringify({ name: "tasks", email: "tasks@example.com" }),
      signal: AbortSignal.timeout(5000),
    });
    console.log(`tasks: ${url}/submit answered ${res.status}`);
    return { ok: res.ok, url, called: true, status: res.status };
  } catch (e) {
    console.log(`tasks: ${url}/submit failed: ${e.message}`);
    return { ok: false, url, called: true, error: e.message };
  }
};
