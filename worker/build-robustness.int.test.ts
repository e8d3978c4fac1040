import { readdir, readFile } from "node:fs/promises";
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness } from "../scripts/test/harness";
import { handleBranchPush } from "../server/domain/triggers/handle-branch";
import { cancelBuild } from "../server/domain/builds/cancel-build";
import { queueBuild } from "../server/domain/builds/queue-build";

/** Cancel and timeouts kill the step's whole process tree; a build whose worker died is failed. */
let h: Harness;
const STEP_TIMEOUT_S = 10;

beforeAll(async () => {
  h = await startHarness({ STEP_TIMEOUT_S: String(STEP_TIMEOUT_S) });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Alive and not a zombie (a container's PID 1 may never reap what it inherits). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && stat.split(") ")[1]?.[0] !== "Z";
}

/** The host pid of the process whose command line is exactly `argv` (the sandbox hides its own pids from us). */
async function findProcess(argv: string[]): Promise<number | null> {
  const wanted = `${argv.join("\0")}\0`;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline === wanted) return Number(entry);
  }
  return null;
}

/** A test script that leaves a grandchild (`sleep`) behind npm and sh; found by its unique argument. */
async function pushHangingTest(branch: string) {
  const seconds = `300.${randomInt(100_000, 999_999)}`;
  const pkg = { name: "workshop-restapi", private: true, scripts: { test: `sh -c 'sleep ${seconds} & wait'` } };
  const sha = await h.repo.commitFile("services/restapi/package.json", JSON.stringify(pkg, null, 2), "A test that hangs", branch);
  const builds = await handleBranchPush(h.deps, h.appId, branch, sha);
  const all = await h.db.build.findMany({ where: { id: { in: builds.map((b) => b.id) } }, include: { service: true } });
  const build = all.find((b) => b.service.name === "restapi")!;
  const pid = await waitFor("the sleeping grandchild", () => findProcess(["sleep", seconds]), 60_000);
  expect(await alive(pid)).toBe(true);
  return { build, pid, all };
}

describe("a build's process tree", () => {
  it("is killed when the build is cancelled, and nothing is deployed", async () => {
    const { build, pid, all } = await pushHangingTest("feature/cancel-me");
    const admin = await h.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const t0 = Date.now();
    await cancelBuild(h.db, h.orgId, admin.id, build.id);
    // At once, before the worker notices: the running step reads cancelled, and the build says who.
    const right = await h.db.build.findUniqueOrThrow({ where: { id: build.id }, include: { steps: true } });
    expect(right.steps.find((s) => s.name === "test")?.status).toBe("CANCELED");
    expect(right.steps.some((s) => s.status === "RUNNING")).toBe(false);
    expect(right.error).toBe(`Cancelled by ${admin.name}.`);
    await waitFor("the grandchild to die", async () => !(await alive(pid)), 15_000);
    expect(Date.now() - t0).toBeLessThan(STEP_TIMEOUT_S * 1000);
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status).toBe("CANCELED");
    expect(done.steps.find((s) => s.name === "deploy")?.status).toBe("SKIPPED");
    // The worker's own wind-down keeps it a cancellation, not a failure of the step.
    expect(done.steps.find((s) => s.name === "test")).toMatchObject({ status: "CANCELED", detail: null });
    expect(done.error).toBe(`Cancelled by ${admin.name}.`);
    const instance = await h.db.serviceInstance.findUniqueOrThrow({ where: { id: done.instanceId } });
    expect(instance.currentDeploymentId).toBeNull();
    await waitForBuilds(
      h,
      all.map((b) => b.id),
    );
  });

  it("is killed when a step runs past STEP_TIMEOUT_S, failing the build with the reason", async () => {
    const { build, pid } = await pushHangingTest("feature/hangs");
    const [done] = await waitForBuilds(h, [build.id], 60_000);
    expect(done.status).toBe("FAILED");
    expect(done.steps.find((s) => s.name === "test")?.status).toBe("FAILED");
    expect(done.error).toMatch(new RegExp(`timed out after ${STEP_TIMEOUT_S} s`));
    await waitFor("the grandchild to die", async () => !(await alive(pid)), 5_000);
  });
});

describe("a worker that died mid-build", () => {
  it("has its build failed by the reaper within a minute, and the instance takes the next build", async () => {
    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const instance = await h.db.serviceInstance.create({
      data: { appId: h.appId, serviceId: database.id, stage: "orphan", region: "us-east-1" },
    });
    const stale = new Date(Date.now() - 40_000);
    const orphan = await h.db.build.create({
      data: {
        serviceId: database.id,
        instanceId: instance.id,
        trigger: "manual",
        commitSha: await h.repo.head("master"),
        status: "RUNNING",
        startedAt: stale,
        heartbeatAt: stale,
        workerId: "a-worker-that-died",
        steps: {
          create: [
            { name: "checkout", position: 0, status: "RUNNING" },
            { name: "deploy", position: 1 },
          ],
        },
      },
    });
    const t0 = Date.now();
    const [failed] = await waitForBuilds(h, [orphan.id], 60_000);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/stopped responding/);
    expect(failed.steps.map((s) => s.status)).toEqual(["SKIPPED", "SKIPPED"]);

    const next = await queueBuild(h.db, h.queue, {
      serviceId: database.id,
      stage: "orphan",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    expect((await waitForBuilds(h, [next.id]))[0].status).toBe("SUCCEEDED");
  });
});
