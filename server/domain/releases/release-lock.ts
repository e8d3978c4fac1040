import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { DomainError } from "../errors";

const RELEASE_TTL_MS = 5 * 60_000;

/**
 * One promotion or rollback per app at a time, across every web and worker process: Redis SET NX with a TTL
 * (a crashed replica frees the app after five minutes), released only by its holder.
 */
export async function withReleaseLock<T>(
  redis: Redis,
  prefix: string,
  appId: string,
  fn: () => Promise<T>,
  opts: { waitMs?: number } = {},
): Promise<T> {
  const key = `${prefix}:release-lock:${appId}`;
  const token = randomBytes(12).toString("hex");
  // A worker's release job waits its turn (a web request holds the lock for a moment); a request does not.
  const until = Date.now() + (opts.waitMs ?? 0);
  let ok = await redis.set(key, token, "PX", RELEASE_TTL_MS, "NX");
  while (ok !== "OK" && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    ok = await redis.set(key, token, "PX", RELEASE_TTL_MS, "NX");
  }
  if (ok !== "OK") throw new DomainError("CONFLICT", "Another promotion or rollback of this app is in progress; wait for it to finish.");
  try {
    return await fn();
  } finally {
    await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, key, token);
  }
}
