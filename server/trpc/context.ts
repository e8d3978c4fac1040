import { getServerSession } from "next-auth";
import type { Redis } from "ioredis";
import { authOptions } from "../auth/options";
import { getDb } from "../db";
import { getEnv } from "../env";
import { createRedis } from "../redis";
import { createBuildQueue, type BuildQueue } from "../queue";
import type { Context } from "./init";

const globalForWeb = globalThis as unknown as { slipwayRedis?: Redis; slipwayQueue?: BuildQueue };

/** The web process's shared connections, made once. */
export function webDeps() {
  const env = getEnv();
  globalForWeb.slipwayRedis ??= createRedis(env.REDIS_URL);
  globalForWeb.slipwayQueue ??= createBuildQueue(globalForWeb.slipwayRedis, env.REDIS_PREFIX);
  return { env, db: getDb(), redis: globalForWeb.slipwayRedis, queue: globalForWeb.slipwayQueue };
}

export async function createContext(): Promise<Context> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id ?? null;
  return { ...webDeps(), userId };
}
