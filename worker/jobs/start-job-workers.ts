import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";
import type { Env } from "../../server/env";
import { JOB_NAMES, JOBS, queueNames, type JobName, type JobQueues } from "../../server/jobs/catalog";
import { HANDLERS } from "./handlers";
import type { JobContext } from "./job-context";
import { logger, jobLogger } from "../../server/logger";

/** Consumers of the catalog's queues and its schedulers, for one worker process. */
export interface JobWorkers {
  pause(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
}

/** Non-build jobs are short (a fetch, a few queries): a handful at once per worker. */
const JOBS_CONCURRENCY = 4;

export async function startJobWorkers(opts: { env: Env; redis: Redis; jobs: JobQueues; ctx: JobContext }): Promise<JobWorkers> {
  const { env, redis, jobs, ctx } = opts;
  const prefix = env.REDIS_PREFIX;
  const run = async (job: Job) => {
    const name = job.name as JobName;
    if (!(name in JOBS)) throw new Error(`No such job in the catalog: ${job.name}`);
    // Parsed again here: the job may have been enqueued by another version of Slipway.
    const payload = (JOBS[name].payload as z.ZodType).parse(job.data);
    return (HANDLERS[name] as (c: JobContext, p: unknown, j: Job) => Promise<unknown>)(ctx, payload, job);
  };
  const workers = queueNames().map((queue) => {
    const builds = queue === "builds";
    const worker = new Worker(queue, run, {
      connection: redis.duplicate(),
      prefix,
      concurrency: builds ? env.WORKER_CONCURRENCY : JOBS_CONCURRENCY,
      // A build's lock is renewed while it runs; a worker that died frees it within a minute.
      lockDuration: builds ? 60_000 : 30_000,
    });
    worker.on("failed", (job, e) => {
      if (job && !builds)
        jobLogger(queue, job.id).error(`[worker] job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${e.message}`);
    });
    worker.on("error", (e) => logger().error(`[worker] queue ${queue}: ${e.message}`));
    return worker;
  });

  // The schedulers live in Redis, shared by every worker: each tick runs once, on one of them.
  // Upserting at start applies this configuration; after a reconnect (Redis may have restarted
  // and forgotten everything) only the missing ones are made again.
  const scheduled = JOB_NAMES.filter((n) => JOBS[n].every);
  const ensureSchedulers = async (onlyMissing: boolean) => {
    for (const name of scheduled) {
      const queue = jobs.queueOf(name);
      const every = JOBS[name].every!(env);
      if (every <= 0) {
        await queue.removeJobScheduler(name);
        continue;
      }
      if (onlyMissing && (await queue.getJobScheduler(name))) continue;
      await queue.upsertJobScheduler(name, { every }, { name, data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } });
    }
  };
  await ensureSchedulers(false);
  const onReady = () => void ensureSchedulers(true).catch((e) => logger().error(`[worker] job schedulers: ${(e as Error).message}`));
  redis.on("ready", onReady);

  return {
    async pause() {
      await Promise.all(workers.map((w) => w.pause(true)));
    },
    resume() {
      for (const w of workers) w.resume();
    },
    async close() {
      redis.off("ready", onReady);
      // close() waits for running jobs: a deploy is never cut in half.
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
