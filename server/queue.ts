import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";

/** Queue names and job payloads shared by the producers (web, watcher) and the worker. */
export const BUILD_QUEUE = "builds";

export const buildJobSchema = z.object({ buildId: z.string().min(1) });
export type BuildJob = z.infer<typeof buildJobSchema>;

export interface BuildQueue {
  enqueue(buildId: string, opts?: { delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function createBuildQueue(connection: ConnectionOptions, prefix: string): BuildQueue {
  const queue = new Queue(BUILD_QUEUE, { connection, prefix });
  return {
    async enqueue(buildId, opts) {
      const data = buildJobSchema.parse({ buildId });
      // jobId = build id: a second enqueue of the same build collapses into the first. A delayed
      // retry (instance busy) needs its own id, since the first job is still active.
      const jobId = opts?.delayMs ? `${buildId}-retry-${Date.now()}` : buildId;
      await queue.add("build", data, {
        jobId,
        delay: opts?.delayMs,
        removeOnComplete: 1000,
        removeOnFail: 1000,
        attempts: 1,
      });
    },
    close: () => queue.close(),
  };
}
