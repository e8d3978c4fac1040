import type { Redis } from "ioredis";
import type { Db } from "../db";
import { readLog } from "./build-log";
import { logHub } from "./log-hub";

export interface LogEvent {
  id: string;
  lines: string[];
  done: boolean;
}

const POLL_MS = 150;
/** Longest wait on the hub before a follower reads Redis itself (the hub normally wakes it at once). */
const WAIT_MS = 1_000;
/** How often an idle follower asks PostgreSQL whether the build ended (sooner once entries were lost). */
const DB_CHECK_MS = 3_000;
const DB_CHECK_GAP_MS = 1_000;

/**
 * Followers of one build in one process mostly sit at the same cursor: they share one Redis read
 * (and one JSON parse) per poll instead of one each. Results are read-only to the followers.
 */
const inFlight = new Map<string, Promise<Awaited<ReturnType<typeof readLog>>>>();
function sharedRead(redis: Redis, prefix: string, buildId: string, cursor: string) {
  const key = `${prefix}\u0000${buildId}\u0000${cursor}`;
  let read = inFlight.get(key);
  if (!read) {
    read = readLog(redis, prefix, buildId, cursor, 0);
    inFlight.set(key, read);
    const forget = () => setTimeout(() => inFlight.delete(key), POLL_MS / 3);
    read.then(forget, forget);
  }
  return read;
}
const FINISHED = ["SUCCEEDED", "FAILED", "CANCELED", "SUPERSEDED", "REJECTED"];

/**
 * Follows a build's log from `afterId` (null = the start; else the id of the last event received).
 *
 * The guarantee: the lines of all events, in order and across any number of resumes, are exactly
 * the build's log (what PostgreSQL keeps when it ends), each line once. Live from the Redis stream
 * while its entries are contiguous (each carries the position of its first line); when entries are
 * missing — Redis restarted or trimmed them — the follower waits for the build to end and delivers
 * the rest from PostgreSQL. Event ids are `<stream id>|<lines delivered>` (`db-<lines>` from
 * PostgreSQL). At the live edge followers wait on the process's log hub (one blocking XREAD for
 * every followed build, on a connection of its own) and take what it read; behind it, they read
 * the shared connection without blocking.
 */
export function followBuildLog(
  deps: { db: Db; redis: Redis; prefix: string },
  buildId: string,
  afterId: string | null,
  signal?: AbortSignal,
): AsyncGenerator<LogEvent> {
  return followLog(deps, buildId, buildLogStore(deps.db), afterId, signal);
}

/**
 * Where a followed log is kept once its writer is done: whether it is over (and its text), and how
 * many lines the kept copy has. Builds keep theirs on the Build row; a release job on the Release row.
 */
export interface StoredLog {
  read(id: string): Promise<{ finished: boolean; log: string | null } | null>;
  lineCount(id: string): Promise<number>;
}

const buildLogStore = (db: Db): StoredLog => ({
  async read(id) {
    const build = await db.build.findUnique({ where: { id }, select: { status: true, log: true } });
    return build && { finished: FINISHED.includes(build.status), log: build.log };
  },
  lineCount: (id) => storedLineCount(db, id),
});

/** The same guarantee as followBuildLog, for any log a LogWriter writes to the stream of `buildId` and that is kept in `stored`. */
export async function* followLog(
  deps: { redis: Redis; prefix: string },
  buildId: string,
  stored: StoredLog,
  afterId: string | null,
  signal?: AbortSignal,
): AsyncGenerator<LogEvent> {
  if (afterId?.startsWith("db-")) return yield { id: afterId, lines: [], done: true };
  const [streamId, delivered] = (afterId ?? "0").split("|");
  let cursor = streamId;
  // Ids from before lines were numbered carry no count: trust the stream's positions from there.
  let next: number | null = delivered !== undefined ? Number(delivered) : afterId ? null : 0;
  let gap = false;
  const fromDb = async function* (log: string | null) {
    const lines = log ? log.split("\n").slice(next ?? Number.MAX_SAFE_INTEGER) : [];
    const total = (next ?? 0) + lines.length;
    yield { id: `db-${total}`, lines, done: true };
  };

  const hub = logHub(deps.redis, deps.prefix);
  const release = hub.follow(buildId, cursor);
  let lastDbCheck = Date.now();
  let idleSince = Date.now();
  try {
    while (!signal?.aborted) {
      let progressed = false;
      if (!gap) {
        const { batches, ended } = hub.take(buildId, cursor) ?? (await sharedRead(deps.redis, deps.prefix, buildId, cursor));
        for (const b of batches) {
          if (b.offset !== undefined && next !== null && b.offset > next) {
            gap = true; // Redis lost entries: the rest comes from PostgreSQL once the build ends
            break;
          }
          cursor = b.id;
          const start = b.offset ?? next ?? 0;
          next ??= start;
          const fresh = b.lines.slice(next - start);
          next += fresh.length;
          if (fresh.length) yield { id: `${cursor}|${next}`, lines: fresh, done: false };
        }
        if (!gap && ended) {
          // The end marker follows every line the worker shipped; an append that failed outright is
          // still in PostgreSQL, so count its lines there before saying done.
          const kept = await stored.lineCount(buildId);
          if (next !== null && kept > next) return yield* fromDb((await stored.read(buildId))?.log ?? null);
          return yield { id: `${cursor}|${next ?? 0}`, lines: [], done: true };
        }
        progressed = batches.length > 0;
      }
      if (progressed) {
        idleSince = lastDbCheck = Date.now();
        continue;
      }
      if (Date.now() - lastDbCheck >= (gap ? DB_CHECK_GAP_MS : DB_CHECK_MS)) {
        // Nothing new for a while (or entries lost): is the build over with its log in PostgreSQL?
        lastDbCheck = Date.now();
        const build = await stored.read(buildId);
        if (!build) return;
        if (build.finished && (gap || next !== null)) return yield* fromDb(build.log);
        if (build.finished && Date.now() - idleSince > 6_000) return yield { id: `${cursor}|0`, lines: [], done: true };
      }
      if (gap) await new Promise((r) => setTimeout(r, POLL_MS));
      else await hub.wait(buildId, cursor, WAIT_MS, signal);
    }
  } finally {
    release();
  }
}

async function storedLineCount(db: Db, buildId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number | null }[]>`
    SELECT CASE WHEN log IS NULL OR log = '' THEN 0 ELSE length(log) - length(replace(log, E'\n', '')) + 1 END::int AS n
    FROM "Build" WHERE id = ${buildId}`;
  return rows[0]?.n ?? 0;
}
