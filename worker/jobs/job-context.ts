import type { Job } from "bullmq";
import type { JobName, JobPayload, JobQueues } from "../../server/jobs/catalog";
import type { BuildQueue } from "../../server/queue";
import type { WorkerDeps } from "../build-context";

/** What every job handler gets from the worker's composition root (worker/start-worker.ts). */
export interface JobContext {
  deps: WorkerDeps;
  jobs: JobQueues;
  buildQueue: BuildQueue;
  workerId: string;
  /** This process's view of its database: paused while it does not answer, and when it came back. */
  database: { paused(): boolean; backAt(): number };
}

export type JobHandler<N extends JobName> = (ctx: JobContext, payload: JobPayload<N>, job: Job) => Promise<unknown>;
