import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { pollRepository } from "../triggers/poll-repository";
import { requeueForgottenBuilds } from "../builds/reap-builds";
import { rollbackInstant } from "../releases/rollback-instant";
import { undoRollback } from "../releases/undo-rollback";
import { createRuntimeClient } from "../../runtime/contract";
import type { ProtectionInput } from "./save-protection";

/**
 * Protection rules of the prod stage on real pushes through the worker: a required approval holds
 * the build until an approver lets it run (or rejects it: nothing deploys); a deploy freeze holds
 * it until an admin overrides it (audited) or the window ends (the worker looks again by itself).
 */
let h: Harness;
let runtimeClient: ReturnType<typeof createRuntimeClient>;
let n = 0;
const RULES: ProtectionInput = {
  requireApproval: false,
  approverRoles: [],
  approverUserIds: [],
  allowSelfApproval: false,
  timeZone: "UTC",
  freezes: [],
  freezeMode: "WAIT",
};

async function caller(email: string) {
  const { createCaller } = await import("../../trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
}
const userId = async (email: string) => (await h.db.user.findUniqueOrThrow({ where: { email } })).id;
const protect = async (rules: Partial<ProtectionInput>) =>
  (await caller("admin@example.com")).stages.protect({ appSlug: "workshop", stage: "prod", rules: { ...RULES, ...rules } });
/** A push to prod touching tasks (the only service deployed from prod in this file); returns its build. */
async function pushToProd() {
  await h.repo.commitFile("services/tasks/handler.js", (s) => `${s}\n// change ${++n}\n`, `tasks change ${n}`, "prod");
  await pollRepository(h.deps, h.appId);
  return h.db.build.findFirstOrThrow({ where: { branch: "prod", service: { name: "tasks" } }, orderBy: { number: "desc" } });
}
const prodTasks = () => h.db.serviceInstance.findFirstOrThrow({ where: { appId: h.appId, stage: "prod", service: { name: "tasks" } } });
const deploymentsOnProd = async () => h.db.deployment.count({ where: { instanceId: (await prodTasks()).id } });
/** "2026-12-01T19:40:05" in UTC: freeze windows are wall-clock times in the stage's zone. */
const local = (d: Date) => d.toISOString().slice(0, 19);

beforeAll(async () => {
  h = await startHarness();
  runtimeClient = createRuntimeClient({ redis: h.redis, prefix: h.env.REDIS_PREFIX });
  // Only tasks deploys from the prod branch here: each push is one real build.
  await h.db.service.updateMany({
    where: { appId: h.appId, name: { not: "tasks" } },
    data: { branchDeployments: [{ branch: "master", stage: "staging" }] },
  });
  await pollRepository(h.deps, h.appId);
}, 120_000);

afterAll(async () => {
  await runtimeClient?.close();
  await h?.close();
});

describe("protection rules in the stage settings", () => {
  it("refuses rules it cannot read, naming the field, and changes nothing", async () => {
    const admin = await caller("admin@example.com");
    const bad = (rules: Partial<ProtectionInput>) =>
      admin.stages.protect({ appSlug: "workshop", stage: "prod", rules: { ...RULES, ...rules } });
    await expect(bad({ timeZone: "Mars/Olympus" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("not a time zone"),
    });
    await expect(bad({ requireApproval: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("who may approve"),
    });
    await expect(bad({ requireApproval: true, approverUserIds: ["not-a-member"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("must be a member"),
    });
    await expect(admin.stages.protect({ appSlug: "workshop", stage: "bad stage", rules: RULES })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      (await caller("po@example.com")).stages.protect({ appSlug: "workshop", stage: "prod", rules: RULES }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await h.db.stageProtection.count()).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "stage.protect" } })).toBe(0);
  });
});

describe("required approval on prod", () => {
  it("holds a push to prod until an approver approves it; the author may not approve their own change", async () => {
    await protect({ requireApproval: true, approverRoles: ["DEVELOPER", "PRODUCT_OWNER"] });
    const build = await pushToProd();
    expect([build.status, build.needsApproval]).toEqual(["QUEUED", true]);
    // Neither the worker nor the reaper runs it meanwhile.
    await requeueForgottenBuilds(h.db, h.queue, 0);
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await h.db.build.findUniqueOrThrow({ where: { id: build.id } })).startedAt).toBeNull();

    const po = await caller("po@example.com");
    expect((await po.builds.waiting()).map((b) => [b.id, b.waitingFor])).toEqual([[build.id, "approval"]]);
    expect((await po.builds.gate({ id: build.id })).approval).toMatchObject({ waiting: true, canApprove: true });
    // Ada Developer wrote the commit: a developer may approve, but not their own change.
    const dev = await caller("dev@example.com");
    expect(await dev.builds.waiting()).toEqual([]);
    expect((await dev.builds.gate({ id: build.id })).approval.refusal).toMatch(/You made this change/);
    await expect(dev.builds.approve({ id: build.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await caller("reviewer@example.com")).builds.approve({ id: build.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await po.builds.approve({ id: build.id });
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status, `${done.error}\n${done.log}`).toBe("SUCCEEDED");
    expect(done.approvedById).toBe(await userId("po@example.com"));
    expect(
      await h.db.auditEvent.count({
        where: { action: "build.approve", actorId: await userId("po@example.com"), target: `build #${build.number}` },
      }),
    ).toBe(1);
  });

  it("makes each new build wait again, and a rejected build ends as rejected, deploying nothing", async () => {
    const before = await deploymentsOnProd();
    const build = await pushToProd();
    expect(build.status).toBe("QUEUED");
    const po = await caller("po@example.com");
    await po.builds.reject({ id: build.id, reason: "Not during the launch" });
    const row = await h.db.build.findUniqueOrThrow({ where: { id: build.id }, include: { steps: true } });
    expect([row.status, row.error]).toEqual(["REJECTED", "Rejected by Pat Product: Not during the launch"]);
    expect(row.steps.every((s) => s.status === "SKIPPED")).toBe(true);
    await expect(po.builds.approve({ id: build.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await requeueForgottenBuilds(h.db, h.queue, 0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await deploymentsOnProd()).toBe(before);
    expect((await h.db.build.findUniqueOrThrow({ where: { id: build.id } })).startedAt).toBeNull();
    expect(await h.db.auditEvent.findFirst({ where: { action: "build.reject", target: `build #${build.number}` } })).toMatchObject({
      after: { reason: "Not during the launch" },
    });
  });
});

describe("deploy freezes on prod", () => {
  it("holds a push to prod during a freeze; an admin's override releases it, audited with the reason", async () => {
    const now = Date.now();
    await protect({
      freezes: [{ kind: "once", start: local(new Date(now - 60_000)), end: local(new Date(now + 3_600_000)), note: "launch week" }],
    });
    const build = await pushToProd();
    const held = await waitFor(
      "the freeze to hold the build",
      async () => {
        const b = await h.db.build.findUniqueOrThrow({ where: { id: build.id } });
        return b.holdReason === "freeze" ? b : null;
      },
      20_000,
    );
    expect([held.status, held.startedAt, held.holdUntil?.getTime()]).toEqual(["QUEUED", null, Math.floor((now + 3_600_000) / 1000) * 1000]);
    // The release page says so before anyone presses a button.
    const blockers = await (await caller("po@example.com")).releases.blockers({ slug: "workshop" });
    expect(blockers.freeze).toMatchObject({ mode: "WAIT", youMayOverride: false });
    expect(blockers.freeze?.message).toContain('"launch week"');
    expect(blockers.instantRollback.needsOverride).toBe(true);

    await expect((await caller("po@example.com")).builds.overrideFreeze({ id: build.id, reason: "hotfix" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const admin = await caller("admin@example.com");
    expect((await admin.builds.waiting()).map((b) => [b.id, b.waitingFor])).toEqual([[build.id, "freeze"]]);
    await admin.builds.overrideFreeze({ id: build.id, reason: "Hotfix for the checkout outage" });
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status, `${done.error}\n${done.log}`).toBe("SUCCEEDED");
    expect(done.log).toContain("is frozen");
    expect(await h.db.auditEvent.findFirst({ where: { action: "build.override-freeze", target: `build #${build.number}` } })).toMatchObject(
      {
        actorId: await userId("admin@example.com"),
        after: { reason: "Hotfix for the checkout outage" },
      },
    );
  });

  it("refuses an instant rollback during the freeze unless an admin overrides it, and says why", async () => {
    const instance = await prodTasks();
    const [previous] = await h.db.deployment.findMany({
      where: { instanceId: instance.id, id: { not: instance.currentDeploymentId! } },
      orderBy: { createdAt: "desc" },
      take: 1,
    });
    const deps = {
      db: h.db,
      redis: h.redis,
      queue: h.queue,
      dataDir: h.env.SLIPWAY_DATA_DIR,
      redisPrefix: h.env.REDIS_PREFIX,
      env: h.env,
      cipher: h.deps.cipher,
      runtime: runtimeClient,
    };
    const input = { orgId: h.orgId, slug: "workshop", serviceId: instance.serviceId, deploymentId: previous.id, note: "back" };
    await expect(rollbackInstant(deps, { ...input, actorId: await userId("po@example.com") })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("needs an admin's override"),
    });
    await expect(
      rollbackInstant(deps, { ...input, actorId: await userId("po@example.com"), overrideReason: "please" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await rollbackInstant(deps, { ...input, actorId: await userId("admin@example.com"), overrideReason: "The release broke checkout" });
    expect((await prodTasks()).currentDeploymentId).toBe(previous.id);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "release.rollback" }, orderBy: { createdAt: "desc" } });
    expect(audit.after).toMatchObject({ mode: "instant", freezeOverride: { reason: "The release broke checkout" } });
    // A rolled-back prod holds pushes: undo it (the freeze asks an override of that too), so the next tests' pushes deploy.
    const undo = { ...input, actorId: await userId("admin@example.com"), overrideReason: "Fixed forward" };
    await undoRollback(deps, undo);
    const after = await prodTasks();
    expect(after.pinnedDeploymentId).toBeNull();
    expect(after.currentDeploymentId).toBe(instance.currentDeploymentId);
  });

  it("fails deploys during a freeze when the admin chose so", async () => {
    await protect({
      freezeMode: "FAIL",
      freezes: [{ kind: "once", start: local(new Date(Date.now() - 60_000)), end: local(new Date(Date.now() + 3_600_000)) }],
    });
    const build = await pushToProd();
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status).toBe("FAILED");
    expect(done.error).toMatch(/^Stage prod is frozen \(.*\) until .*Deploys to this stage fail during a freeze/);
    expect(done.startedAt).toBeNull();
    // The override queues that same build again, past the freeze.
    await (await caller("admin@example.com")).builds.overrideFreeze({ id: build.id, reason: "Security patch" });
    const [again] = await waitForBuilds(h, [build.id]);
    expect(again.status, `${again.error}\n${again.log}`).toBe("SUCCEEDED");
    expect(again.freezeOverrideReason).toBe("Security patch");
  });

  it("releases a held build by itself when the window ends", async () => {
    await protect({ freezes: [{ kind: "once", start: local(new Date(Date.now() - 60_000)), end: local(new Date(Date.now() + 6_000)) }] });
    const build = await pushToProd();
    await waitFor(
      "the freeze to hold the build",
      async () => (await h.db.build.findUniqueOrThrow({ where: { id: build.id } })).holdReason === "freeze",
      20_000,
    );
    const [done] = await waitForBuilds(h, [build.id], 60_000);
    expect(done.status, `${done.error}\n${done.log}`).toBe("SUCCEEDED");
    expect(done.freezeOverrideAt).toBeNull();
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(done.holdUntil?.getTime() ?? 0);
  });
});
