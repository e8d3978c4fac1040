import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";

/**
 * The notifications queue: one job per delivery (payload: its id; jobId = delivery id, so a
 * duplicate enqueue collapses). Retries with exponential backoff are BullMQ's; the worker records
 * every attempt. Kept apart from the build queue so a slow channel never takes a build's slot.
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
