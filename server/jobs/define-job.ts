import type { z } from "zod";
import type { Env } from "../env";

/**
 * One entry of the job catalog (server/jobs/catalog.ts): what a producer needs to enqueue it and
 * what the worker needs to run it safely — the payload schema (parsed at enqueue and again when the
 * job runs), retries, and, for jobs whose duplicates must collapse, a deterministic job id. The
 * handler lives in worker/jobs/ (the web process never loads worker code).
 */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  name: string;
  /** The BullMQ queue it runs on: "builds" (its own slots, one per WORKER_CONCURRENCY) or "jobs". */
  queue: "builds" | "jobs";
  payload: P;
  attempts: number;
  /** Exponential backoff between attempts. */
  backoffMs?: number;
  /** Same id = the same job: a second enqueue while the first is kept collapses into it. */
  jobId?: (payload: z.infer<P>, opts: { delayMs?: number }) => string | undefined;
  /** While a job with this id waits or runs, an equal enqueue is dropped (BullMQ deduplication); once it ended, a new one runs. */
  deduplicationId?: (payload: z.infer<P>) => string | undefined;
  /** A scheduled job: every this many ms, one run across all workers (BullMQ job scheduler); 0 = off. */
  every?: (env: Env) => number;
}

export const defineJob = <P extends z.ZodType>(definition: JobDefinition<P>) => definition;
