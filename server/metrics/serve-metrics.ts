import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import type { Env } from "../env";
import { metrics } from "./metrics";

/** With METRICS_TOKEN set, a scrape must send `Authorization: Bearer <token>` (compared in constant time). */
export function metricsAllowed(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/** The Prometheus text of this process's registry, or 401 without the token. */
export async function metricsResponse(req: Request, token: string | undefined): Promise<Response> {
  if (!metricsAllowed(req.headers.get("authorization"), token)) {
    return new Response("Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}

/**
 * The worker's (and a standalone runtime's) `/metrics`: a small HTTP server on METRICS_PORT, only
 * that path. Off when METRICS_PORT is unset.
 */
export async function startMetricsServer(opts: {
  port: number;
  host: string;
  token?: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only GET /metrics here.\n");
      return;
    }
    const request = new Request(`http://metrics${req.url}`, {
      headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
    });
    metricsResponse(request, opts.token).then(
      async (r) => res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text()),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("Metrics could not be collected.\n"),
    );
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(opts.port, opts.host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}/metrics`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A worker's or runtime's metrics: its queues' depth, and the server when METRICS_PORT is set (else null). */
export async function startProcessMetrics(env: Env, redis: Redis) {
  metrics().watchQueues(redis, env.REDIS_PREFIX);
  if (env.METRICS_PORT === undefined) return null;
  return startMetricsServer({ port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN });
}
