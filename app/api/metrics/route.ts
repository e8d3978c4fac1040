import { metrics } from "@/server/metrics/metrics";
import { metricsResponse } from "@/server/metrics/serve-metrics";
import { appDeps } from "@/server/composition";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape of the web process (`/metrics` rewrites here): queue depth and the process's own numbers. */
export function GET(req: Request) {
  const { env, redis } = appDeps();
  metrics().watchQueues(redis, env.REDIS_PREFIX);
  return metricsResponse(req, env.METRICS_TOKEN);
}
