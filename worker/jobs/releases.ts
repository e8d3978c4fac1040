import { settleRelease, type ReleaseDeps } from "../../server/domain/releases/release-app";
import { runRelease } from "../../server/domain/releases/run-release";
import type { JobContext, JobHandler } from "./job-context";

/** A build ended (ran, or was reaped): settle every RUNNING release it belongs to, now rather than when someone opens the page. */
export async function settleReleasesOf(ctx: JobContext, buildId: string) {
  const releases = await ctx.deps.db.release.findMany({ where: { status: "RUNNING", buildIds: { has: buildId } }, select: { id: true } });
  for (const r of releases) await ctx.jobs.enqueue("settle-release", { releaseId: r.id, buildId });
}

export const settleReleaseJobHandler: JobHandler<"settle-release"> = async (ctx, { releaseId }) => {
  const release = await settleRelease(ctx.deps.db, releaseId);
  return { status: release.status };
};

/** Every release still RUNNING, in case the end of one of its builds enqueued nothing (reaped, cancelled while queued). */
export const settleReleasesJobHandler: JobHandler<"settle-releases"> = async (ctx) => {
  const running = await ctx.deps.db.release.findMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
  for (const r of running) await settleRelease(ctx.deps.db, r.id);
  return { looked: running.length };
};

/** The release deps from the worker's composition root: its database, Redis, build queue, cipher and notification queue. */
function workerReleaseDeps(ctx: JobContext): ReleaseDeps {
  const { db, redis, env, cipher, notifications } = ctx.deps;
  return {
    db,
    redis,
    queue: ctx.buildQueue,
    dataDir: env.SLIPWAY_DATA_DIR,
    redisPrefix: env.REDIS_PREFIX,
    env,
    cipher,
    notify: { sink: { db, queue: notifications }, dashboardUrl: env.NEXTAUTH_URL },
  };
}

/** A promotion, revert rollback or "make it permanent" someone asked for: its git work, live-logged (server/domain/releases/run-release.ts). */
export const releaseJobHandler: JobHandler<"release"> = (ctx, payload) => runRelease(workerReleaseDeps(ctx), payload);
