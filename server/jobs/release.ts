import { z } from "zod";
import { defineJob } from "./define-job";

/**
 * A promotion, revert rollback or "make it permanent" someone asked for: the Release row exists
 * (QUEUED, with who, why and what); the worker does its git work (fetch, merge or revert, push) and
 * queues the prod builds. Ids and the user's answer only: the credentials are read by the worker.
 */
export const releaseJob = defineJob({
  name: "release",
  queue: "jobs",
  payload: z.object({
    releaseId: z.string().min(1).max(100),
    /** The user agreed to a merge commit on the prod branch (a promotion only). */
    confirmMerge: z.boolean().optional(),
  }),
  // A push is not repeated behind the user's back: a job that dies leaves the release RUNNING, and
  // the settle sweep fails it with its reason once it is lost.
  attempts: 1,
  jobId: ({ releaseId }) => `release-${releaseId}`,
});
