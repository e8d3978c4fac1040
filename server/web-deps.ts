import type { Redis } from "ioredis";
import { getDb } from "./db";
import { getEnv } from "./env";
import { createRedis } from "./redis";
import { createBuildQueue, type BuildQueue } from "./queue";
import { createRuntimeClient, type RuntimeClient } from "./runtime/contract";

const globalForWeb = globalThis as unknown as { slipwayRedis?: Redis; slipwayQueue?: BuildQueue; slipwayRuntime?: RuntimeClient };

/** The web process's shared connections (database, Redis, build queue), made once per process. */
export function webDeps() {
  const env = getEnv();
  globalForWeb.slipwayRedis ??= createRedis(env.REDIS_URL);
  globalForWeb.slipwayQueue ??= createBuildQueue(globalForWeb.slipwayRedis, env.REDIS_PREFIX);
  return { env, db: getDb(), redis: globalForWeb.slipwayRedis, queue: globalForWeb.slipwayQueue };
}

/** The web process's one runtime client (server/runtime/contract.ts): prepare through Redis, announce, schedules. */
export function webRuntime(redis: Redis, prefix: string): RuntimeClient {
  globalForWeb.slipwayRuntime ??= createRuntimeClient({ redis, prefix });
  return globalForWeb.slipwayRuntime;
}
