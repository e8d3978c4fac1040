import type { Redis } from "ioredis";
import type { Db } from "../db";
import { readLog } from "./build-log";

export interface LogEvent {
  id: string;
  lines: string[];
  done: boolean;
}

const POLL_MS = 150;
const FINISHED = ["SUCCEEDED", "FAILED", "CANCELED", "SUPERSEDED"];

/**
 * Follows a build's log from `afterId` (null = the start): live from its Redis stream while it
 * runs; from PostgreSQL once the build is over and the stream has expired. Non-blocking reads on
 * the shared connection keep one Redis connection for any number of followers.
 */
export async function* followBuildLog(
  deps: { db: Db; redis: Redis; prefix: string },
  buildId: string,
  afterId: string | null,
  signal?: AbortSignal,
): AsyncGenerator<LogEvent> {
  if (afterId?.startsWith("db-")) return yield { id: afterId, lines: [], done: true };
  let cursor = afterId ?? "0";
  let idle = 0;
  while (!signal?.aborted) {
    const { batches, ended } = await readLog(deps.redis, deps.prefix, buildId, cursor, 0);
    for (const b of batches) {
      cursor = b.id;
      if (b.lines.length) yield { id: b.id, lines: b.lines, done: false };
    }
    if (ended) return yield { id: cursor, lines: [], done: true };
    if (batches.length === 0 && ++idle % 20 === 1) {
      // Nothing new for a while: is the build over with its stream gone (expired, Redis restarted)?
      const build = await deps.db.build.findUnique({ where: { id: buildId }, select: { status: true, log: true } });
      if (!build) return;
      if (FINISHED.includes(build.status) && cursor === "0") {
        const lines = build.log ? build.log.split("\n") : [];
        return yield { id: `db-${lines.length}`, lines, done: true };
      }
      if (FINISHED.includes(build.status) && idle > 40) return yield { id: cursor, lines: [], done: true };
    }
    if (batches.length) idle = 0;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
