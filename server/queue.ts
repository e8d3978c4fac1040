import type { ConnectionOptions } from "bullmq";
import { createJobQueues } from "./jobs/catalog";
import { buildJob } from "./jobs/build";

/** The `builds` queue of the job catalog (server/jobs/build.ts), in the shape producers use. */
export const BUILD_QUEUE = buildJob.queue;

export interface BuildQueue {
  enqueue(buildId: string, opts?: { delayMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function createBuildQueue(connection: ConnectionOptions, prefix: string): BuildQueue {
  const jobs = createJobQueues(connection, prefix);
  return {
    async enqueue(buildId, opts) {
      await jobs.enqueue("build", { buildId }, opts);
    },
    close: () => jobs.close(),
  };
}
