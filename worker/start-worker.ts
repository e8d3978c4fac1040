import os from "node:os";
import { randomBytes } from "node:crypto";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../server/db";
import type { Env } from "../server/env";
import { BUILD_QUEUE, buildJobSchema, createBuildQueue } from "../server/queue";
import { claimBuild } from "../server/domain/builds/claim-build";
import { failStalledBuilds, requeueForgottenBuilds } from "../server/domain/builds/reap-builds";
import { pollRepository } from "../server/domain/triggers/poll-repository";
import { reconcilePreviews } from "../server/domain/triggers/reconcile-previews";
import { reportDepsFromEnv } from "../server/domain/github/report-build";
import { createCipher } from "../server/domain/secrets/cipher";
import { pruneUploads } from "../server/domain/cli/prune-uploads";
import type { WorkerDeps } from "./build-context";
import { noteInLog, runBuild } from "./run-build";
import { startRuntime } from "./runtime/server";
import { runtimeAddress } from "../server/domain/deployments/instance-url";
import { createSchedulesQueue } from "./runtime/schedules";
import { createRuntimeClient } from "../server/runtime/contract";
import { artifactStoreFor } from "../server/artifacts/artifact-store";
import { startLocalCloudOrJoin } from "./targets/local-cloud/start";
import { createNotificationQueue } from "../server/notify-queue";
import { startNotificationsWorker } from "./notifications";
import { emitApprovalEvents } from "../server/domain/notifications/emit-approval-events";

export interface WorkerHandle {
  id: string;
  runtimeUrl: string | null;
  /** True while the worker takes no new builds because its database does not answer. */
  isPaused(): boolean;
  close(): Promise<void>;
}

const DB_PING_MS = 1_000;
const DB_PING_TIMEOUT_MS = 3_000;

/**
 * Everything a worker process runs: the build consumer, the git watcher, the reaper of dead
 * builds, and (unless disabled) the local runtime, which also runs the scheduled functions.
 */
