import type { Redis } from "ioredis";
import type { Db } from "../db";
import { followBuildLog, type LogEvent } from "./follow-log";

/**
 * A build's live log as a `text/event-stream` body (the build page's EventSource):
 *
 *   id: <event id>            ← the browser sends it back as Last-Event-ID when it reconnects
 *   data: {"lines":[…]}
 *
 * ending with `event: done`. Followers of one build mostly receive the same events (same lines, same
 * ids, from the log hub's one read), so each event is serialised and encoded once per process and the
 * bytes are shared: 200 followers cost one JSON.stringify per batch, not 200. The stream is pulled:
 * the next event is read only when the socket took the previous one, so a slow follower holds one
 * event in memory and catches up from Redis at its own cursor instead of buffering without bound.
 */
const encoder = new TextEncoder();
/** How long an encoded event is kept for the other followers at the same place (they take it within a few ms). */
const SHARE_MS = 2_000;
const HEARTBEAT_MS = 15_000;

const shared = new Map<string, Uint8Array>();

function frame(buildId: string, previousId: string | null, event: LogEvent): Uint8Array {
  // The id alone does not fix the lines: a follower resumed mid-batch ends at the same id with fewer.
  const key = `${buildId}\u0000${previousId ?? ""}\u0000${event.id}`;
  let bytes = shared.get(key);
  if (!bytes) {
    const head = event.done ? "event: done\n" : "";
    bytes = encoder.encode(`${head}id: ${event.id}\ndata: ${JSON.stringify({ lines: event.lines })}\n\n`);
    shared.set(key, bytes);
    setTimeout(() => shared.delete(key), SHARE_MS).unref();
  }
  return bytes;
}

const HEARTBEAT = encoder.encode(": keep-alive\n\n");
/** Asks EventSource to wait 2 s before reconnecting after a dropped connection. */
const RETRY = encoder.encode("retry: 2000\n\n");

export function buildLogEventStream(
  deps: { db: Db; redis: Redis; prefix: string },
  buildId: string,
  lastEventId: string | null,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener("abort", abort, { once: true });
  const events = followBuildLog(deps, buildId, lastEventId, stop.signal);
  let previousId = lastEventId;
  let pending: Promise<IteratorResult<LogEvent>> | null = null;
  let finished = false;
  const close = () => {
    finished = true;
    signal.removeEventListener("abort", abort);
    stop.abort();
    void events.return(undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(RETRY);
      },
      async pull(controller) {
        if (finished) return;
        pending ??= events.next();
        let timer: NodeJS.Timeout | undefined;
        const beat = new Promise<"beat">((resolve) => (timer = setTimeout(() => resolve("beat"), HEARTBEAT_MS)));
        const next = await Promise.race([pending, beat]).finally(() => clearTimeout(timer));
        if (next === "beat") return controller.enqueue(HEARTBEAT);
        pending = null;
        if (next.done || stop.signal.aborted) {
          close();
          return controller.close();
        }
        controller.enqueue(frame(buildId, previousId, next.value));
        previousId = next.value.id;
        if (next.value.done) {
          close();
          controller.close();
        }
      },
      cancel: close,
    },
    // One event at a time: the socket's own buffer is the follower's buffer.
    { highWaterMark: 1 },
  );
}
