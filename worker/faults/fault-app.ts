import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { createDb, type Db } from "../../server/db";
import { createRedis } from "../../server/redis";
import { createCipher } from "../../server/domain/secrets/cipher";
import { createBuildQueue, type BuildQueue } from "../../server/queue";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { seedDemo } from "../../scripts/demo/seed";
import { createWorkshopRepo, type WorkshopRepo } from "../../scripts/demo/workshop-repo";
import { createTestDb, testRedisPrefix } from "../../scripts/test/test-db";
import { startRuntime, type Runtime } from "../runtime/server";
import { freePort } from "./fault-kit";

/**
 * The demo org plus a "slow" service whose steps take long enough to be hit by a fault: install
 * and test sleep (in the service's own npm scripts), its handler answers its version. The runtime
 * runs here, in the test process, always up: workers (child processes) deploy into it.
 */
export interface FaultApp {
  db: Db;
  databaseUrl: string;
  redis: Redis;
  redisUrl: string;
  prefix: string;
  queue: BuildQueue;
  dataDir: string;
  repo: WorkshopRepo;
  appId: string;
  serviceId: string;
  runtime: Runtime;
  runtimePort: number;
  /** Commits a new version of the slow service; returns its commit. */
  commitVersion(version: string): Promise<string>;
  queue1(stage: string, commitSha: string): Promise<{ id: string; number: number }>;
  /** The environment of a worker child process for this app. */
  workerEnv(extra?: Record<string, string>): Record<string, string>;
  serviceUrl(stage: string): string;
  close(): Promise<void>;
}

export interface FaultAppOptions {
  redisUrl?: string;
  /** A database URL to use instead of a fresh clone of the test template (already migrated). */
  databaseUrl?: string;
  installMs?: number;
  testMs?: number;
  /** The service's whole `npm test` script, instead of a sleep of testMs. */
  testScript?: string;
}

export async function startFaultApp(opts: FaultAppOptions = {}): Promise<FaultApp> {
  const testDb = opts.databaseUrl ? null : await createTestDb();
  const databaseUrl = opts.databaseUrl ?? testDb!.url;
  const db = testDb?.db ?? createDb(databaseUrl);
  const redisUrl = opts.redisUrl ?? "redis://127.0.0.1:6379";
  const redis = createRedis(redisUrl);
  const prefix = testRedisPrefix();
  const queue = createBuildQueue(redis, prefix);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-faults-"));
  const repo = await createWorkshopRepo(path.join(dataDir, "repos"));
  const cipher = createCipher("c2xpcHdheS1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM=");
  const { appId } = await seedDemo(db, cipher, repo.bareDir);
  const installMs = opts.installMs ?? 800;
  const testMs = opts.testMs ?? 1500;
  await repo.commitFile(
    "services/slow/package.json",
    JSON.stringify({
      name: "slow",
      private: true,
      scripts: { install: `node -e "setTimeout(()=>{},${installMs})"`, test: opts.testScript ?? `node -e "setTimeout(()=>{},${testMs})"` },
    }),
    "Slow service: package.json",
  );
  await repo.commitFile(
    "services/slow/serverless.yml",
    "service: slow\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: handler.hello\n    events:\n      - http:\n          path: hello\n          method: get\n",
    "Slow service: serverless.yml",
  );
  const service = await db.service.create({ data: { appId: appId!, name: "slow", path: "services/slow" } });
  const runtimePort = await freePort();
  const runtime = await startRuntime({ db, redis, cipher, prefix, port: runtimePort, host: "127.0.0.1", runSchedules: false });

  const app: FaultApp = {
    db,
    databaseUrl,
    redis,
    redisUrl,
    prefix,
    queue,
    dataDir,
    repo,
    appId: appId!,
    serviceId: service.id,
    runtime,
    runtimePort,
    commitVersion: (version) =>
      repo.commitFile(
        "services/slow/handler.js",
        `exports.hello = async () => ({ statusCode: 200, body: JSON.stringify({ version: ${JSON.stringify(version)} }) });\n`,
        `Slow service ${version}`,
      ),
    queue1: (stage, commitSha) => queueBuild(db, queue, { serviceId: service.id, stage, trigger: "manual", commitSha }),
    workerEnv: (extra = {}) => ({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      SLIPWAY_DATA_DIR: dataDir,
      GIT_POLL_INTERVAL_MS: "0",
      RUNTIME_EMBEDDED: "off",
      RUNTIME_PORT: String(runtimePort),
      WORKER_CONCURRENCY: "2",
      ...extra,
    }),
    serviceUrl: (stage) => `http://127.0.0.1:${runtimePort}/acme/workshop/${stage}/slow/hello`,
    async close() {
      await runtime.close().catch(() => {});
      await queue.close().catch(() => {});
      if (redis.status === "ready") {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
      }
      redis.disconnect();
      if (testDb) await testDb.drop();
      else await db.$disconnect();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}

/** The step a build is in right now (RUNNING), or null. */
export async function runningStep(db: Db, buildId: string): Promise<string | null> {
  const step = await db.buildStep.findFirst({ where: { buildId, status: "RUNNING" }, select: { name: true } });
  return step?.name ?? null;
}
