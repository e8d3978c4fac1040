import { getEnv } from "../server/env";
import { closeDeps, createDeps } from "../server/composition";
import { startWorker } from "./start-worker";
import { startProcessMetrics } from "../server/metrics/serve-metrics";
import { logger } from "../server/logger";

/** The worker process: composition root and graceful shutdown. */
async function main() {
  const env = getEnv();
  const deps = createDeps(env);
  const worker = await startWorker(deps);
  const metricsServer = await startProcessMetrics(env, deps.redis);
  logger().info(
    `[worker] ${worker.id} ready${worker.runtimeUrl ? `; runtime at ${worker.runtimeUrl}` : ""}${metricsServer ? `; metrics at ${metricsServer.url}` : ""}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info(`[worker] ${signal}: finishing running builds, then stopping`);
    await worker.close();
    await metricsServer?.close();
    await closeDeps(deps);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  logger().error(`[worker] could not start: ${(e as Error).message}`);
  process.exit(1);
});
