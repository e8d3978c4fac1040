import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import type { Db } from "../../server/db";
import { createRedis } from "../../server/redis";
import { createBuildQueue } from "../../server/queue";
import { createCipher } from "../../server/domain/secrets/cipher";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { LogWriter } from "../../server/logs/log-writer";
import { endLog } from "../../server/logs/build-log";
import { followBuildLog } from "../../server/logs/follow-log";
import { createCaller } from "../../server/trpc/root";
import { parseEnv } from "../../server/env";
import { seedDemo } from "../demo/seed";
import { createWorkshopRepo } from "../demo/workshop-repo";
import setupTemplate from "../test/global-setup";
import { createTestDb, testRedisPrefix } from "../test/test-db";
import { spawnWorker, sleep, type ChildWorker } from "../../worker/faults/fault-kit";

/**
 * Load: 500 builds across two worker processes; 200 followers of a 100,000-line log; the dashboard
 * list queries with 10,000 builds and 1,000 stages under 50 concurrent users. Everything on
 * 127.0.0.1, each part bounded in time. Numbers, not pass/fail: they are printed as a table.
 */
type Row = { name: string; value: string };
const BUILDS = 500;
const INSTANCES = 50;
const FOLLOWERS = 200;
const LOG_LINES = 100_000;
const USERS = Number(process.env.BENCH_USERS ?? 50);
const LIST_SECONDS = 10;

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => `${Math.round(n)} ms`;

export async function benchLoad(): Promise<Row[]> {
  const teardownTemplate = await setupTemplate();
  const rows: Row[] = [];
  try {
    // BENCH_PART=builds|logs|lists runs one part (e.g. `BENCH_PART=logs npm run bench load`).
    const part = process.env.BENCH_PART;
    if (!part || part === "builds") rows.push(...(await buildsAcrossTwoWorkers()));
    if (!part || part === "logs") rows.push(...(await logFollowers()));
    if (!part || part === "lists") rows.push(...(await dashboardLists()));
  } finally {
    await teardownTemplate();
  }
  return rows;
}

