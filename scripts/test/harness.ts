import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { parseEnv, type Env } from "../../server/env";
import { createRedis } from "../../server/redis";
import { closeDeps, createDeps, type AppDeps } from "../../server/composition";
import type { BuildQueue } from "../../server/queue";
import { startWorker, type WorkerHandle } from "../../worker/start-worker";
import { createTestDb, testRedisPrefix, type TestDb } from "./test-db";
import { createWorkshopRepo, type WorkshopRepo } from "../demo/workshop-repo";
import { seedDemo } from "../demo/seed";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { instanceUrl } from "../../server/domain/deployments/instance-url";

export interface Harness {
  env: Env;
  testDb: TestDb;
  db: TestDb["db"];
  redis: Redis;
  queue: BuildQueue;
  repo: WorkshopRepo;
  worker: WorkerHandle;
  appId: string;
  orgId: string;
  /** The test process's composition root (server/composition.ts): what web, worker and domain calls get. */
  deps: AppDeps;
  close(): Promise<void>;
}

/**
 * Everything real for an integration test file: its own database, its own Redis prefix, a demo
 * repository in a temp folder, and a worker (with its runtime on a free port) in this process.
 */
export async function startHarness(envOverrides: Record<string, string> = {}): Promise<Harness> {
  const testDb = await createTestDb();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-data-"));
  const env = parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: testDb.url,
    REDIS_PREFIX: testRedisPrefix(),
    SLIPWAY_DATA_DIR: dataDir,
    RUNTIME_PORT: "0",
    GIT_POLL_INTERVAL_MS: "0",
    SLIPWAY_ALLOW_LOCAL_REPOS: "on",
    ...envOverrides,
  });
  const redis = createRedis(env.REDIS_URL);
  const deps = createDeps(env, { db: testDb.db, redis });
  const { queue } = deps;
  const repo = await createWorkshopRepo(path.join(dataDir, "repos"));
  const { appId, orgId } = await seedDemo(testDb.db, deps.cipher, repo.bareDir);
  const worker = await startWorker(deps);
  return {
    env,
    testDb,
    db: testDb.db,
    redis,
    queue,
    repo,
    worker,
    appId: appId!,
    orgId,
    deps,
    async close() {
      await worker.close();
      await closeDeps(deps);
      const keys = await redis.keys(`${env.REDIS_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await testDb.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until every given build has finished; returns them with their steps. */
export async function waitForBuilds(h: Harness, ids: string[], timeoutMs = 90_000) {
  return waitFor(
    `builds ${ids.join(", ")}`,
    async () => {
      const builds = await h.db.build.findMany({
        where: { id: { in: ids } },
        include: { steps: { orderBy: { position: "asc" } }, service: true, instance: true },
      });
      return builds.every((b) => !["QUEUED", "RUNNING"].includes(b.status)) ? builds : null;
    },
    timeoutMs,
  );
}

/** The workshop's restapi reads the `dev` database's outputs: deploy `database` to `dev` first. */
export async function deployDatabaseToDev(h: Harness) {
  const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
  const dev = await queueBuild(h.db, h.queue, {
    serviceId: database.id,
    stage: "dev",
    trigger: "manual",
    commitSha: await h.repo.head("master"),
  });
  const [built] = await waitForBuilds(h, [dev.id]);
  if (built.status !== "SUCCEEDED") throw new Error(`Deploying database to dev failed: ${built.error}`);
  return built;
}

/** The link of a workshop instance on the harness's runtime: its own host under *.localhost (see instance-host.ts). */
export function instanceLink(h: Harness, stage: string, service: string, path = ""): string {
  return `${instanceUrl({ publicUrl: h.worker.runtimeUrl!, domain: h.env.RUNTIME_DOMAIN }, { orgSlug: "acme", appSlug: "workshop", stage, serviceName: service })}${path}`;
}
