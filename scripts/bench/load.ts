import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
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
import { DEV_ENCRYPTION_KEY } from "../../server/production-config";
import { DEMO_PASSWORD, seedDemo } from "../demo/seed";
import { createWorkshopRepo } from "../demo/workshop-repo";
import setupTemplate from "../test/global-setup";
import { createTestDb, testRedisPrefix } from "../test/test-db";
import { spawnWorker, sleep, type ChildWorker } from "../../worker/faults/fault-kit";

/**
 * Load: 500 builds across two worker processes; the dashboard over HTTP (`next start`, autocannon,
 * signed-in sessions): its pages and apps.get with 10,000 builds and 1,000 stages under 50
 * connections, and 200 SSE followers of a 100,000-line log. Everything on 127.0.0.1, each part
 * bounded in time. Numbers, not pass/fail: they are printed as a table.
 */
type Row = { name: string; value: string };
const BUILDS = 500;
const INSTANCES = 50;
const FOLLOWERS = 200;
const LOG_LINES = 100_000;
const USERS = Number(process.env.BENCH_USERS ?? 50);
const PAGE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Seconds between two requests of one user in the paced runs. */
const THINK_S = 2;

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
    // BENCH_PART=builds|pages|lists|logs runs some parts (e.g. `BENCH_PART=lists,logs npm run bench load`).
    const parts = process.env.BENCH_PART?.split(",");
    const has = (p: string) => !parts || parts.includes(p);
    if (has("builds")) rows.push(...(await buildsAcrossTwoWorkers()));
    if (has("pages") || has("lists") || has("logs")) rows.push(...(await overHttp(has)));
  } finally {
    await teardownTemplate();
  }
  return rows;
}

async function withApp<T>(
  fn: (a: {
    db: Db;
    url: string;
    redis: Redis;
    prefix: string;
    dataDir: string;
    appId: string;
    orgId: string;
    bareDir: string;
  }) => Promise<T>,
  key = DEV_ENCRYPTION_KEY,
) {
  const testDb = await createTestDb();
  const redis = createRedis("redis://127.0.0.1:6379");
  const prefix = testRedisPrefix();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-load-"));
  const repo = await createWorkshopRepo(path.join(dataDir, "repos"));
  const { appId, orgId } = await seedDemo(testDb.db, createCipher(key), repo.bareDir);
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
    const sha = await repo.commitFile(
      "services/tiny/serverless.yml",
      "service: tiny\nprovider:\n  name: aws\n  runtime: nodejs20.x\n",
      "Tiny service",
    );
    await db.repository.update({
      where: { id: (await db.app.findUniqueOrThrow({ where: { id: appId } })).repositoryId },
      data: { url: repo.bareDir },
    });
    const service = await db.service.create({ data: { appId, name: "tiny", path: "services/tiny" } });
    const queue = createBuildQueue(redis, prefix);
    const env = {
      DATABASE_URL: url,
      REDIS_PREFIX: prefix,
      SLIPWAY_DATA_DIR: dataDir,
      GIT_POLL_INTERVAL_MS: "0",
      RUNTIME_PORT: "0",
      WORKER_CONCURRENCY: "8",
      LOG_LEVEL: "warn",
    };
    const workers: ChildWorker[] = [spawnWorker(env), spawnWorker(env)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const t0 = Date.now();
      // Round-robin over instances, so each instance gets its 10 builds spread over the burst.
      // 25 at a time (consecutive i are different instances, so each instance's builds stay in order).
      for (let i = 0; i < BUILDS; i += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, j) =>
            queueBuild(db, queue, { serviceId: service.id, stage: `load-${(i + j) % INSTANCES}`, trigger: "bench", commitSha: sha }),
          ),
        );
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
      for (const list of byInstance.values())
        for (let i = 1; i < list.length; i++)
          if (list[i].finishedAt! < list[i - 1].finishedAt! || list[i].startedAt! < list[i - 1].finishedAt!) outOfOrder++;
      const count = (s: string) => builds.filter((b) => b.status === s).length;
      await queue.close();
      return [
        {
          name: "builds: queued / instances / workers",
          value: `${BUILDS} / ${INSTANCES} / 2 processes × concurrency 8 (queued in ${ms(queuedIn)})`,
        },
        {
          name: "builds: succeeded / superseded / failed / unfinished",
          value: `${count("SUCCEEDED")} / ${count("SUPERSEDED")} / ${count("FAILED")} / ${open}`,
        },
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

/** 1,000 stages × services and 10,000 builds in the seeded app: the size the list and page rows are about. */
async function seedBigApp(db: Db, appId: string) {
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
        return {
          serviceId: inst.serviceId,
          instanceId: inst.id,
          trigger: "push",
          branch: "master",
          commitSha: "a".repeat(40),
          status: "SUCCEEDED" as const,
          createdAt: at,
          startedAt: at,
          finishedAt: at,
          log: "ok",
        };
      }),
    });
  }
}

