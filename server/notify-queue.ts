import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";

/**
 * The notifications queue: one job per delivery (payload: its id; jobId = delivery id, so a
 * duplicate enqueue collapses). Retries with exponential backoff are BullMQ's; the worker records
 * every attempt. Kept apart from the build queue so a slow channel never takes a build's slot.
 * (Moves into the shared job catalog once it exists.)
 */
export const NOTIFY_QUEUE = "notifications";

export const deliverJobSchema = z.object({ deliveryId: z.string().min(1) });

export interface NotificationQueue {
  enqueue(deliveryId: string): Promise<void>;
  close(): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export function createNotificationQueue(connection: ConnectionOptions, prefix: string, retry: RetryPolicy): NotificationQueue {
  const queue = new Queue(NOTIFY_QUEUE, { connection, prefix });
  return {
    async enqueue(deliveryId) {
      await queue.add("deliver", deliverJobSchema.parse({ deliveryId }), {
        jobId: deliveryId,
        attempts: retry.attempts,
        backoff: { type: "exponential", delay: retry.backoffMs },
        removeOnComplete: 1000,
        removeOnFail: 1000,
      });
    },
    close: () => queue.close(),
  };
}

const globalForNotify = globalThis as unknown as { slipwayNotifyQueues?: Map<string, NotificationQueue> };

/** One queue per Redis prefix in a process (the web process and tests make callers on the fly). */
export function sharedNotificationQueue(
  connection: ConnectionOptions,
  env: { REDIS_PREFIX: string; NOTIFY_ATTEMPTS: number; NOTIFY_BACKOFF_MS: number },
) {
  globalForNotify.slipwayNotifyQueues ??= new Map();
  let q = globalForNotify.slipwayNotifyQueues.get(env.REDIS_PREFIX);
  if (!q) {
    q = createNotificationQueue(connection, env.REDIS_PREFIX, { attempts: env.NOTIFY_ATTEMPTS, backoffMs: env.NOTIFY_BACKOFF_MS });
    globalForNotify.slipwayNotifyQueues.set(env.REDIS_PREFIX, q);
  }
  return q;
}