export async function startWorker(env: Env, db: Db, redis: Redis): Promise<WorkerHandle> {
  const id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const prefix = env.REDIS_PREFIX;
  const connection = redis.duplicate();
  const scheduleQueue = createSchedulesQueue(connection, prefix);
  const buildQueue = createBuildQueue(connection, prefix);
  const localCloud = await startLocalCloudOrJoin(env, db, redis);
  const notifyQueue = createNotificationQueue(connection, prefix, { attempts: env.NOTIFY_ATTEMPTS, backoffMs: env.NOTIFY_BACKOFF_MS });
  const runtime =
    env.RUNTIME_EMBEDDED === "on"
      ? await startRuntime({ db, redis, prefix, port: env.RUNTIME_PORT, host: env.RUNTIME_HOST, localCloud: localCloud.link, address: runtimeAddress(env), dashboardUrl: env.NEXTAUTH_URL, artifacts: artifactStoreFor(env) })
      : null;
  const runtimeClient = createRuntimeClient({ redis, prefix });
  const deps: WorkerDeps = {
    db,
    redis,
    env,
    cipher: createCipher(env.SLIPWAY_ENCRYPTION_KEY),
    scheduleQueue,
    localCloud: localCloud.link,
    // Whichever runtime takes the prepare job (this process's own, or one on another host) warms the deployment.
    runtime: runtimeClient,
    artifacts: artifactStoreFor(env),
    notify: notifyQueue,
  };
  // A runtime on a random port (tests) has no preconfigured public URL: link to where it listens.
  const runtimeUrl = { publicUrl: runtime && env.RUNTIME_PORT === 0 ? runtime.url : env.RUNTIME_PUBLIC_URL!, domain: env.RUNTIME_DOMAIN };
  deps.github = reportDepsFromEnv(env, { db, redis, cipher: deps.cipher, runtimeUrl });

  const builds = new Worker(
    BUILD_QUEUE,
    async (job) => {
      const { buildId } = buildJobSchema.parse(job.data);
      const claim = await claimBuild(db, buildId, id);
      if (claim === "gone") return;
      if (typeof claim === "object") {
        // A deploy freeze: the build sleeps as a delayed job and is looked at again when the window ends.
        await noteInLog(deps, buildId, claim.message);
        await buildQueue.enqueue(buildId, { delayMs: Math.max(1000, claim.held.getTime() - Date.now() + 250) });
        return;
      }
      if (claim === "busy") {
        // Another build of the same instance is running: wait for it, never deploy side by side.
        await noteInLog(deps, buildId, "Waiting for the running build of this stage to finish…");
        await buildQueue.enqueue(buildId, { delayMs: 1500 });
        return;
      }
      await runBuild(deps, buildId);
    },
    { connection: redis.duplicate(), prefix, concurrency: env.WORKER_CONCURRENCY, lockDuration: 60_000 },
  );

  const notifications = startNotificationsWorker({ db, env, cipher: deps.cipher, connection: redis.duplicate(), prefix });

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => Promise<unknown>) => {
    let busy = false;
    timers.push(
      setInterval(async () => {
        if (busy) return;
        busy = true;
        try {
          await fn();
        } catch (e) {
          console.error(`[worker] ${(e as Error).message}`);
        } finally {
          busy = false;
        }
      }, ms),
    );
  };
  // A small BUILD_STALE_MS (tests) makes the reaper look more often, so a dead worker's build is
  // failed within about 1.3 × BUILD_STALE_MS; queued builds Redis forgot wait twice that.
  const staleMs = env.BUILD_STALE_MS;
  let paused = false;
  let dbBackAt = 0;
  every(Math.min(10_000, Math.max(250, Math.floor(staleMs / 3))), async () => {
    // Heartbeats could not be written while the database was away: give live builds one window to
    // beat again before anything counts as stalled.
    if (paused || Date.now() - dbBackAt < staleMs) return;
    await failStalledBuilds(db, staleMs);
    await requeueForgottenBuilds(db, buildQueue, 2 * staleMs);
  });
  // No database, no builds: stop taking jobs while it does not answer (a job taken now would only
  // fail to claim), and take them again by ourselves once it is back.
  every(DB_PING_MS, async () => {
    const up = await pingDb(db);
    if (!up && !paused) {
      paused = true;
      await builds.pause(true);
      console.error("[worker] the database does not answer: paused taking builds");
    } else if (up && paused) {
      paused = false;
      dbBackAt = Date.now();
      builds.resume();
      console.log("[worker] the database is back: taking builds again");
    }
  });
  every(60_000, async () => {
    // One worker per minute reconciles (the others find the lock taken).
    if ((await redis.set(`${prefix}:reconcile-previews`, id, "EX", 55, "NX")) !== "OK") return;
    const apps = await db.app.findMany({ select: { id: true } });
    for (const app of apps) {
      await reconcilePreviews({ db, queue: buildQueue, dataDir: env.SLIPWAY_DATA_DIR, cipher: deps.cipher }, app.id, { ttlHours: env.PREVIEW_TTL_HOURS }).catch((e) =>
        console.error(`[worker] reconcile previews of app ${app.id}: ${(e as Error).message}`),
      );
    }
  });
  // Builds waiting for an approval are never enqueued: announce them from here (once each, across workers).
  every(2_000, () => emitApprovalEvents({ db, queue: notifyQueue }, redis, prefix, env.NEXTAUTH_URL));
  // Uploaded working copies (slipway deploy) are kept a week; only one worker needs to look each hour.
  every(3_600_000, () => pruneUploads(db, deps.artifacts));
  if (env.GIT_POLL_INTERVAL_MS > 0) {
    every(env.GIT_POLL_INTERVAL_MS, async () => {
      const apps = await db.app.findMany({ select: { id: true } });
      for (const app of apps) await pollRepository({ db, queue: buildQueue, dataDir: env.SLIPWAY_DATA_DIR, cipher: deps.cipher }, app.id);
    });
  }

  return {
    id,
    runtimeUrl: runtime?.url ?? null,
    isPaused: () => paused,
    async close() {
      for (const t of timers) clearInterval(t);
      // close() waits for running builds to finish: a deploy is never cut in half.
      await builds.close();
      // Deliveries are retried by the queue: one cut short here runs again elsewhere.
      await notifications.close(true);
      await notifyQueue.close();
      await scheduleQueue.close();
      await buildQueue.close();
      await runtimeClient.close();
      await runtime?.close();
      await localCloud.close();
      connection.disconnect();
    },
  };
}

async function pingDb(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), DB_PING_TIMEOUT_MS)));
  const ping = db.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
