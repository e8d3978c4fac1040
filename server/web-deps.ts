import type { Redis } from "ioredis";
import { getDb } from "./db";
import { getEnv } from "./env";
import { createRedis } from "./redis";
import { createBuildQueue, type BuildQueue } from "./queue";

const globalForWeb = globalThis as unknown as { slipwayRedis?: Redis; slipwayQueue?: BuildQueue };

/** The web process's shared connections (database, Redis, build queue), made once per process. */
export function webDeps() {
  const env = getEnv();
  globalForWeb.slipwayRedis ??= createRedis(env.REDIS_URL);
  globalForWeb.slipwayQueue ??= createBuildQueue(globalForWeb.slipwayRedis, env.REDIS_PREFIX);
  return { env, db: getDb(), redis: globalForWeb.slipwayRedis, queue: globalForWeb.slipwayQueue };
}
