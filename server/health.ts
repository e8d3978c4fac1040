import type { Redis } from "ioredis";
import type { Db } from "./db";
import { DB_UNAVAILABLE_MESSAGE } from "./db-unavailable";

export interface Health {
  ok: boolean;
  database: "up" | "down";
  redis: "up" | "down";
  message?: string;
}

const TIMEOUT_MS = 2_000;

/** Pings PostgreSQL and Redis, each bounded in time, so a dead dependency answers fast instead of hanging the check. */
export async function checkHealth(deps: { db: Db; redis: Redis }): Promise<Health> {
  const [database, redis] = await Promise.all([
    within(deps.db.$queryRaw`SELECT 1`),
    // A fresh command on a dropped connection would wait in ioredis's offline queue: answer "down" instead.
    deps.redis.status === "ready" ? within(deps.redis.ping()) : Promise.resolve(false),
  ]);
  const ok = database && redis;
  const message = !database ? DB_UNAVAILABLE_MESSAGE : !redis ? "Slipway's Redis is unavailable; retrying" : undefined;
  return { ok, database: database ? "up" : "down", redis: redis ? "up" : "down", ...(message ? { message } : {}) };
}

async function within(p: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), TIMEOUT_MS))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
