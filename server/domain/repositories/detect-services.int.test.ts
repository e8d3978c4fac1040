import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, type Env } from "../../env";
import { createRedis } from "../../redis";
import { closeDeps, createDeps, type AppDeps } from "../../composition";
import { createTestDb, testRedisPrefix, type TestDb } from "../../../scripts/test/test-db";
import { createTeamRepo } from "../../../scripts/test/team-repo";
import { startJobsWorker } from "../../../scripts/test/job-worker";

/** Detection in a big monorepo: 300 serverless.yml files are read a page at a time, and it says so. */
let testDb: TestDb;
let env: Env;
let redis: Redis;
let deps: AppDeps;
let root: string;
let worker: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  testDb = await createTestDb();
  root = await mkdtemp(path.join(os.tmpdir(), "slipway-detect-"));
  env = parseEnv({
    NODE_ENV: "test",
    DATABASE_URL: testDb.url,
    REDIS_PREFIX: testRedisPrefix(),
    SLIPWAY_DATA_DIR: path.join(root, "data"),
    SLIPWAY_ALLOW_LOCAL_REPOS: "on",
  });
  redis = createRedis(env.REDIS_URL);
  deps = createDeps(env, { db: testDb.db, redis });
  worker = await startJobsWorker(deps);
});

afterAll(async () => {
  await worker?.close();
  if (deps) await closeDeps(deps);
  redis?.disconnect();
  await testDb?.drop();
  await rm(root, { recursive: true, force: true });
});

describe("detecting services in a repository with 300 serverless.yml files", () => {
  it("pages through them 100 at a time, names how many there are, and lists the broken one with its error", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) {
      const n = String(i).padStart(3, "0");
      files[`services/svc-${n}/serverless.yml`] =
        i === 150
          ? "service: svc-150\nprovider: {name: aws\n"
          : `service: svc-${n}\nfunctions:\n  f${n}:\n    handler: h.f\n    environment:\n      T: \${output:svc-000.table}\n`;
    }
    const repo = await createTeamRepo(path.join(root, "repos"), "mono", files);
    const orgId = (await testDb.db.org.create({ data: { slug: "mono", name: "Mono" } })).id;
    const user = await testDb.db.user.create({ data: { email: "a@mono.example", name: "A", passwordHash: "x" } });
    await testDb.db.membership.create({ data: { orgId, userId: user.id, role: "ADMIN" } });
    const { createCaller } = await import("../../trpc/root");
    const admin = createCaller({ ...deps, userId: user.id });

    const connected = await admin.repositories.connect({ url: repo.bareDir, auth: { kind: "none" } });
    expect(await admin.repositories.test({ repositoryId: connected.id })).toMatchObject({ ok: true, defaultBranch: "master" });
    const first = await admin.repositories.detect({ repositoryId: connected.id });
    expect(first).toMatchObject({ total: 300, offset: 0, limit: 100, note: "Showing 1–100 of 300 serverless files." });
    expect(first.services).toHaveLength(100);
    expect(first.services[1]).toMatchObject({
      folder: "services/svc-001",
      name: "svc-001",
      functions: ["f001"],
      consumes: ["svc-000"],
      error: null,
    });
    const middle = await admin.repositories.detect({ repositoryId: connected.id, offset: 100 });
    const broken = middle.services.find((s) => s.folder === "services/svc-150")!;
    expect(broken.error).toMatch(/^services\/svc-150\/serverless\.yml:\d+:\d+: /);
    const last = await admin.repositories.detect({ repositoryId: connected.id, offset: 200 });
    expect(last.services.at(-1)!.folder).toBe("services/svc-299");
    expect(last.note).toBe("Showing 201–300 of 300 serverless files.");
  }, 60_000);
});
