import { randomUUID } from "node:crypto";
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import { z } from "zod";
import type { RuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { toRepeat } from "../../server/domain/deployments/schedule-expression";
import type { Db } from "../../server/db";
import { toSpec } from "./instance-lookup";
import type { Pool } from "./pool";

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
export async function syncSchedules({ queue, instanceId, config }: { queue: Queue; instanceId: string; deploymentId?: string; config: RuntimeConfig }): Promise<string[]> {
  const wanted: string[] = [];
  for (const [functionName, fn] of Object.entries(config.functions)) {
    for (const [i, schedule] of fn.schedules.entries()) {
      if (!schedule.enabled) continue;
      const key = schedulerKey(instanceId, functionName, i);
      const data: ScheduleJob = { instanceId, functionName, expression: schedule.expression, ...(schedule.input !== undefined && { input: schedule.input }) };
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

export type ScheduledOutcome = { status: "invoked"; deploymentId: string; result: unknown } | { status: "skipped"; reason: string };

/** Runs one scheduled invocation against whatever deployment the instance serves now. */
export async function runScheduledInvocation({ db, pool, job, now = new Date() }: { db: Db; pool: Pool; job: unknown; now?: Date }): Promise<ScheduledOutcome> {
  const data = scheduleJobSchema.parse(job);
  const instance = await db.serviceInstance.findUnique({
    where: { id: data.instanceId },
    include: { currentDeployment: { select: { id: true, artifactPath: true, config: true } } },
  });
  // A schedule may fire after a destroy or a switch that dropped it; that is not an error.
  if (!instance || instance.removedAt) return { status: "skipped", reason: `instance ${data.instanceId} is gone` };
  if (!instance.currentDeployment) return { status: "skipped", reason: `instance ${data.instanceId} has no deployment` };
  const deployment = toSpec(instance.currentDeployment, instance);
  if (!deployment.config.functions[data.functionName]) {
    return { status: "skipped", reason: `deployment ${deployment.id} has no function '${data.functionName}'` };
  }
  const fullName = `${deployment.config.service}-${deployment.stage}-${data.functionName}`;
  // EventBridge sends a rule's constant input instead of the event when one is set.
  const event = data.input !== undefined ? data.input : {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "000000000000",
    time: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: deployment.region,
    resources: [`arn:aws:events:${deployment.region}:000000000000:rule/${fullName}-schedule`],
    detail: {},
  };
  const result = await pool.invoke(deployment, data.functionName, event);
  return { status: "invoked", deploymentId: deployment.id, result };
}

/** Consumes the schedules queue; a failed invocation fails the job (visible in BullMQ), nothing retries it. */
export function startScheduleWorker({ connection, prefix, db, pool, concurrency = 4 }: { connection: ConnectionOptions; prefix: string; db: Db; pool: Pool; concurrency?: number }) {
  return new Worker(SCHEDULES_QUEUE, (job) => runScheduledInvocation({ db, pool, job: job.data }), { connection, prefix, concurrency });
}
