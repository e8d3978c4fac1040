import { Worker, type Job } from "bullmq";
import type { z } from "zod";
import type { AppDeps } from "../../server/deps";
import { JOBS, type JobName } from "../../server/jobs/catalog";
import { HANDLERS } from "../../worker/jobs/handlers";
import type { JobContext } from "../../worker/jobs/job-context";

/**
 * The worker's consumer of the `jobs` queue and nothing else (no builds, no schedulers, no
 * runtime), for an int test whose web calls ask a worker (server/jobs/ask-worker.ts): the real
 * catalog handlers, on `deps` — its env is the worker's (e.g. SLIPWAY_ALLOW_LOCAL_REPOS).
 */
export async function startJobsWorker(deps: AppDeps): Promise<{ close(): Promise<void> }> {
  const ctx: JobContext = {
    deps,
    jobs: deps.jobs,
    buildQueue: deps.queue,
    workerId: "test-jobs-worker",
    database: { paused: () => false, backAt: () => 0 },
  };
  const connection = deps.redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker(
    JOBS["git-remote"].queue,
    async (job: Job) => {
      const name = job.name as JobName;
      const payload = (JOBS[name].payload as z.ZodType).parse(job.data);
      return (HANDLERS[name] as (c: JobContext, p: unknown, j: Job) => Promise<unknown>)(ctx, payload, job);
    },
    { connection, prefix: deps.env.REDIS_PREFIX, concurrency: 2 },
  );
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
