import { z } from "zod";
import { defineJob } from "./define-job";

const empty = z.object({}).strict();

/**
 * The periodic jobs. Each runs on one worker per tick (a BullMQ job scheduler), so nothing needs a
 * lock of its own; a tick that fails is logged and the next one tries again (attempts: 1).
 */
export const reapBuildsJob = defineJob({
  name: "reap-builds",
  queue: "jobs",
  payload: empty,
  attempts: 1,
  // A small BUILD_STALE_MS (tests) makes the reaper look more often, so a dead worker's build is
  // failed within about 1.3 × BUILD_STALE_MS; queued builds Redis forgot wait twice that.
  every: (env) => Math.min(10_000, Math.max(250, Math.floor(env.BUILD_STALE_MS / 3))),
});

export const reconcilePreviewsJob = defineJob({
  name: "reconcile-previews",
  queue: "jobs",
  payload: empty,
  attempts: 1,
  every: () => 60_000,
});

/** Builds waiting for an approval are never enqueued: announce them from here. */
export const emitApprovalEventsJob = defineJob({
  name: "emit-approval-events",
  queue: "jobs",
  payload: empty,
  attempts: 1,
  every: () => 2_000,
});

/** Uploaded working copies (slipway deploy) are kept a week; looking once an hour is plenty. */
export const pruneUploadsJob = defineJob({ name: "prune-uploads", queue: "jobs", payload: empty, attempts: 1, every: () => 3_600_000 });

export const pollRepositoriesJob = defineJob({
  name: "poll-repositories",
  queue: "jobs",
  payload: empty,
  attempts: 1,
  every: (env) => env.GIT_POLL_INTERVAL_MS,
});

/** The safety net of settle-release (a build failed by the reaper or cancelled before it ran ends no run-build). */
export const settleReleasesJob = defineJob({ name: "settle-releases", queue: "jobs", payload: empty, attempts: 1, every: () => 30_000 });
