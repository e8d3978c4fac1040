import { randomUUID } from "node:crypto";
import { Worker, type ConnectionOptions } from "bullmq";
import { SCHEDULES_QUEUE, scheduleJobSchema } from "../../server/runtime/schedules";
import type { Db } from "../../server/db";
import type { Cipher } from "../../server/domain/secrets/cipher";
import { toSpec } from "./instance-lookup";
import type { Pool } from "./pool";

export { createSchedulesQueue, syncSchedules, removeSchedules } from "../../server/runtime/schedules";

export type ScheduledOutcome = { status: "invoked"; deploymentId: string; result: unknown } | { status: "skipped"; reason: string };

/** Runs one scheduled invocation against whatever deployment the instance serves now. */
export async function runScheduledInvocation({
  db,
  cipher,
  pool,
  job,
  now = new Date(),
}: {
  db: Db;
  cipher: Cipher;
  pool: Pool;
  job: unknown;
  now?: Date;
}): Promise<ScheduledOutcome> {
  const data = scheduleJobSchema.parse(job);
  const instance = await db.serviceInstance.findUnique({
    where: { id: data.instanceId },
    include: { currentDeployment: { select: { id: true, artifactPath: true, artifactDigest: true, config: true } } },
  });
  // A schedule may fire after a destroy or a switch that dropped it; that is not an error.
  if (!instance || instance.removedAt) return { status: "skipped", reason: `instance ${data.instanceId} is gone` };
  if (!instance.currentDeployment) return { status: "skipped", reason: `instance ${data.instanceId} has no deployment` };
  const deployment = toSpec(instance.currentDeployment, instance, cipher);
  if (!deployment.config.functions[data.functionName]) {
    return { status: "skipped", reason: `deployment ${deployment.id} has no function '${data.functionName}'` };
  }
  const fullName = `${deployment.config.service}-${deployment.stage}-${data.functionName}`;
  // EventBridge sends a rule's constant input instead of the event when one is set.
  const event =
    data.input !== undefined
      ? data.input
      : {
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
export function startScheduleWorker({
  connection,
  prefix,
  db,
  cipher,
  pool,
  concurrency = 4,
}: {
  connection: ConnectionOptions;
  prefix: string;
  db: Db;
  cipher: Cipher;
  pool: Pool;
  concurrency?: number;
}) {
  return new Worker(SCHEDULES_QUEUE, (job) => runScheduledInvocation({ db, cipher, pool, job: job.data }), {
    connection,
    prefix,
    concurrency,
  });
}
