import http from "node:http";
import next from "next";
import { getEnv } from "../server/env";
import { clientAddress, parseTrustedProxies } from "../server/domain/auth/client-address";
import { CLIENT_IP_HEADER, markClientIpStamped } from "../server/domain/auth/login-throttle";

/**
 * The web app's HTTP server: Next.js (the production build in .next) behind a plain node:http
 * server that knows the TCP peer, which Next's route handlers do not. Each request gets the
 * client's address in x-slipway-client-ip — the socket's, or, from a trusted proxy, the one its
 * X-Forwarded-For names — replacing anything a client sent under that name. The login throttle
 * counts per IP on it. Listens on PORT (default 3000), all interfaces, like `next start`.
 */
async function main() {
  const env = getEnv();
  const port = env.PORT;
  const trusted = parseTrustedProxies(env.SLIPWAY_TRUSTED_PROXIES);
  const app = next({ dev: false, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  markClientIpStamped();
  const server = http.createServer((req, res) => {
    const ip = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    void handle(req, res);
  });
  server.listen(port, () => console.log(`[web] listening on port ${port}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
