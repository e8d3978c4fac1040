import { metrics } from "@/server/metrics/metrics";
import { metricsResponse } from "@/server/metrics/serve-metrics";
import { webDeps } from "@/server/web-deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape of the web process (`/metrics` rewrites here): queue depth and the process's own numbers. */
export function GET(req: Request) {
  const { env, redis } = webDeps();
  metrics().watchQueues(redis, env.REDIS_PREFIX);
  return metricsResponse(req, env.METRICS_TOKEN);
}
