import type { Redis } from "ioredis";
import type { Db } from "../../../server/db";
import type { Env } from "../../../server/env";
import { getSandbox } from "../../sandbox/sandbox";
import { localCloudUrlKey, startLocalCloud, type LocalCloud } from "./server";
import { logger } from "../../../server/logger";

/** What a runtime needs to point its handlers at the local cloud. */
export interface LocalCloudLink {
  /** The endpoint now, or null when no local cloud runs. */
  url(): string | null;
  /** Where handler children reach it, when that differs from url() (a sandbox's view of the host). */
  handlerUrl?(): string | null;
  encryptionKey: string;
}

const REFRESH_MS = 2000;

/** Follows the endpoint another process announced in Redis (a runtime of its own, a second worker). */
export function joinLocalCloud(redis: Redis, prefix: string, encryptionKey: string): LocalCloudLink & { close(): void } {
  let current: string | null = null;
  const refresh = () =>
    redis.get(localCloudUrlKey(prefix)).then(
      (u) => void (current = u),
      () => undefined,
    );
  void refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  timer.unref();
  return { url: () => current, encryptionKey, close: () => clearInterval(timer) };
}

/**
 * The worker hosts the local cloud of its data folder. The emulators' stores take a lock: a second
 * worker on the same folder (or LOCAL_CLOUD=off) uses the one announced in Redis instead.
 */
export async function startLocalCloudOrJoin(env: Env, db: Db, redis: Redis): Promise<{ link: LocalCloudLink; close(): Promise<void> }> {
  const key = env.SLIPWAY_ENCRYPTION_KEY;
  let cloud: LocalCloud | null = null;
  if (env.LOCAL_CLOUD === "on") {
    try {
      cloud = await startLocalCloud({
        db,
        dataDir: env.SLIPWAY_DATA_DIR,
        encryptionKey: key,
        host: env.LOCAL_CLOUD_HOST,
        port: env.LOCAL_CLOUD_PORT,
      });
    } catch (e) {
      logger().warn(`[worker] the local cloud did not start here (${(e as Error).message}); using the one announced in Redis`);
    }
  }
  if (!cloud) {
    const joined = joinLocalCloud(redis, env.REDIS_PREFIX, key);
    await redis.get(localCloudUrlKey(env.REDIS_PREFIX)).then(
      (u) => u && logger().info(`[worker] local cloud at ${u}`),
      () => undefined,
    );
    return { link: joined, close: async () => joined.close() };
  }
  const url = cloud.url;
  await redis.set(localCloudUrlKey(env.REDIS_PREFIX), url);
  const hosted = cloud;
  // Sandboxed handlers of this process see the host only at the sandbox network's host address, and only the ports allowed there.
  const sandbox = getSandbox(env);
  let handlerUrl: string | null = null;
  if (sandbox.enabled) {
    const net = await sandbox.network();
    handlerUrl = await cloud.listenAlso(net.hostAddress);
    await net.allowHostPort(Number(new URL(handlerUrl).port));
  }
  return {
    link: { url: () => url, handlerUrl: () => handlerUrl ?? url, encryptionKey: key },
    async close() {
      // Only forget the announcement if it is still ours.
      if ((await redis.get(localCloudUrlKey(env.REDIS_PREFIX))) === url) await redis.del(localCloudUrlKey(env.REDIS_PREFIX));
      await hosted.close();
    },
  };
}
