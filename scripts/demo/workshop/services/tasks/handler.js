/** Runs every minute: reports which endpoint it would call (never the key itself). */
exports.ping = async () => {
  const line = `tasks: pinging ${process.env.url} (api key ${process.env.api_key ? "set" : "missing"})`;
  console.log(line);
  return { ok: true, url: process.env.url };
};
