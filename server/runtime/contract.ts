import { Queue, QueueEvents, Worker, type ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { RuntimeConfig } from "../domain/deployments/runtime-config";
import { createSchedulesQueue, removeSchedules, syncSchedules } from "./schedules";

/**
 * The one contract between Slipway's processes and the runtime, shared by web (instant rollback)
 * and worker (deploys). Everything crosses through Redis, so web, worker and runtime may run on
 * different hosts:
 * - prepare: a `prepare-deployment` job on the runtime's own `runtime-control` queue, consumed by
 *   whichever runtime takes it (worker/runtime/server.ts), awaited with a timeout, its error text
 *   carried back. A queue of its own, not `builds`: an emergency rollback never waits behind builds.
 * - announce: the `runtime:instance-changed` pub/sub message every runtime drops its cache on.
 * - schedules: BullMQ job schedulers (data only), moved without any runtime.
 */
export const RUNTIME_CONTROL_QUEUE = "runtime-control";
export const PREPARE_DEPLOYMENT_JOB = "prepare-deployment";

export const prepareDeploymentJobSchema = z.object({ deploymentId: z.string().min(1).max(100) });

/** How long a caller waits for a runtime to warm a deployment (loading handlers, fetching the artifact). */
const PREPARE_TIMEOUT_MS = 60_000;

export const instanceChangedChannel = (prefix: string) => `${prefix}:runtime:instance-changed`;

export interface RuntimeClient {
  /** Warms every function of a deployment in a runtime; rejects with why it did not start. */
  prepare(deploymentId: string): Promise<void>;
  /** Tells every runtime that an instance now serves another deployment (or none). */
  announce(instanceId: string): Promise<void>;
  /** Makes the instance's schedulers those of the config it now serves. */
  syncSchedules(o: { instanceId: string; deploymentId?: string; config: RuntimeConfig }): Promise<void>;
  /** Drops every scheduler of an instance (it is being torn down). */
  removeSchedules(instanceId: string): Promise<void>;
  close(): Promise<void>;
}

interface RuntimeClientOptions {
  /** The caller's Redis; the client duplicates what it blocks on. */
  redis: Redis;
  prefix: string;
  timeoutMs?: number;
}

export function createRuntimeClient({ redis, prefix, timeoutMs = PREPARE_TIMEOUT_MS }: RuntimeClientOptions): RuntimeClient {
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  const queue = new Queue(RUNTIME_CONTROL_QUEUE, { connection, prefix });
  const schedules = createSchedulesQueue(connection, prefix);
  let events: QueueEvents | null = null;
  // QueueEvents holds a blocking connection: opened at the first prepare, not by every web request.
  const queueEvents = () =>
    (events ??= new QueueEvents(RUNTIME_CONTROL_QUEUE, { connection: redis.duplicate({ maxRetriesPerRequest: null }), prefix }));

  return {
    async prepare(deploymentId) {
      const data = prepareDeploymentJobSchema.parse({ deploymentId });
      const ev = queueEvents();
      await ev.waitUntilReady();
      // Kept a while after finishing so waitUntilFinished can read the outcome of a job that ended before it listened.
      const job = await queue.add(PREPARE_DEPLOYMENT_JOB, data, {
        attempts: 1,
        removeOnComplete: { age: 600, count: 1000 },
        removeOnFail: { age: 3600, count: 1000 },
      });
      try {
        await job.waitUntilFinished(ev, timeoutMs);
      } catch (e) {
        const message = (e as Error).message;
        if (/timed out before finishing/.test(message)) {
          // Nobody took it (no runtime running) or it hangs: it must not warm anything later by surprise.
          await job.remove().catch(() => undefined);
          throw new Error(`no runtime finished warming it within ${Math.round(timeoutMs / 1000)} s (is a runtime running?)`);
        }
        throw new Error(message);
      }
    },
    async announce(instanceId) {
      await redis.publish(instanceChangedChannel(prefix), instanceId);
    },
    async syncSchedules({ instanceId, deploymentId, config }) {
      await syncSchedules({ queue: schedules, instanceId, deploymentId, config });
    },
    async removeSchedules(instanceId) {
      await removeSchedules(schedules, instanceId);
    },
    async close() {
      await events?.close();
      await queue.close();
      await schedules.close();
      connection.disconnect();
    },
  };
}

/**
 * The runtime's consumer of the control queue. Concurrency above one: a rollback's prepare is not
 * held up by a deploy's slow one. A failed prepare fails the job with the load error as its reason.
 */
export function startRuntimeControlWorker({
  connection,
  prefix,
  prepare,
  concurrency = 4,
}: {
  connection: ConnectionOptions;
  prefix: string;
  prepare(deploymentId: string): Promise<void>;
  concurrency?: number;
}) {
  return new Worker(
    RUNTIME_CONTROL_QUEUE,
    async (job) => {
      if (job.name !== PREPARE_DEPLOYMENT_JOB) throw new Error(`unknown runtime-control job ${job.name}`);
      await prepare(prepareDeploymentJobSchema.parse(job.data).deploymentId);
    },
    { connection, prefix, concurrency },
  );
}
