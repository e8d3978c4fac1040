import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, type Harness } from "../../scripts/test/harness";
import { createJobQueues, type JobQueues } from "../../server/jobs/catalog";
import { closeDeps, createDeps, type AppDeps } from "../../server/composition";
import { createRedis } from "../../server/redis";
import { startWorker, type WorkerHandle } from "../start-worker";

/**
 * The job catalog on a real Redis: schedulers instead of timers, one run per tick across two
 * workers, made again when Redis forgot them, and payloads checked before anything is queued.
 */
let h: Harness;
let second: WorkerHandle;
let secondRedis: ReturnType<typeof createRedis>;
let secondDeps: AppDeps;
let jobs: JobQueues;

beforeAll(async () => {
  h = await startHarness({ BUILD_STALE_MS: "1500" });
  secondRedis = createRedis(h.env.REDIS_URL);
  secondDeps = createDeps(h.env, { db: h.db, redis: secondRedis });
  second = await startWorker(secondDeps);
  jobs = createJobQueues(h.redis, h.env.REDIS_PREFIX);
}, 120_000);

afterAll(async () => {
  await second?.close();
  if (secondDeps) await closeDeps(secondDeps);
  secondRedis?.disconnect();
  await jobs?.close();
  await h?.close();
});

describe("job schedulers", () => {
  it("replace the worker's timers: one scheduler per periodic job, polling off at GIT_POLL_INTERVAL_MS=0", async () => {
    const schedulers = await jobs.queueOf("reap-builds").getJobSchedulers(0, -1);
    expect(Object.fromEntries(schedulers.map((s) => [s.key, s.every])).valueOf()).toEqual({
      "reap-builds": 500,
      "reconcile-previews": 60_000,
      "emit-approval-events": 2_000,
      "prune-uploads": 3_600_000,
      "settle-releases": 30_000,
    });
  });

  it("run each tick once across two workers; a build whose worker died is reaped and its release, never looked at, ends FAILED", async () => {
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const instance = await h.db.serviceInstance.create({
      data: { appId: h.appId, serviceId: database.id, stage: "reaped", region: "us-east-1" },
    });
    const dead = await h.db.build.create({
      data: {
        serviceId: database.id,
        instanceId: instance.id,
        trigger: "manual",
        commitSha: "0".repeat(40),
        status: "RUNNING",
        startedAt: new Date(),
        heartbeatAt: new Date(Date.now() - 60_000),
      },
    });
    const release = await h.db.release.create({ data: { orgId: h.orgId, appId: h.appId, kind: "PROMOTE", buildIds: [dead.id] } });
    const failed = await waitFor(
      "the reaper",
      async () => {
        const b = await h.db.build.findUniqueOrThrow({ where: { id: dead.id } });
        return b.status === "FAILED" && b;
      },
      10_000,
    );
    expect(failed.error).toMatch(/stopped responding/);
    // Settled by the settle-release job the reaper queued, long before the 30 s sweep.
    const settled = await waitFor(
      "the release to settle",
      async () => {
        const r = await h.db.release.findUniqueOrThrow({ where: { id: release.id } });
        return r.status !== "RUNNING" && r;
      },
      5_000,
    );
    expect([settled.status, settled.error]).toEqual([
      "FAILED",
      expect.stringMatching(/^Build #\d+ failed: The worker running this build stopped responding/),
    ]);
    await new Promise((r) => setTimeout(r, 2_000));
    const ticks = await jobs.queueOf("reap-builds").getJobs(["completed"], 0, -1);
    const reaps = ticks.filter((j) => j.name === "reap-builds");
    expect(reaps.length).toBeGreaterThanOrEqual(3);
    // Every tick is its own job, and each ran exactly once (one attempt, never two workers).
    expect(new Set(reaps.map((j) => j.id)).size).toBe(reaps.length);
    expect(reaps.every((j) => j.attemptsMade === 1)).toBe(true);
    // A scheduler's job id ends with the time it is due: 500 ms apart, none produced twice by the two workers.
    const due = reaps.map((j) => Number(j.id!.split(":").at(-1))).sort((a, b) => a - b);
    for (let i = 1; i < due.length; i++) expect(due[i] - due[i - 1]).toBeGreaterThanOrEqual(500);
  });

  it("are made again when Redis forgot them (a restart without persistence)", async () => {
    const queue = jobs.queueOf("reap-builds");
    for (const s of await queue.getJobSchedulers(0, -1)) await queue.removeJobScheduler(s.key);
    expect(await queue.getJobSchedulersCount()).toBe(0);
    // The workers' connections drop and come back, as after a Redis restart.
    h.redis.disconnect(true);
    secondRedis.disconnect(true);
    await waitFor("the schedulers again", async () => (await queue.getJobSchedulersCount()) === 5, 10_000);
  });
});

describe("enqueueing through the catalog", () => {
  it("refuses a payload its schema refuses, before anything reaches Redis", async () => {
    const before = await jobs.queueOf("push").count();
    await expect(
      jobs.enqueue("push", { source: "github", delivery: "../x", change: { event: "push", appId: "a", branch: "b", after: "HEAD" } }),
    ).rejects.toThrow();
    await expect(jobs.enqueue("settle-release", { releaseId: "", buildId: "b" })).rejects.toThrow();
    expect(await jobs.queueOf("push").count()).toBe(before);
  });

  it("collapses duplicates by job id: one job per GitHub delivery", async () => {
    const change = { event: "delete" as const, appId: h.appId, branch: "nowhere" };
    const a = await jobs.enqueue("push", { source: "github", delivery: "same-delivery", change });
    const b = await jobs.enqueue("push", { source: "github", delivery: "same-delivery", change });
    expect([a, b]).toEqual(["push-github-same-delivery", "push-github-same-delivery"]);
  });
});
