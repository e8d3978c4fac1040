import type { Redis } from "ioredis";

/** One line a function printed (or the runtime wrote about an invocation), as kept per instance. */
export interface InvocationLogLine { ts: number; fn: string; stream: "stdout" | "stderr" | "runtime"; line: string }

/** Enough to read what recent invocations printed; older lines fall off so Redis stays bounded. */
export const INVOCATION_LOG_CAP = 500;
const MAX_LINE = 8_192;

export const invocationLogKey = (prefix: string, instanceId: string) => `${prefix}:runtime:log:${instanceId}`;

export interface LogSink {
  append(instanceId: string, fn: string, stream: InvocationLogLine["stream"], line: string): void;
  /** Resolves once every line appended so far is in Redis. */
  flush(): Promise<void>;
}

/** Batches lines per instance and writes them once per tick (LPUSH + LTRIM), never one round trip per line. */
export function createLogSink(redis: Redis, prefix: string): LogSink {
  let batch = new Map<string, string[]>();
  let pending: Promise<void> = Promise.resolve();
  let scheduled = false;

  const write = () => {
    scheduled = false;
    const lines = batch;
    batch = new Map();
    const multi = redis.pipeline();
    for (const [instanceId, entries] of lines) {
      const key = invocationLogKey(prefix, instanceId);
      multi.lpush(key, ...entries).ltrim(key, 0, INVOCATION_LOG_CAP - 1);
    }
    // A log write that fails must never fail an invocation; the line is lost, the function still answers.
    pending = pending.then(() => multi.exec().then(() => undefined, () => undefined));
  };

  return {
    append(instanceId, fn, stream, line) {
      const entry: InvocationLogLine = { ts: Date.now(), fn, stream, line: line.slice(0, MAX_LINE) };
      const list = batch.get(instanceId) ?? [];
      list.push(JSON.stringify(entry));
      batch.set(instanceId, list);
      if (!scheduled) {
        scheduled = true;
        setImmediate(write);
      }
    },
    async flush() {
      if (scheduled) write();
      await pending;
    },
  };
}

/** The newest `limit` lines of an instance's invocation log, oldest first. */
export async function readInvocationLogs(redis: Redis, prefix: string, instanceId: string, limit = 100): Promise<InvocationLogLine[]> {
  const raw = await redis.lrange(invocationLogKey(prefix, instanceId), 0, Math.max(0, limit - 1));
  return raw.reverse().map((s) => JSON.parse(s) as InvocationLogLine);
}
