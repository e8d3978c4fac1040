import type { Redis } from "ioredis";

/**
 * What functions printed, per instance, in Redis: the runtime writes it (worker/runtime/invocation-logs.ts),
 * the web app reads it (the stage page), on whatever hosts they run.
 */
export interface InvocationLogLine {
  ts: number;
  fn: string;
  stream: "stdout" | "stderr" | "runtime";
  line: string;
}

/** Enough to read what recent invocations printed; older lines fall off so Redis stays bounded. */
export const INVOCATION_LOG_CAP = 500;

export const invocationLogKey = (prefix: string, instanceId: string) => `${prefix}:runtime:log:${instanceId}`;

/** The newest `limit` lines of an instance's invocation log, oldest first. */
export async function readInvocationLogs(redis: Redis, prefix: string, instanceId: string, limit = 100): Promise<InvocationLogLine[]> {
  const raw = await redis.lrange(invocationLogKey(prefix, instanceId), 0, Math.max(0, limit - 1));
  return raw.reverse().map((s) => JSON.parse(s) as InvocationLogLine);
}