/**
 * The dashboard over HTTP, as browsers reach it: `next start` (scripts/web-server.ts on the .next
 * build), USERS members each signed in through next-auth's credentials endpoint (the web trusts
 * 127.0.0.1 as its proxy, so X-Forwarded-For gives each user a login throttle of its own), their
 * cookies reused by autocannon's connections. Pages (app, build, release) and apps.get with
 * 10,000 builds / 1,000 stages; then FOLLOWERS SSE followers of the build page's log event stream.
 */
async function overHttp(has: (part: string) => boolean): Promise<Row[]> {
  const { default: autocannon } = await import("autocannon");
  const { ensureWebBuild, signIn, startWeb, ttfb } = await import("./web-process");
  const key = randomBytes(32).toString("base64");
  const built = await ensureWebBuild();
  return withApp(async ({ db, url, redis, prefix, dataDir, appId, orgId }) => {
    await seedBigApp(db, appId);
    const passwordHash = (await db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } })).passwordHash;
    for (let i = 0; i < USERS; i++) {
      const user = await db.user.create({ data: { email: `load-${i}@example.com`, name: `Load ${i}`, passwordHash } });
      await db.membership.create({ data: { orgId, userId: user.id, role: "DEVELOPER" } });
    }
    const web = await startWeb({
      DATABASE_URL: url,
      REDIS_PREFIX: prefix,
      SLIPWAY_DATA_DIR: dataDir,
      SLIPWAY_ENCRYPTION_KEY: key,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      SLIPWAY_TRUSTED_PROXIES: "127.0.0.1",
      LOG_LEVEL: "warn",
    });
    const rows: Row[] = [];
    try {
      const cookies: string[] = [];
      // One after another: each sign-in is a bcrypt check, which is not what this part measures.
      for (let i = 0; i < USERS; i++)
        cookies.push(await signIn(web.url, `load-${i}@example.com`, DEMO_PASSWORD, `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`));
      const build = await db.build.findFirstOrThrow({ where: { service: { appId } }, orderBy: { createdAt: "desc" } });
      rows.push({
        name: "http: set-up",
        value: `next start (.next ${built}), ${await db.build.count()} builds, ${await db.serviceInstance.count()} stages×services, ${USERS} users signed in over HTTP`,
      });
      const input = (v: unknown) => encodeURIComponent(JSON.stringify({ json: v }));
      const targets: Array<[string, string]> = [];
      if (has("pages"))
        targets.push(["app page", "/apps/workshop"], ["build page", `/builds/${build.id}`], ["release page", "/apps/workshop/release"]);
      if (has("lists")) targets.push(["apps.get (tRPC GET)", `/api/trpc/apps.get?input=${input({ slug: "workshop" })}`]);
      // Two ways to load each route: 50 connections back to back (saturation: what one web process serves at most),
      // and 50 users who each open a page every THINK_S seconds (the offered rate of a busy team), where TTFB is what people feel.
      const runs: Array<{ label: string; rate?: number }> = [
        { label: `${USERS} connections back to back` },
        { label: `${USERS} users, one request each per ${THINK_S} s`, rate: USERS / THINK_S },
      ];
      for (const [name, p] of targets) {
        // Warm the route once (Next compiles nothing at run time, but loads the route's chunks lazily).
        await ttfb(web.url + p, cookies[0]);
        for (const run of runs) {
          let next = 0;
          const latencies: number[] = [];
          const firstBytes: number[] = [];
          let sampling = true;
          // Time to first byte, sampled by one more signed-in client while the load runs.
          const sampler = (async () => {
            while (sampling) {
              firstBytes.push((await ttfb(web.url + p, cookies[firstBytes.length % cookies.length])).ms);
              if (run.rate) await sleep(THINK_S * 100);
            }
          })();
          const instance = autocannon({
            url: web.url + p,
            connections: USERS,
            duration: PAGE_SECONDS,
            ...(run.rate ? { overallRate: run.rate } : {}),
            setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length] }),
          });
          (instance as unknown as NodeJS.EventEmitter).on(
            "response",
            (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime),
          );
          const result = await instance;
          sampling = false;
          await sampler;
          rows.push({
            name: `http: ${name} TTFB p50 / p95 (${run.label}, ${PAGE_SECONDS} s)`,
            value: `${ms(pct(firstBytes, 50))} / ${ms(pct(firstBytes, 95))}; whole response p95 ${ms(pct(latencies, 95))}; ${Math.round(result.requests.average)} req/s; ${result.non2xx} non-2xx, ${result.errors} errors`,
          });
        }
      }
      if (has("logs")) rows.push(...(await sseFollowers({ db, redis, prefix, appId, web, cookies })));
    } finally {
      await web.stop();
    }
    return rows;
  }, key);
}

