import { failStalledBuilds, requeueForgottenBuilds } from "../../server/domain/builds/reap-builds";
import { pollRepository } from "../../server/domain/triggers/poll-repository";
import { reconcilePreviews } from "../../server/domain/triggers/reconcile-previews";
import { emitApprovalEvents } from "../../server/domain/notifications/emit-approval-events";
import { pruneUploads } from "../../server/domain/cli/prune-uploads";
import type { JobHandler } from "./job-context";
import { settleReleasesOf } from "./releases";
import { logger } from "../../server/logger";

export const reapBuildsJobHandler: JobHandler<"reap-builds"> = async (ctx) => {
  const { db, env } = ctx.deps;
  const staleMs = env.BUILD_STALE_MS;
  // Heartbeats could not be written while the database was away: give live builds one window to
  // beat again before anything counts as stalled.
  if (ctx.database.paused() || Date.now() - ctx.database.backAt() < staleMs) return { skipped: "database just came back" };
  const failed = await failStalledBuilds(db, staleMs);
  for (const id of failed) await settleReleasesOf(ctx, id);
  const requeued = await requeueForgottenBuilds(db, ctx.buildQueue, 2 * staleMs);
  return { failed: failed.length, requeued };
};

export const reconcilePreviewsJobHandler: JobHandler<"reconcile-previews"> = async (ctx) => {
  const apps = await ctx.deps.db.app.findMany({ select: { id: true } });
  for (const app of apps) {
    await reconcilePreviews(ctx.deps, app.id, { ttlHours: ctx.deps.env.PREVIEW_TTL_HOURS }).catch((e) =>
      logger().error(`[worker] reconcile previews of app ${app.id}: ${(e as Error).message}`),
    );
  }
};

export const emitApprovalEventsJobHandler: JobHandler<"emit-approval-events"> = async (ctx) => {
  const { db, redis, env, notifications } = ctx.deps;
  return emitApprovalEvents({ db, queue: notifications }, redis, env.REDIS_PREFIX, env.NEXTAUTH_URL);
};

// Uploads live in the artifact store (the data folder or S3).
export const pruneUploadsJobHandler: JobHandler<"prune-uploads"> = (ctx) => pruneUploads(ctx.deps.db, ctx.deps.artifacts);

export const pollRepositoriesJobHandler: JobHandler<"poll-repositories"> = async (ctx) => {
  const apps = await ctx.deps.db.app.findMany({ select: { id: true } });
  for (const app of apps) await pollRepository(ctx.deps, app.id);
};
