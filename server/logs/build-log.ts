import type { Redis } from "ioredis";

/**
 * A build's live log: a capped Redis stream per build. Each entry carries a batch of lines, so a
 * reader gets them in few messages; the entry id is the resume point after a reconnect.
 */
const MAX_ENTRIES = 20_000;
const TTL_SECONDS = 60 * 60 * 24;

export const logKey = (prefix: string, buildId: string) => `${prefix}:log:${buildId}`;

export interface LogBatch {
  id: string;
  lines: string[];
  /** Position of the first line in the whole log, when the writer numbered it (lets followers spot lost entries). */
  offset?: number;
}

export async function appendLog(redis: Redis, prefix: string, buildId: string, lines: string[], offset?: number): Promise<void> {
  if (lines.length === 0) return;
  const key = logKey(prefix, buildId);
  const fields = offset === undefined ? ["l", JSON.stringify(lines)] : ["l", JSON.stringify(lines), "o", String(offset)];
  await redis
    .multi()
    .xadd(key, "MAXLEN", "~", String(MAX_ENTRIES), "*", ...fields)
    .expire(key, TTL_SECONDS)
    .exec();
}

/** Marks the stream finished so followers stop waiting. */
export async function endLog(redis: Redis, prefix: string, buildId: string): Promise<void> {
  await redis.xadd(logKey(prefix, buildId), "*", "end", "1");
}

export interface ReadResult {
  batches: LogBatch[];
  ended: boolean;
}

/** Reads batches after `afterId` ("0" = from the start), blocking up to blockMs when none are there. */
export async function readLog(redis: Redis, prefix: string, buildId: string, afterId: string, blockMs: number): Promise<ReadResult> {
  const key = logKey(prefix, buildId);
  const res = (
    blockMs > 0
      ? await redis.xread("COUNT", 500, "BLOCK", blockMs, "STREAMS", key, afterId)
      : await redis.xread("COUNT", 500, "STREAMS", key, afterId)
  ) as [string, [string, string[]][]][] | null;
  return parseEntries((res ?? []).flatMap(([, entries]) => entries));
}

/** Stream entries (as XREAD returns them) → batches of lines and whether the end marker came. */
export function parseEntries(entries: [string, string[]][]): ReadResult {
  const batches: LogBatch[] = [];
  let ended = false;
  for (const [id, fields] of entries) {
    const f = fieldsToObject(fields);
    if (f.end) ended = true;
    else if (f.l) batches.push({ id, lines: JSON.parse(f.l) as string[], offset: f.o === undefined ? undefined : Number(f.o) });
    else batches.push({ id, lines: [] });
  }
  return { batches, ended };
}

/** All lines currently in the stream (used to persist the whole log when a build ends). */
export async function readAll(redis: Redis, prefix: string, buildId: string): Promise<string[]> {
  const entries = (await redis.xrange(logKey(prefix, buildId), "-", "+")) as [string, string[]][];
  return entries.flatMap(([, fields]) => {
    const f = fieldsToObject(fields);
    return f.l ? (JSON.parse(f.l) as string[]) : [];
  });
}

function fieldsToObject(fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]] = fields[i + 1];
  return out;
}
