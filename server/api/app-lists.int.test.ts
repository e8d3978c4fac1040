import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import { createWorkshopRepo } from "../../scripts/demo/workshop-repo";
import { seedDemo } from "../../scripts/demo/seed";
import { parseEnv } from "../env";
import { closeDeps, createDeps, type AppDeps } from "../composition";
import { createRedis } from "../redis";
import { createCipher } from "../domain/secrets/cipher";
import { createCaller } from "../trpc/root";

/**
 * A big app stays usable: the app page shows the newest previews a page at a time, searchable by
 * branch, and the build list pages by cursor with filters — every build once, none skipped.
 */
let testDb: TestDb;
let redis: Redis;
let deps: AppDeps;
let dataDir: string;
const prefix = testRedisPrefix();

async function as(email: string) {
  const user = await testDb.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...deps, userId: user.id });
}

beforeAll(async () => {
  testDb = await createTestDb();
  redis = createRedis("redis://127.0.0.1:6379");
  dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-lists-"));
  const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: testDb.url, REDIS_PREFIX: prefix, SLIPWAY_DATA_DIR: dataDir });
  deps = createDeps(env, { db: testDb.db, redis });
  const repo = await createWorkshopRepo(path.join(dataDir, "repos"));
  const { appId } = await seedDemo(testDb.db, createCipher("c2xpcHdheS1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM="), repo.bareDir);
  const services = await testDb.db.service.findMany({ where: { appId: appId! }, orderBy: { name: "asc" } });
  const dev = await testDb.db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
  const t0 = Date.now() - 3_600_000;
  // 30 previews (restapi only), each newer than the last; one staging instance; a build for each.
  for (let i = 0; i < 31; i++) {
    const service = i === 30 ? services.find((s) => s.name === "database")! : services.find((s) => s.name === "restapi")!;
    const stage = i === 30 ? "staging" : `feature-${String(i).padStart(2, "0")}`;
    const at = new Date(t0 + i * 60_000);
    const instance = await testDb.db.serviceInstance.create({
      data: {
        appId: appId!,
        serviceId: service.id,
        stage,
        region: "us-east-1",
        branch: i === 30 ? null : `feature/${String(i).padStart(2, "0")}`,
        updatedAt: at,
      },
    });
    await testDb.db.build.create({
      data: {
        serviceId: service.id,
        instanceId: instance.id,
        trigger: i % 2 ? "push" : "manual",
        branch: instance.branch ?? "master",
        commitSha: "a".repeat(40),
        commitAuthor: i % 3 === 0 ? "Grace Hopper" : "Alan Turing",
        status: i % 5 === 0 ? "FAILED" : "SUCCEEDED",
        createdAt: at,
        requestedById: i === 7 ? dev.id : null,
      },
    });
  }
}, 60_000);

afterAll(async () => {
  if (deps) await closeDeps(deps);
  redis?.disconnect();
  await testDb?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("an app with many previews", () => {
  it("shows every environment and the newest 24 previews, then more on request", async () => {
    const reviewer = await as("reviewer@example.com");
    const first = await reviewer.apps.get({ slug: "workshop" });
    expect(first.previews.total).toBe(30);
    expect(first.previews.stages).toHaveLength(24);
    expect(first.previews.stages[0]).toBe("feature-29");
    expect(first.previews.stages[23]).toBe("feature-06");
    expect(first.instances.some((i) => i.stage === "staging")).toBe(true);
    expect(first.instances.some((i) => i.stage === "feature-05")).toBe(false);
    const more = await reviewer.apps.get({ slug: "workshop", previews: { limit: 48 } });
    expect(more.previews.stages).toHaveLength(30);
    expect(more.instances.some((i) => i.stage === "feature-00")).toBe(true);
  });

  it("finds previews by branch name, wildcards taken literally", async () => {
    const reviewer = await as("reviewer@example.com");
    const found = await reviewer.apps.get({ slug: "workshop", previews: { search: "ure/1" } });
    expect(found.previews.stages).toEqual(Array.from({ length: 10 }, (_, i) => `feature-${19 - i}`));
    expect(found.previews.total).toBe(10);
    const literal = await reviewer.apps.get({ slug: "workshop", previews: { search: "feature_%" } });
    expect(literal.previews.total).toBe(0);
  });
});

describe("the build list", () => {
  it("pages by cursor through every build once, newest first", async () => {
    const reviewer = await as("reviewer@example.com");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof reviewer.builds.list>> = await reviewer.builds.list({ appSlug: "workshop", limit: 7, cursor });
      seen.push(...page.items.map((b) => b.stage));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(31);
    expect(new Set(seen).size).toBe(31);
    expect(seen[0]).toBe("staging");
    expect(seen[30]).toBe("feature-00");
  });

  it("filters by service, stage, status and who, and says who triggered each build", async () => {
    const reviewer = await as("reviewer@example.com");
    const failed = await reviewer.builds.list({ appSlug: "workshop", status: "FAILED" });
    expect(failed.items.map((b) => b.stage)).toEqual([
      "staging",
      "feature-25",
      "feature-20",
      "feature-15",
      "feature-10",
      "feature-05",
      "feature-00",
    ]);
    const database = await reviewer.builds.list({ appSlug: "workshop", service: "database" });
    expect(database.items.map((b) => b.stage)).toEqual(["staging"]);
    const stage = await reviewer.builds.list({ appSlug: "workshop", stage: "feature-07" });
    expect(stage.items).toHaveLength(1);
    expect(stage.items[0]!.triggeredBy).toBe("Ada Developer");
    const byMember = await reviewer.builds.list({ appSlug: "workshop", who: "dev@example" });
    expect(byMember.items.map((b) => b.stage)).toEqual(["feature-07"]);
    const byAuthor = await reviewer.builds.list({ appSlug: "workshop", who: "grace" });
    expect(byAuthor.items.every((b) => b.triggeredBy === "Grace Hopper")).toBe(true);
    expect(byAuthor.items).toHaveLength(11);
  });

  it("is another org's business only for that org", async () => {
    const reviewer = await as("reviewer@example.com");
    await expect(reviewer.builds.list({ appSlug: "nope" })).rejects.toThrow(/No app/);
  });
});
