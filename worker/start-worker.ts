import os from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../server/db";
import type { AppDeps } from "../server/deps";
import { reportDeps } from "../server/domain/github/report-build";
import type { WorkerDeps } from "./build-context";
import { startRuntime } from "./runtime/server";
import { runtimeAddress } from "../server/domain/deployments/instance-url";
import { startLocalCloudOrJoin } from "./targets/local-cloud/start";
import { startNotificationsWorker } from "./notifications";
import { startJobWorkers } from "./jobs/start-job-workers";
import { logger } from "../server/logger";

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
 * Everything a worker process runs: the consumers of the job catalog (builds, pushes, release
 * settling, and the scheduled reaper, reconciler, poller, pruner — server/jobs/catalog.ts,
 * handlers in worker/jobs/), notifications, and (unless disabled) the local runtime, which also
 * runs the scheduled functions. Its shared parts come from the composition root
 * (server/composition.ts), whose owner closes them after `close()`.
 */
export async function startWorker(app: AppDeps): Promise<WorkerHandle> {
  const { env, db, redis } = app;
  const id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const prefix = env.REDIS_PREFIX;
  const localCloud = await startLocalCloudOrJoin(env, db, redis);
  const runtime =
    env.RUNTIME_EMBEDDED === "on"
      ? await startRuntime({
          db,
          redis,
          prefix,
          port: env.RUNTIME_PORT,
          host: env.RUNTIME_HOST,
          localCloud: localCloud.link,
          address: runtimeAddress(env),
          dashboardUrl: env.NEXTAUTH_URL,
          artifacts: app.artifacts,
          cipher: app.cipher,
        })
      : null;
  // A runtime on a random port (tests) has no preconfigured public URL: link to where it listens.
  const runtimeUrl = { publicUrl: runtime && env.RUNTIME_PORT === 0 ? runtime.url : env.RUNTIME_PUBLIC_URL!, domain: env.RUNTIME_DOMAIN };
  // Whichever runtime takes a prepare job (this process's own, or one on another host) warms the deployment.
  const deps: WorkerDeps = { ...app, localCloud: localCloud.link, report: reportDeps(app, runtimeUrl) };
  const { jobs, queue: buildQueue } = app;

  let paused = false;
  let dbBackAt = 0;
  const consumers = await startJobWorkers({
    env,
    redis,
    jobs,
    ctx: { deps, jobs, buildQueue, workerId: id, database: { paused: () => paused, backAt: () => dbBackAt } },
  });

  const notifications = startNotificationsWorker({ deps: app, connection: redis.duplicate() });

  // No database, no jobs: stop taking them while it does not answer (a job taken now would only
  // fail to claim), and take them again by ourselves once it is back. A local timer, not a
  // scheduled job: it is about this process's own consumers, and a job could not reach a paused one.
  let pinging = false;
  const dbPing = setInterval(async () => {
    if (pinging) return;
    pinging = true;
    try {
      const up = await pingDb(db);
      if (!up && !paused) {
        paused = true;
        await consumers.pause();
        logger().error("[worker] the database does not answer: paused taking builds");
      } else if (up && paused) {
        paused = false;
        dbBackAt = Date.now();
        consumers.resume();
        logger().info("[worker] the database is back: taking builds again");
      }
    } catch (e) {
      logger().error(`[worker] ${(e as Error).message}`);
    } finally {
      pinging = false;
    }
  }, DB_PING_MS);

  return {
    id,
    runtimeUrl: runtime?.url ?? null,
    isPaused: () => paused,
    async close() {
      clearInterval(dbPing);
      // close() waits for running builds to finish: a deploy is never cut in half.
      await consumers.close();
      // Deliveries are retried by the queue: one cut short here runs again elsewhere.
      await notifications.close(true);
      await runtime?.close();
      await localCloud.close();
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
