import type { Redis } from "ioredis";
import { logKey, parseEntries, type ReadResult } from "./build-log";

/**
 * One blocking XREAD per process for every build being followed. Followers at the live edge wait
 * here instead of polling, and the hub's read is what they all consume (`take`): a batch reaches
 * every follower about one Redis round trip after the worker wrote it, whatever their number.
 *
 * The hub is an accelerator, never the source of truth: a follower that finds nothing here reads
 * Redis itself, and a wait always ends within `maxMs`, so a lost connection only slows followers
 * down to polling. The blocking connection exists only while someone follows a build.
 */
interface Followed {
  /** The newest entry id the hub has read for this build (its next XREAD starts after it). */
  lastId: string;
  /** The last read, keyed by the id it started after: followers at that cursor take it. */
  read: { after: string; result: ReadResult } | null;
  waiters: Set<() => void>;
  /** Followers registered on this build (the build is dropped when it reaches 0). */
  followers: number;
}

const hubs = new WeakMap<Redis, Map<string, LogHub>>();

export function logHub(redis: Redis, prefix: string): LogHub {
  let byPrefix = hubs.get(redis);
  if (!byPrefix) hubs.set(redis, (byPrefix = new Map()));
  let hub = byPrefix.get(prefix);
  if (!hub) byPrefix.set(prefix, (hub = new LogHub(redis, prefix)));
  return hub;
}

const BLOCK_MS = 5_000;

export class LogHub {
  private readonly builds = new Map<string, Followed>();
  private blocking: Redis | null = null;
  private blockingId: number | null = null;
  private running = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Starts following a build from `cursor` (the id a follower has read up to); returns the release. */
  follow(buildId: string, cursor: string): () => void {
    let entry = this.builds.get(buildId);
    if (!entry) {
      this.builds.set(buildId, (entry = { lastId: cursor, read: null, waiters: new Set(), followers: 0 }));
      this.restartRead();
    }
    entry.followers++;
    this.ensureRunning();
    return () => {
      const e = this.builds.get(buildId);
      if (e && --e.followers <= 0) this.builds.delete(buildId);
    };
  }

  /** The hub's last read of `buildId` if it started exactly after `cursor`, else null. */
  take(buildId: string, cursor: string): ReadResult | null {
    const read = this.builds.get(buildId)?.read;
    return read && read.after === cursor ? read.result : null;
  }

  /** Resolves once the hub has seen entries after `cursor`, after `maxMs`, or on abort. */
  wait(buildId: string, cursor: string, maxMs: number, signal?: AbortSignal): Promise<void> {
    const entry = this.builds.get(buildId);
    if (!entry || compareIds(entry.lastId, cursor) > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      entry.waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  private ensureRunning() {
    if (this.running) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
      if (this.builds.size > 0) this.ensureRunning();
    });
  }

  private async loop() {
    let failures = 0;
    while (this.builds.size > 0) {
      try {
        const conn = await this.connection();
        const ids = [...this.builds.keys()];
        const keys = ids.map((id) => logKey(this.prefix, id));
        const after = ids.map((id) => this.builds.get(id)!.lastId);
        const res = (await conn.xread("COUNT", 500, "BLOCK", BLOCK_MS, "STREAMS", ...keys, ...after)) as
          [string, [string, string[]][]][] | null;
        failures = 0;
        for (const [key, entries] of res ?? []) {
          const index = keys.indexOf(key);
          const entry = this.builds.get(ids[index]!);
          if (!entry || entries.length === 0 || entry.lastId !== after[index]) continue;
          entry.read = { after: after[index]!, result: parseEntries(entries) };
          entry.lastId = entries[entries.length - 1]![0];
          for (const wake of [...entry.waiters]) wake();
        }
      } catch {
        // An unblocked read (a build was added) or a lost connection: start over, backing off on errors.
        if (this.blocking?.status !== "ready") {
          this.dropConnection();
          failures++;
          await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** failures)));
        }
      }
    }
    this.dropConnection();
  }

  private async connection(): Promise<Redis> {
    if (this.blocking) return this.blocking;
    // Named after the prefix, so CLIENT LIST shows whose blocking read it is.
    const conn = this.redis.duplicate({ maxRetriesPerRequest: 1, enableOfflineQueue: true, connectionName: `${this.prefix}:log-hub` });
    conn.on("error", () => {}); // reported through the failing read; followers fall back to polling
    this.blocking = conn;
    this.blockingId = Number(await conn.call("CLIENT", "ID"));
    return conn;
  }

  /** A new build joined: end the current blocking read so the next one includes it. */
  private restartRead() {
    if (this.blockingId === null || !this.blocking) return;
    this.redis.call("CLIENT", "UNBLOCK", String(this.blockingId), "ERROR").catch(() => {});
  }

  private dropConnection() {
    this.blocking?.disconnect();
    this.blocking = null;
    this.blockingId = null;
  }
}

/** Orders Redis stream ids ("<ms>-<seq>"; "0" is the start). */
export function compareIds(a: string, b: string): number {
  const [am, as = "0"] = a.split("-");
  const [bm, bs = "0"] = b.split("-");
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}
