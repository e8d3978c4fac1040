import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import type { z } from "zod";
import type { JobDefinition } from "./define-job";
import { buildJob } from "./build";
import { pushJob } from "./push";
import { settleReleaseJob } from "./settle-release";
import { releaseJob } from "./release";
import { gitRemoteJob } from "./git-remote";
import {
  emitApprovalEventsJob,
  pollRepositoriesJob,
  pruneUploadsJob,
  reapBuildsJob,
  reconcilePreviewsJob,
  settleReleasesJob,
} from "./scheduled";

/**
 * The job catalog: every background job Slipway runs, name → definition (server/jobs/<name>.ts).
 * Its handler is the entry of the same name in worker/jobs/handlers.ts (the compiler insists on
 * one). Adding a job: a definition file, a line here, a handler.
 */
export const JOBS = {
  build: buildJob,
  push: pushJob,
  release: releaseJob,
  "git-remote": gitRemoteJob,
  "settle-release": settleReleaseJob,
  "reap-builds": reapBuildsJob,
  "reconcile-previews": reconcilePreviewsJob,
  "emit-approval-events": emitApprovalEventsJob,
  "prune-uploads": pruneUploadsJob,
  "poll-repositories": pollRepositoriesJob,
  "settle-releases": settleReleasesJob,
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const queueNames = () => [...new Set(JOB_NAMES.map((n) => JOBS[n].queue))];

/** Kept after they end, so a producer can read a job's outcome (e.g. the builds a push queued). */
const KEEP = { removeOnComplete: { count: 1000, age: 24 * 3600 }, removeOnFail: { count: 1000, age: 7 * 24 * 3600 } };

export function jobOptions<N extends JobName>(name: N, payload: JobPayload<N>, opts: { delayMs?: number } = {}): JobsOptions {
  const def = JOBS[name] as JobDefinition;
  const deduplication = def.deduplicationId?.(payload);
  return {
    jobId: def.jobId?.(payload, opts),
    ...(deduplication && { deduplication: { id: deduplication } }),
    delay: opts.delayMs,
    attempts: def.attempts,
    ...(def.backoffMs && { backoff: { type: "exponential", delay: def.backoffMs } }),
    ...KEEP,
  };
}

export interface JobQueues {
  /** Parses the payload and enqueues; returns the job's id. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: { delayMs?: number }): Promise<string>;
  /** The BullMQ queue a job runs on (for schedulers and reading a job's state). */
  queueOf(name: JobName): Queue;
  close(): Promise<void>;
}

/** The producer side of the catalog: one BullMQ queue per queue name, made on first use. */
export function createJobQueues(connection: ConnectionOptions, prefix: string): JobQueues {
  const queues = new Map<string, Queue>();
  const queueOf = (name: JobName) => {
    const q = JOBS[name].queue;
    let queue = queues.get(q);
    if (!queue) queues.set(q, (queue = new Queue(q, { connection, prefix })));
    return queue;
  };
  return {
    async enqueue(name, payload, opts) {
      const data = (JOBS[name].payload as z.ZodType).parse(payload) as JobPayload<typeof name>;
      const job = await queueOf(name).add(name, data, jobOptions(name, data, opts));
      return job.id!;
    },
    queueOf,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
