import type { Redis } from "ioredis";
import { INVOCATION_LOG_CAP, invocationLogKey, type InvocationLogLine } from "../../server/runtime/invocation-logs";

export { readInvocationLogs } from "../../server/runtime/invocation-logs";

const MAX_LINE = 8_192;

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
    pending = pending.then(() =>
      multi.exec().then(
        () => undefined,
        () => undefined,
      ),
    );
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
