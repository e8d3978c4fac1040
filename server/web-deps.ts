import type { Redis } from "ioredis";
import { getDb } from "./db";
import { getEnv } from "./env";
import { createRedis } from "./redis";
import { createBuildQueue, type BuildQueue } from "./queue";
import { createRuntimeClient, type RuntimeClient } from "./runtime/contract";
import { createJobQueues, type JobQueues } from "./jobs/catalog";

const globalForWeb = globalThis as unknown as {
  slipwayRedis?: Redis;
  slipwayQueue?: BuildQueue;
  slipwayJobs?: JobQueues;
  slipwayRuntime?: RuntimeClient;
};

/** The web process's shared connections (database, Redis, build queue, the job catalog's queues), made once per process. */
export function webDeps() {
  const env = getEnv();
  globalForWeb.slipwayRedis ??= createRedis(env.REDIS_URL);
  globalForWeb.slipwayQueue ??= createBuildQueue(globalForWeb.slipwayRedis, env.REDIS_PREFIX);
  globalForWeb.slipwayJobs ??= createJobQueues(globalForWeb.slipwayRedis, env.REDIS_PREFIX);
  return { env, db: getDb(), redis: globalForWeb.slipwayRedis, queue: globalForWeb.slipwayQueue, jobs: globalForWeb.slipwayJobs };
}

/** The web process's one runtime client (server/runtime/contract.ts): prepare through Redis, announce, schedules. */
export function webRuntime(redis: Redis, prefix: string): RuntimeClient {
  globalForWeb.slipwayRuntime ??= createRuntimeClient({ redis, prefix });
  return globalForWeb.slipwayRuntime;
}