async function withApp<T>(fn: (a: { db: Db; url: string; redis: Redis; prefix: string; dataDir: string; appId: string; orgId: string; bareDir: string }) => Promise<T>) {
  const testDb = await createTestDb();
  const redis = createRedis("redis://127.0.0.1:6379");
  const prefix = testRedisPrefix();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-load-"));
  const repo = await createWorkshopRepo(path.join(dataDir, "repos"));
  const { appId, orgId } = await seedDemo(testDb.db, createCipher("c2xpcHdheS1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM="), repo.bareDir);
  try {
    return await fn({ db: testDb.db, url: testDb.url, redis, prefix, dataDir, appId: appId!, orgId, bareDir: repo.bareDir });
  } finally {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    redis.disconnect();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** 500 builds of a trivial service (no package.json) over 50 instances, queued at once, two worker processes. */
async function buildsAcrossTwoWorkers(): Promise<Row[]> {
  return withApp(async ({ db, url, redis, prefix, dataDir, appId }) => {
    const repo = await createWorkshopRepo(path.join(dataDir, "trivial-repo"));
    const sha = await repo.commitFile("services/tiny/serverless.yml", "service: tiny\nprovider:\n  name: aws\n  runtime: nodejs20.x\n", "Tiny service");
    await db.repository.update({ where: { id: (await db.app.findUniqueOrThrow({ where: { id: appId } })).repositoryId }, data: { url: repo.bareDir } });
    const service = await db.service.create({ data: { appId, name: "tiny", path: "services/tiny" } });
    const queue = createBuildQueue(redis, prefix);
    const env = { DATABASE_URL: url, REDIS_PREFIX: prefix, SLIPWAY_DATA_DIR: dataDir, GIT_POLL_INTERVAL_MS: "0", RUNTIME_PORT: "0", WORKER_CONCURRENCY: "8", LOG_LEVEL: "warn" };
    const workers: ChildWorker[] = [spawnWorker(env), spawnWorker(env)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const t0 = Date.now();
      // Round-robin over instances, so each instance gets its 10 builds spread over the burst.
      // 25 at a time (consecutive i are different instances, so each instance's builds stay in order).
      for (let i = 0; i < BUILDS; i += 25) {
        await Promise.all(Array.from({ length: 25 }, (_, j) => queueBuild(db, queue, { serviceId: service.id, stage: `load-${(i + j) % INSTANCES}`, trigger: "bench", commitSha: sha })));
      }
      const queuedIn = Date.now() - t0;
      const deadline = Date.now() + 120_000;
      let open = BUILDS;
      while (open > 0 && Date.now() < deadline) {
        await sleep(500);
        open = await db.build.count({ where: { serviceId: service.id, status: { in: ["QUEUED", "RUNNING"] } } });
      }
      const wall = Date.now() - t0;
      const builds = await db.build.findMany({ where: { serviceId: service.id }, orderBy: { number: "asc" } });
      const ran = builds.filter((b) => b.startedAt);
      const latency = ran.map((b) => b.startedAt!.getTime() - b.createdAt.getTime());
      // Per instance: a build that ran never finished before an earlier one that also ran.
      let outOfOrder = 0;
      const byInstance = new Map<string, typeof ran>();
      for (const b of ran) byInstance.set(b.instanceId, [...(byInstance.get(b.instanceId) ?? []), b]);
      for (const list of byInstance.values()) for (let i = 1; i < list.length; i++) if (list[i].finishedAt! < list[i - 1].finishedAt! || list[i].startedAt! < list[i - 1].finishedAt!) outOfOrder++;
      const count = (s: string) => builds.filter((b) => b.status === s).length;
      await queue.close();
      return [
        { name: "builds: queued / instances / workers", value: `${BUILDS} / ${INSTANCES} / 2 processes × concurrency 8 (queued in ${ms(queuedIn)})` },
        { name: "builds: succeeded / superseded / failed / unfinished", value: `${count("SUCCEEDED")} / ${count("SUPERSEDED")} / ${count("FAILED")} / ${open}` },
        { name: "builds: per-instance order violations", value: String(outOfOrder) },
        { name: "builds: queue→running p50 / p95 (ran)", value: `${ms(pct(latency, 50))} / ${ms(pct(latency, 95))} (n=${ran.length})` },
        { name: "builds: wall time to drain", value: ms(wall) },
      ];
    } finally {
      for (const w of workers) {
        w.proc.kill("SIGTERM");
        await Promise.race([w.exited, sleep(10_000)]);
        w.proc.kill("SIGKILL");
      }
    }
  });
}

/** 200 in-process followers (followBuildLog, the subscription's generator) of one 100,000-line log written live. */
async function logFollowers(): Promise<Row[]> {
  return withApp(async ({ db, redis, prefix, appId }) => {
    const service = await db.service.findFirstOrThrow({ where: { appId, name: "database" } });
    const queue = createBuildQueue(redis, prefix);
    const build = await queueBuild(db, queue, { serviceId: service.id, stage: "logs", trigger: "bench", commitSha: "0".repeat(40) });
    await queue.close();
    await db.build.update({ where: { id: build.id }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date() } });
    const rss0 = process.memoryUsage().rss;
    let rssMax = rss0;
    const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
    const latencies: number[] = [];
    const received = new Array<number>(FOLLOWERS).fill(0);
    const bad = new Array<number>(FOLLOWERS).fill(0);
    const followers = Array.from({ length: FOLLOWERS }, async (_, f) => {
      let expect = 0;
      for await (const e of followBuildLog({ db, redis, prefix }, build.id, null, AbortSignal.timeout(150_000))) {
        const now = Date.now();
        for (const line of e.lines) {
          const [n, ts] = line.split(" ");
          if (Number(n) !== expect) bad[f]++;
          expect = Number(n) + 1;
          received[f]++;
          if (f % 10 === 0) latencies.push(now - Number(ts));
        }
      }
    });
    // The writer: 100,000 lines at ~10,000 lines/s, through the worker's own LogWriter (batches).
    const writer = new LogWriter(redis, prefix, build.id);
    const t0 = Date.now();
    for (let i = 0; i < LOG_LINES; i++) {
      writer.line(`${i} ${Date.now()} ${"x".repeat(60)}`);
      if (i % 1000 === 999) await sleep(Math.max(0, t0 + (i + 1) / 10 - Date.now()));
    }
    await writer.close();
    await db.build.update({ where: { id: build.id }, data: { status: "SUCCEEDED", finishedAt: new Date(), log: writer.all().join("\n") } });
    await endLog(redis, prefix, build.id);
    await Promise.all(followers);
    clearInterval(rssTimer);
    const lost = received.reduce((s, n) => s + (LOG_LINES - n), 0);
    return [
      { name: "log: followers × lines", value: `${FOLLOWERS} × ${LOG_LINES} (in-process followBuildLog; no .next build for SSE)` },
      { name: "log: delivery latency p50 / p99", value: `${ms(pct(latencies, 50))} / ${ms(pct(latencies, 99))}` },
      { name: "log: lines lost / out of order (all followers)", value: `${lost} / ${bad.reduce((s, n) => s + n, 0)}` },
      { name: "log: RSS before / peak", value: `${Math.round(rss0 / 2 ** 20)} MB / ${Math.round(rssMax / 2 ** 20)} MB` },
    ];
  });
}

/** apps.list and apps.get through the tRPC caller (permission checks included), 50 concurrent users. */
async function dashboardLists(): Promise<Row[]> {
  return withApp(async ({ db, url, redis, prefix, appId }) => {
    const services = await db.service.findMany({ where: { appId } });
    const instances = [];
    // Previews: stages that follow a branch, the kind an app gathers by the hundred.
    for (let i = 0; i < 1000; i++) {
      const stage = `stage-${Math.floor(i / services.length)}`;
      instances.push({ appId, serviceId: services[i % services.length].id, stage, region: "us-east-1", branch: `feature/${stage}` });
    }
    await db.serviceInstance.createMany({ data: instances });
    const ids = await db.serviceInstance.findMany({ where: { appId }, select: { id: true, serviceId: true } });
    const now = Date.now();
    for (let chunk = 0; chunk < 10; chunk++) {
      await db.build.createMany({
        data: Array.from({ length: 1000 }, (_, j) => {
          const inst = ids[(chunk * 1000 + j) % ids.length];
          const at = new Date(now - (10_000 - chunk * 1000 - j) * 60_000);
          return { serviceId: inst.serviceId, instanceId: inst.id, trigger: "push", branch: "master", commitSha: "a".repeat(40), status: "SUCCEEDED" as const, createdAt: at, startedAt: at, finishedAt: at, log: "ok" };
        }),
      });
    }
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const env = parseEnv({ NODE_ENV: "production", DATABASE_URL: url, REDIS_PREFIX: prefix });
    const caller = createCaller({ db, env, redis, queue: createBuildQueue(redis, prefix), userId: admin.id });
    const out: Row[] = [{ name: "lists: data", value: `${await db.build.count()} builds, ${await db.serviceInstance.count()} stages×services; tRPC caller (no .next build for autocannon)` }];
    for (const [name, call] of [
      ["apps.list", () => caller.apps.list()],
      ["apps.get", () => caller.apps.get({ slug: "workshop" })],
      ["builds.list", () => caller.builds.list({ appSlug: "workshop" })],
    ] as const) {
      const times: number[] = [];
      let errors = 0;
      const end = Date.now() + LIST_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: USERS }, async () => {
          while (Date.now() < end) {
            const t = performance.now();
            await (call as () => Promise<unknown>)().catch(() => errors++);
            times.push(performance.now() - t);
          }
        }),
      );
      out.push({ name: `lists: ${name} p50 / p95 (${USERS} users, ${LIST_SECONDS} s)`, value: `${ms(pct(times, 50))} / ${ms(pct(times, 95))}; ${Math.round(times.length / LIST_SECONDS)} req/s; ${errors} errors` });
    }
    return out;
  });
}
