import { z } from "zod";
import { defineJob } from "./define-job";

/** A build of a release ended: the release may now be SUCCEEDED or FAILED. */
export const settleReleaseJob = defineJob({
  name: "settle-release",
  queue: "jobs",
  payload: z.object({ releaseId: z.string().min(1), buildId: z.string().min(1) }),
  attempts: 3,
  backoffMs: 1_000,
  // One settle per (release, build): the end of the release's last build is never swallowed by an
  // earlier build's settle job.
  jobId: ({ releaseId, buildId }) => `settle-${releaseId}-${buildId}`,
});