/** FOLLOWERS followers of one 100,000-line log written live, each an SSE request to the build page's event stream over HTTP. */
async function sseFollowers(o: {
  db: Db;
  redis: Redis;
  prefix: string;
  appId: string;
  web: { url: string; rss(): number };
  cookies: string[];
}): Promise<Row[]> {
  const { db, redis, prefix, appId, web, cookies } = o;
  const service = await db.service.findFirstOrThrow({ where: { appId, name: "database" } });
  const queue = createBuildQueue(redis, prefix);
  const build = await queueBuild(db, queue, { serviceId: service.id, stage: "logs", trigger: "bench", commitSha: "0".repeat(40) });
  await queue.close();
  await db.build.update({ where: { id: build.id }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date() } });
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const latencies: number[] = [];
  const received = new Array<number>(FOLLOWERS).fill(0);
  const bad = new Array<number>(FOLLOWERS).fill(0);
  const url = `${web.url}/api/builds/${build.id}/log/stream`;
  let connected = 0;
  const followers = Array.from(
    { length: FOLLOWERS },
    (_, f) =>
      new Promise<void>((resolve, reject) => {
        let expect = 0;
        let buffer = "";
        const req = http.get(url, { agent, headers: { cookie: cookies[f % cookies.length], accept: "text/event-stream" } }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`follower ${f}: HTTP ${res.statusCode}`));
          connected++;
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            const now = Date.now();
            buffer += chunk;
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = event
                .split("\n")
                .filter((l) => l.startsWith("data: "))
                .map((l) => l.slice(6))
                .join("\n");
              if (!data) continue;
              const parsed = JSON.parse(data) as { lines: string[] };
              for (const line of parsed.lines) {
                const [n, ts] = line.split(" ");
                if (Number(n) !== expect) bad[f]++;
                expect = Number(n) + 1;
                received[f]++;
                if (f % 10 === 0) latencies.push(now - Number(ts));
              }
              if (/^event: done$/m.test(event)) {
                req.destroy();
                return resolve();
              }
            }
            if (received[f] >= LOG_LINES) {
              req.destroy();
              resolve();
            }
          });
          res.on("end", () => resolve());
        });
        req.on("error", (e) => (received[f] >= LOG_LINES ? resolve() : reject(e)));
        req.setTimeout(180_000, () => req.destroy(new Error(`follower ${f} timed out`)));
      }),
  );
  const open = Date.now() + 30_000;
  while (connected < FOLLOWERS && Date.now() < open) await sleep(100);
  await sleep(500);
  const rss0 = web.rss();
  let rssMax = rss0;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, web.rss())), 100);
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
  const results = await Promise.allSettled(followers);
  clearInterval(rssTimer);
  agent.destroy();
  const failed = results.filter((r) => r.status === "rejected").length;
  const lost = received.reduce((s, n) => s + Math.max(0, LOG_LINES - n), 0);
  return [
    {
      name: "log: followers × lines",
      value: `${FOLLOWERS} × ${LOG_LINES}, SSE over HTTP (/api/builds/:id/log/stream), ${connected} connected, ${failed} failed`,
    },
    { name: "log: delivery latency p50 / p99 (aim p99 ≤ 250 ms)", value: `${ms(pct(latencies, 50))} / ${ms(pct(latencies, 99))}` },
    { name: "log: lines lost / out of order (all followers)", value: `${lost} / ${bad.reduce((s, n) => s + n, 0)}` },
    {
      name: "log: web process RSS before / peak / delta (aim + ≤ 60 MB)",
      value: `${Math.round(rss0 / 2 ** 20)} MB / ${Math.round(rssMax / 2 ** 20)} MB / +${Math.round((rssMax - rss0) / 2 ** 20)} MB`,
    },
  ];
}
