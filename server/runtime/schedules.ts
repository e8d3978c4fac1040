import { Queue, type ConnectionOptions } from "bullmq";
import { z } from "zod";
import type { RuntimeConfig } from "../domain/deployments/runtime-config";
import { toRepeat } from "../domain/deployments/schedule-expression";

/**
 * The producer side of scheduled functions, shared by web (instant rollback, teardown) and worker
 * (deploys): BullMQ job schedulers are data only, so moving them needs no runtime. The runtime
 * consumes the queue (worker/runtime/schedules.ts).
 */
export const SCHEDULES_QUEUE = "schedules";
export const SCHEDULE_JOB = "invoke-schedule";

/** Ids only (plus the schedule's constant input): the deployment to run is read when the job fires. */
export const scheduleJobSchema = z.object({
  instanceId: z.string().min(1),
  functionName: z.string().min(1),
  expression: z.string(),
  input: z.unknown().optional(),
});
export type ScheduleJob = z.infer<typeof scheduleJobSchema>;

export const createSchedulesQueue = (connection: ConnectionOptions, prefix: string) => new Queue(SCHEDULES_QUEUE, { connection, prefix });

// The instance id leads every scheduler key so an instance's schedulers can be found without an index.
const schedulerKey = (instanceId: string, fn: string, i: number) => `${instanceId}:${fn}:${i}`;

/** Makes the queue's schedulers for an instance exactly the enabled schedules of its current deployment. */
export async function syncSchedules({
  queue,
  instanceId,
  config,
}: {
  queue: Queue;
  instanceId: string;
  deploymentId?: string;
  config: RuntimeConfig;
}): Promise<string[]> {
  const wanted: string[] = [];
  for (const [functionName, fn] of Object.entries(config.functions)) {
    for (const [i, schedule] of fn.schedules.entries()) {
      if (!schedule.enabled) continue;
      const key = schedulerKey(instanceId, functionName, i);
      const data: ScheduleJob = {
        instanceId,
        functionName,
        expression: schedule.expression,
        ...(schedule.input !== undefined && { input: schedule.input }),
      };
      await queue.upsertJobScheduler(key, toRepeat(schedule.expression), { name: SCHEDULE_JOB, data });
      wanted.push(key);
    }
  }
  await removeSchedules(queue, instanceId, new Set(wanted));
  return wanted;
}

/** Removes an instance's schedulers (all of them when it is destroyed, all but `keep` on a sync). */
export async function removeSchedules(queue: Queue, instanceId: string, keep: Set<string> = new Set()): Promise<void> {
  const schedulers = await queue.getJobSchedulers(0, -1);
  for (const s of schedulers) {
    if (s.key.startsWith(`${instanceId}:`) && !keep.has(s.key)) await queue.removeJobScheduler(s.key);
  }
}
