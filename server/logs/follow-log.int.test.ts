import { setMaxListeners } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testRedisPrefix, type TestDb } from "../../scripts/test/test-db";
import { createWorkshopRepo } from "../../scripts/demo/workshop-repo";
import { seedDemo } from "../../scripts/demo/seed";
import { queueBuild } from "../domain/builds/queue-build";
import { createCipher } from "../domain/secrets/cipher";
import { createBuildQueue } from "../queue";
import { createRedis } from "../redis";
import { endLog } from "./build-log";
import { followBuildLog } from "./follow-log";
import { LogWriter } from "./log-writer";

/**
 * Live logs for many viewers: every follower of every build gets each line once, in order, while
 * the builds write — and the process holds one blocking Redis read for all of them, not one each.
 */
let testDb: TestDb;
let redis: Redis;
let monitor: Redis;
let dataDir: string;
const prefix = testRedisPrefix();

beforeAll(async () => {
  testDb = await createTestDb();
  redis = createRedis("redis://127.0.0.1:6379");
  monitor = createRedis("redis://127.0.0.1:6379");
  dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-follow-"));
  const repo = await createWorkshopRepo(path.join(dataDir, "repos"));
  await seedDemo(testDb.db, createCipher("c2xpcHdheS1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM="), repo.bareDir);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  monitor.disconnect();
  await testDb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function createRunningBuild(stage: string) {
  const service = await testDb.db.service.findFirstOrThrow({ where: { name: "database" } });
  const queue = createBuildQueue(redis, prefix);
  const build = await queueBuild(testDb.db, queue, { serviceId: service.id, stage, trigger: "test", commitSha: "0".repeat(40) });
  await queue.close();
  return testDb.db.build.update({ where: { id: build.id }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date() } });
}

/** This test's log hub connections currently blocked in XREAD (other test files share the Redis). */
async function blockedReaders(): Promise<number> {
  const list = (await monitor.call("CLIENT", "LIST")) as string;
  return list.split("\n").filter((l) => l.includes(`name=${prefix}:log-hub `) && l.includes("cmd=xread") && / flags=\S*b/.test(l)).length;
}

describe("following build logs live", () => {
  it("delivers every line once, in order, to 40 followers of two builds through one blocking read", async () => {
    const builds = [await createRunningBuild("logs-one"), await createRunningBuild("logs-two")];
    const controller = new AbortController();
    setMaxListeners(100, controller.signal); // one signal shared by the 40 followers of this test
    const received = builds.map(() => Array.from({ length: 20 }, () => [] as string[]));
    const followers = builds.flatMap((build, b) =>
      received[b]!.map(async (lines) => {
        for await (const e of followBuildLog({ db: testDb.db, redis, prefix }, build.id, null, controller.signal)) {
          lines.push(...e.lines);
          if (e.done) return;
        }
      }),
    );
    const writers = builds.map((build) => new LogWriter(redis, prefix, build.id));
    const expected: string[] = [];
    let maxBlocked = 0;
    for (let i = 0; i < 30; i++) {
      expected.push(`line ${i}`);
      writers.forEach((w) => w.line(`line ${i}`));
      await new Promise((r) => setTimeout(r, 40));
      maxBlocked = Math.max(maxBlocked, await blockedReaders());
    }
    for (const [i, w] of writers.entries()) {
      await w.close();
      await testDb.db.build.update({ where: { id: builds[i]!.id }, data: { status: "SUCCEEDED", log: w.all().join("\n") } });
      await endLog(redis, prefix, builds[i]!.id);
    }
    await Promise.all(followers);
    for (const perBuild of received) for (const lines of perBuild) expect(lines).toEqual(expected);
    expect(maxBlocked).toBe(1);
  });
});
