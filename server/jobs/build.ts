import { z } from "zod";
import { defineJob } from "./define-job";

/** Runs one build. The Build row exists first; the payload is its id. */
export const buildJob = defineJob({
  name: "build",
  queue: "builds",
  payload: z.object({ buildId: z.string().min(1) }),
  attempts: 1,
  // jobId = build id: a second enqueue of the same build collapses into the first. A delayed
  // retry (instance busy) needs its own id, since the first job is still active.
  jobId: ({ buildId }, { delayMs }) => (delayMs ? `${buildId}-retry-${Date.now()}` : buildId),
});
