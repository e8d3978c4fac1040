import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import { createPool, readInvocationLogs, type Pool } from "./pool";
import { createSchedulesQueue, removeSchedules, runScheduledInvocation, startScheduleWorker, syncSchedules } from "./schedules";
import { cleanup, createDeployment, createInstance, serverlessYml, writeArtifact, testCipher } from "./testing/fixtures";

let t: TestDb;
let redis: Redis;
let queue: Queue;
let pool: Pool;
const prefix = testRedisPrefix();
const dirs: string[] = [];
let instanceId: string;

beforeAll(async () => {
  t = await createTestDb();
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  queue = createSchedulesQueue(redis, prefix);
  pool = createPool({ redis, prefix });
  instanceId = (await createInstance(t.db)).id;
  const dir = await writeArtifact("v1");
  dirs.push(dir);
  const d = await createDeployment(t.db, instanceId, dir);
  await t.db.serviceInstance.update({ where: { id: instanceId }, data: { currentDeploymentId: d.id } });
});

afterAll(async () => {
  await pool?.close();
  await queue?.close();
  await cleanup(redis, prefix, dirs);
  await redis?.quit();
  await t?.drop();
});

describe("schedules", () => {
  it("creates a job scheduler per enabled schedule and removes the ones a new deployment dropped", async () => {
    const config = toRuntimeConfig(serverlessYml());
    const other = "other-instance";
    await syncSchedules({ queue, instanceId: other, config });
    expect(await syncSchedules({ queue, instanceId, config })).toEqual([`${instanceId}:tick:0`]);
    const scheduler = await queue.getJobScheduler(`${instanceId}:tick:0`);
    expect(scheduler).toMatchObject({ every: 60_000, name: "invoke-schedule", template: { data: { instanceId, functionName: "tick" } } });

    const yml = serverlessYml();
    yml.functions.tick.events = [{ schedule: "cron(0 12 ? * 2-6 *)" }, { schedule: { rate: "rate(1 hour)", enabled: false } } as never];
    await syncSchedules({ queue, instanceId, config: toRuntimeConfig(yml) });
    expect(await queue.getJobScheduler(`${instanceId}:tick:0`)).toMatchObject({ pattern: "0 12 * * 1-5", tz: "UTC" });

    delete (yml.functions as Record<string, unknown>).tick;
    await syncSchedules({ queue, instanceId, config: toRuntimeConfig(yml) });
    const keys = (await queue.getJobSchedulers(0, -1)).map((s) => s.key);
    expect(keys).toEqual([`${other}:tick:0`]); // another instance's schedulers are untouched
    await removeSchedules(queue, other);
    expect(await queue.getJobSchedulersCount()).toBe(0);
  });

  it("invokes the function with a scheduled event through the pool", async () => {
    const outcome = await runScheduledInvocation({
      db: t.db,
      cipher: testCipher(),
      pool,
      job: { instanceId, functionName: "tick", expression: "rate(1 minute)" },
    });
    expect(outcome).toMatchObject({ status: "invoked", result: { source: "aws.events", type: "Scheduled Event" } });
    await pool.flushLogs();
    const lines = await readInvocationLogs(redis, prefix, instanceId, 50);
    expect(lines.some((l) => l.fn === "tick" && l.line === "tick aws.events")).toBe(true);
    const gone = await runScheduledInvocation({
      db: t.db,
      cipher: testCipher(),
      pool,
      job: { instanceId: "nope", functionName: "tick", expression: "rate(1 minute)" },
    });
    expect(gone).toEqual({ status: "skipped", reason: "instance nope is gone" });
    await expect(runScheduledInvocation({ db: t.db, cipher: testCipher(), pool, job: { instanceId } })).rejects.toThrow();
  });

  it("runs the first job of a rate schedule through the schedule worker", async () => {
    const worker = startScheduleWorker({
      connection: redis.duplicate({ maxRetriesPerRequest: null }),
      prefix,
      db: t.db,
      cipher: testCipher(),
      pool,
    });
    try {
      const done = new Promise<unknown>((resolve, reject) => {
        // Jobs left queued by the first test (another instance) complete as "skipped"; wait for ours.
        worker.on("completed", (job, result) => job.data.instanceId === instanceId && resolve(result));
        worker.on("failed", (_job, e) => reject(e));
      });
      await syncSchedules({ queue, instanceId, config: toRuntimeConfig(serverlessYml()) });
      expect(await done).toMatchObject({ status: "invoked", result: { source: "aws.events" } });
    } finally {
      await worker.close();
      await removeSchedules(queue, instanceId);
    }
  });
});
