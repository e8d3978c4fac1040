import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../scripts/test/harness";
import { closeDeps, createDeps, type AppDeps } from "../composition";
import { askWorker } from "./ask-worker";

/**
 * The web asks a worker for its git (server/jobs/ask-worker.ts): what the worker's use case answers
 * comes back — its result, or its DomainError — and with no worker, or one that never finishes, the
 * caller hears UNAVAILABLE within the timeout instead of waiting for ever.
 */
let h: Harness;
const extra: AppDeps[] = [];
let member: { orgId: string; userId: string };

async function caller(email: string) {
  const { createCaller } = await import("../trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
}

/** The harness's database with a Redis prefix of its own: a queue no worker of the harness consumes. */
function lonelyDeps(suffix: string) {
  const d = createDeps({ ...h.env, REDIS_PREFIX: `${h.env.REDIS_PREFIX}-${suffix}` }, { db: h.db, redis: h.redis });
  extra.push(d);
  return d;
}

beforeAll(async () => {
  h = await startHarness();
  const dev = await h.db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
  member = { orgId: h.orgId, userId: dev.id };
}, 120_000);

afterAll(async () => {
  for (const d of extra) await closeDeps(d);
  const keys = await h?.redis.keys(`${h.env.REDIS_PREFIX}-*`);
  if (keys?.length) await h.redis.del(...keys);
  await h?.close();
});

describe("asking a worker for git", () => {
  it("deploys a branch through the worker: the builds it queued come back, read from the remote's head", async () => {
    const dev = await caller("dev@example.com");
    const queued = await dev.apps.deployBranch({ slug: "workshop", branch: "master" });
    expect(queued.length).toBeGreaterThan(0);
    const rows = await h.db.build.findMany({ where: { id: { in: queued.map((b) => b.id) } } });
    expect(rows.map((b) => [b.trigger, b.branch, b.commitSha])).toEqual(rows.map(() => ["manual", "master", expect.any(String)]));
    expect(rows[0].commitSha).toBe(await h.repo.head("master"));
  });

  it("brings the worker's DomainError back as it was thrown (code and words)", async () => {
    const dev = await caller("dev@example.com");
    await expect(dev.apps.deployBranch({ slug: "workshop", branch: "no-such-branch" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'The repository has no branch "no-such-branch".',
    });
  });

  it("refuses another org's target before any job is queued", async () => {
    const other = await h.db.org.create({ data: { slug: "elsewhere", name: "Elsewhere" } });
    const d = lonelyDeps("outsider");
    await expect(
      askWorker(d, { op: "deploy-branch", actor: { orgId: other.id, userId: member.userId }, appSlug: "workshop", branch: "master" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await d.jobs.queueOf("git-remote").count()).toBe(0);
  });

  it("with no worker connected: UNAVAILABLE at once, and nothing left queued to run later", async () => {
    const d = lonelyDeps("none");
    const started = Date.now();
    await expect(askWorker(d, { op: "deploy-branch", actor: member, appSlug: "workshop", branch: "master" })).rejects.toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringMatching(/^No worker answered \(none is connected\)/),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await d.jobs.queueOf("git-remote").count()).toBe(0);
  });

  it("with a worker that never finishes: UNAVAILABLE after the timeout, never a hang", async () => {
    const d = lonelyDeps("stuck");
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const worker = new Worker("jobs", () => stuck, {
      connection: h.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: d.env.REDIS_PREFIX,
    });
    await worker.waitUntilReady();
    try {
      const started = Date.now();
      await expect(
        askWorker(d, { op: "deploy-branch", actor: member, appSlug: "workshop", branch: "master" }, { timeoutMs: 1_500 }),
      ).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/^No worker answered within 2 s/) });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(1_400);
      expect(took).toBeLessThan(10_000);
    } finally {
      release();
      await worker.close();
    }
  });
});
