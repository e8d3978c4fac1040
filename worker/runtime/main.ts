import { getEnv } from "../../server/env";
import { closeDeps, createDeps } from "../../server/composition";
import { startRuntime } from "./server";
import { joinLocalCloud } from "../targets/local-cloud/start";
import { runtimeAddress } from "../../server/domain/deployments/instance-url";
import { logger } from "../../server/logger";

/** The local runtime on its own (`tsx worker/runtime/main.ts`); the worker embeds the same startRuntime. */
async function main() {
  const env = getEnv();
  // The runtime reads only what it serves with: no GitHub client, no build queue is ever built here.
  const deps = createDeps(env);
  const { db, redis } = deps;
  // The local cloud lives in the worker; this runtime follows the endpoint it announces.
  const localCloud = joinLocalCloud(redis, env.REDIS_PREFIX, env.SLIPWAY_ENCRYPTION_KEY);
  const runtime = await startRuntime({
    db,
    redis,
    prefix: env.REDIS_PREFIX,
    port: env.RUNTIME_PORT,
    host: env.RUNTIME_HOST,
    localCloud,
    address: runtimeAddress(env),
    dashboardUrl: env.NEXTAUTH_URL,
    artifacts: deps.artifacts,
    cipher: deps.cipher,
  });
  logger().info(`[runtime] listening on ${runtime.url}; instances answer at <label>.${env.RUNTIME_DOMAIN}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info(`[runtime] ${signal}: finishing in-flight requests, stopping functions`);
    // A hung shutdown must not keep the port (and the children) forever.
    setTimeout(() => process.exit(1), 15_000).unref();
    await runtime.close();
    await closeDeps(deps);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  logger().error({ err: e }, "[runtime] could not start");
  process.exit(1);
});
