import { chmod, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { pollRepository } from "../triggers/poll-repository";
import { handleBranchPush } from "../triggers/handle-branch";
import { promoteStaging } from "./promote-staging";
import { rollbackRevert } from "./rollback-revert";
import { rollbackInstant } from "./rollback-instant";
import { createRuntimeClient } from "../../runtime/contract";
import { settleRelease, type ReleaseDeps } from "./release-app";
import { undoRollback } from "./undo-rollback";
import { makeRollbackPermanent } from "./make-permanent";
import { deployHeldBuild } from "./deploy-held-build";
import { getRollbackState } from "./get-rollback-state";
import { getReleaseOverview } from "./get-release-overview";
import { runtimeAddress } from "../deployments/instance-url";
import { createJobQueues, type JobQueues } from "../../jobs/catalog";
import { followReleaseLog } from "../../logs/release-log";
import type { ReleaseRequestDeps } from "./release-session";

let h: Harness;
let deps: ReleaseDeps & ReleaseRequestDeps;
let jobs: JobQueues;
let po: string;
let restapiId: string;
let runtimeClient: ReturnType<typeof createRuntimeClient>;
const url = (stage: string) => `${h.worker.runtimeUrl}/acme/workshop/${stage}/restapi/submit`;
const greeting = async (stage: string) => ((await (await fetch(url(stage))).json()) as { message: string }).message;
const setGreeting = (text: string, branch = "master") =>
  h.repo.commitFile(
    "services/restapi/handler.js",
    (s) => s.replace(/const GREETING = ".*";/, `const GREETING = "${text}";`),
    `restapi: ${text}`,
    branch,
  );
const prodHead = () => h.repo.head("prod");

async function deployBranch(branch: string, trigger = "push") {
  const builds = await handleBranchPush(h.deps, h.appId, branch, await h.repo.head(branch), trigger);
  const done = await waitForBuilds(
    h,
    builds.map((b) => b.id),
  );
  for (const b of done) expect({ service: b.service.name, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
  return done;
}
const followRelease = async (builds: { id: string }[]) => {
  const done = await waitForBuilds(
    h,
    builds.map((b) => b.id),
  );
  for (const b of done) expect({ service: b.service.name, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
  return done;
};
const switchDeps = () => ({ ...deps, runtime: runtimeClient });
/**
 * Follows a queued release as the Release page does: its live lines until the worker's release job
 * ends, then the row and the builds it queued.
 */
async function followReleaseJob(releaseId: string) {
  const lines: string[] = [];
  for await (const e of followReleaseLog({ db: h.db, redis: h.redis, prefix: h.env.REDIS_PREFIX }, releaseId, null)) {
    lines.push(...e.lines);
    if (e.done) break;
  }
  const release = await h.db.release.findUniqueOrThrow({ where: { id: releaseId } });
  expect(release.log).toBe(lines.join("\n"));
  return { release, lines, builds: release.buildIds.map((id) => ({ id })) };
}
/** A push to prod while restapi is pinned: its build is queued and then held, never run. */
async function heldPush() {
  const builds = await handleBranchPush(h.deps, h.appId, "prod", await h.repo.head("prod"), "push");
  const restapi = builds.find((b) => b.serviceId === restapiId)!;
  expect(restapi).toBeTruthy();
  return waitFor(
    "the push to be held",
    async () => {
      const b = await h.db.build.findUniqueOrThrow({ where: { id: restapi.id } });
      return b.status === "QUEUED" && b.holdReason === "pinned" ? b : null;
    },
    20_000,
  );
}
const prodDeployments = async () => {
  const instance = await h.db.serviceInstance.findFirstOrThrow({ where: { appId: h.appId, stage: "prod", serviceId: restapiId } });
  return h.db.deployment.findMany({ where: { instanceId: instance.id }, orderBy: { createdAt: "asc" } });
};

beforeAll(async () => {
  h = await startHarness();
  deps = {
    db: h.db,
    redis: h.redis,
    queue: h.queue,
    dataDir: h.env.SLIPWAY_DATA_DIR,
    redisPrefix: h.env.REDIS_PREFIX,
    env: h.env,
    cipher: h.deps.cipher,
    jobs: (jobs = createJobQueues(h.redis, h.env.REDIS_PREFIX)),
  };
  runtimeClient = createRuntimeClient({ redis: h.redis, prefix: h.env.REDIS_PREFIX });
  po = (await h.db.user.findUniqueOrThrow({ where: { email: "po@example.com" } })).id;
  restapiId = (await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } })).id;
  await pollRepository(h.deps, h.appId);
  await deployBranch("prod", "manual");
  await deployBranch("master", "manual");
  expect(await greeting("prod")).toBe("Hello from restapi");
}, 240_000);

afterAll(async () => {
  await runtimeClient?.close();
  await jobs?.close();
  await h?.close();
});

describe("promotion", () => {
  it("fast-forwards prod to the commit staging runs and deploys it right away", async () => {
    const v2 = await setGreeting("restapi v2");
    await deployBranch("master");
    expect(await greeting("staging")).toBe("restapi v2");
    const before = await prodHead();
    const res = await promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", note: "ship v2" });
    expect(res.needsConfirmation).toBeNull();
    if (res.needsConfirmation) return;
    // The request answers with a queued release; the worker's release job does the git work.
    const asked = await h.db.release.findUniqueOrThrow({ where: { id: res.releaseId } });
    expect(asked).toMatchObject({ kind: "PROMOTE", actorId: po, note: "ship v2", fromSha: before, sourceSha: v2, fastForward: true });
    const job = await followReleaseJob(res.releaseId);
    expect(job.lines).toEqual(
      expect.arrayContaining([
        "Promotion started by the worker",
        `Fast-forwarding prod ${before.slice(0, 7)} → ${v2.slice(0, 7)}`,
        `Pushed: prod is at ${v2.slice(0, 7)}`,
      ]),
    );
    expect(job.lines.at(-1)).toMatch(/^Deploying prod: build #\d+/);
    expect(job.release.fastForward).toBe(true);
    expect(await prodHead()).toBe(v2);
    expect(job.builds.length).toBeGreaterThan(0);
    await followRelease(job.builds);
    expect(await greeting("prod")).toBe("restapi v2");
    // Nobody opens the release page: the worker settles the release when its last build ends
    // (well before the slow sweep, every 30 s, would).
    const release = await waitFor(
      "the release to settle by itself",
      async () => {
        const r = await h.db.release.findUniqueOrThrow({ where: { id: res.releaseId } });
        return r.status !== "RUNNING" && r;
      },
      10_000,
    );
    expect(release).toMatchObject({
      kind: "PROMOTE",
      status: "SUCCEEDED",
      error: null,
      fromSha: expect.any(String),
      toSha: v2,
      note: "ship v2",
      actorId: po,
    });
    expect(release.finishedAt).not.toBeNull();
    expect(await h.db.auditEvent.count({ where: { action: "release.promote", actorId: po } })).toBe(1);
  });

  it("asks before a merge commit when prod has its own commits, then merges and deploys", async () => {
    await h.repo.git("fetch", "--quiet", "origin", "prod");
    await h.repo.git("checkout", "--quiet", "-B", "prod", "origin/prod");
    const hotfix = await h.repo.commitFile("README.md", (s) => `${s}\nHotfix note on prod.\n`, "Hotfix note", "prod");
    await setGreeting("restapi v3");
    await deployBranch("master");
    const ask = await promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop" });
    expect(ask).toMatchObject({ needsConfirmation: "merge", prodSha: hotfix });
    expect(await prodHead()).toBe(hotfix); // nothing pushed before the user agrees
    const res = await promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", confirmMerge: true });
    if (res.needsConfirmation) throw new Error("expected a merge");
    const job = await followReleaseJob(res.releaseId);
    expect(job.release.fastForward).toBe(false);
    expect(job.lines.join("\n")).toContain(
      `Merging master (${(await h.repo.head("master")).slice(0, 7)}) into prod (${hotfix.slice(0, 7)})`,
    );
    const parents = (await h.repo.git("--git-dir", h.repo.bareDir, "rev-list", "--parents", "-n", "1", "prod")).trim().split(" ");
    expect(parents.slice(1)).toEqual([hotfix, await h.repo.head("master")]);
    await followRelease(job.builds);
    expect(await greeting("prod")).toBe("restapi v3");
  });
});

describe("rollback", () => {
  it("reverts the commits after the chosen deployment: prod serves the old code from a new commit", async () => {
    const deployments = await prodDeployments();
    const v2 = deployments.at(-2)!; // the deployment before the current (v3) one
    const before = await prodHead();
    const res = await rollbackRevert(deps, {
      orgId: h.orgId,
      actorId: po,
      slug: "workshop",
      serviceId: restapiId,
      deploymentId: v2.id,
      note: "v3 breaks checkout",
    });
    const { release, lines, builds } = await followReleaseJob(res.releaseId);
    expect(release).toMatchObject({ kind: "ROLLBACK_REVERT", fromSha: before, sourceSha: v2.commitSha, note: "v3 breaks checkout" });
    expect(release.toSha).not.toBe(v2.commitSha);
    expect(lines.join("\n")).toMatch(new RegExp(`Reverted \\d+ commit\\(s\\) as ${release.toSha!.slice(0, 7)}`));
    expect(await prodHead()).toBe(release.toSha);
    expect((await h.repo.git("--git-dir", h.repo.bareDir, "rev-parse", "prod^")).trim()).toBe(before);
    expect((await h.repo.git("--git-dir", h.repo.bareDir, "diff", "--stat", v2.commitSha, "prod")).trim()).toBe("");
    const done = await followRelease(builds);
    expect(done.map((b) => b.commitSha)).toContain(release.toSha);
    expect(await greeting("prod")).toBe("restapi v2");
  });

  it("switches prod back to an earlier artifact instantly, without a build; the next push waits until deployed anyway", async () => {
    const deployments = await prodDeployments();
    const v1 = deployments[0];
    const buildsBefore = await h.db.build.count();
    const started = performance.now();
    const res = await rollbackInstant(
      { ...deps, runtime: runtimeClient },
      { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapiId, deploymentId: v1.id, note: "emergency" },
    );
    await waitFor("the old version", async () => (await greeting("prod")) === "Hello from restapi", 5_000);
    const servedMs = Math.round(performance.now() - started);
    console.log(`[release.int] instant rollback: switch ${res.switchMs} ms, old version served ${servedMs} ms after the request`);
    expect(servedMs).toBeLessThan(1_000);
    expect(await h.db.build.count()).toBe(buildsBefore);
    const instance = await h.db.serviceInstance.findFirstOrThrow({ where: { appId: h.appId, stage: "prod", serviceId: restapiId } });
    expect(instance).toMatchObject({
      currentDeploymentId: v1.id,
      pinnedDeploymentId: v1.id,
      rolledBackAt: expect.any(Date),
      pinnedById: po,
      pinnedFromDeploymentId: deployments.at(-1)!.id,
    });

    await h.repo.git("checkout", "--quiet", "-B", "prod", "origin/prod");
    await h.repo.git("pull", "--quiet", "--ff-only", "origin", "prod");
    await setGreeting("restapi v4 fixed", "prod");
    const held = await heldPush();
    expect(await greeting("prod")).toBe("Hello from restapi");
    await deployHeldBuild({ db: h.db, queue: h.queue, orgId: h.orgId, actorId: po, buildId: held.id });
    await followRelease([held]);
    expect(await greeting("prod")).toBe("restapi v4 fixed");
    const after = await h.db.serviceInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.pinnedDeploymentId).toBeNull();
  });
});

describe("a pinned prod", () => {
  it("is one fact everywhere; undo switches forward to the newest deployment and lets the held push deploy", async () => {
    const deployments = await prodDeployments();
    const newest = deployments.at(-1)!;
    const older = deployments.at(-2)!;
    await rollbackInstant(switchDeps(), {
      orgId: h.orgId,
      actorId: po,
      slug: "workshop",
      serviceId: restapiId,
      deploymentId: older.id,
      note: "v4 is slow",
    });
    const olderGreeting = await greeting("prod");
    expect(olderGreeting).not.toBe("restapi v4 fixed");

    const state = await getRollbackState(h.db, h.orgId, "workshop");
    const pin = state.pins.find((p) => p.service === "restapi" && p.stage === "prod")!;
    expect(pin).toMatchObject({
      by: "Pat Product",
      serving: { deploymentId: older.id, commitSha: older.commitSha },
      from: { deploymentId: newest.id, commitSha: newest.commitSha },
    });
    expect(state.marks[newest.buildId!]).toBe("rolled-back");
    expect(state.marks[older.buildId!]).toBe("serving");
    expect(state.rollbacks[0]).toMatchObject({
      kind: "ROLLBACK_INSTANT",
      service: "restapi",
      fromSha: newest.commitSha,
      toSha: older.commitSha,
    });
    const overview = await getReleaseOverview(
      { db: h.db, cipher: deps.cipher, dataDir: deps.dataDir, runtimeBase: runtimeAddress(h.env) },
      h.orgId,
      "workshop",
    );
    expect(overview.services.find((s) => s.name === "restapi")!.prod!.pinned).toMatchObject({ from: { commitSha: newest.commitSha } });

    // Going "back" to what was rolled back is an undo, not a rollback or a revert.
    await expect(
      rollbackInstant(switchDeps(), { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapiId, deploymentId: newest.id }),
    ).rejects.toThrow(/Undo rollback/);

    await setGreeting("restapi v5 pushed", "prod");
    const held = await heldPush();
    expect((await getRollbackState(h.db, h.orgId, "workshop")).marks[held.id]).toBe("held");
    expect(await greeting("prod")).toBe(olderGreeting);

    const undo = await undoRollback(switchDeps(), { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapiId });
    expect(undo.deploymentId).toBe(newest.id);
    await waitFor(
      "the newest version again",
      async () => (await greeting("prod")) === "restapi v4 fixed" || (await greeting("prod")) === "restapi v5 pushed",
      5_000,
    );
    expect((await getRollbackState(h.db, h.orgId, "workshop")).pins).toEqual([]);
    // The push the pin held goes ahead by itself now.
    await followRelease([held]);
    expect(await greeting("prod")).toBe("restapi v5 pushed");
    expect(await h.db.release.findUniqueOrThrow({ where: { id: undo.releaseId } })).toMatchObject({
      kind: "ROLLBACK_UNDO",
      status: "SUCCEEDED",
    });
  });

  it("make it permanent: reverts exactly the rolled-back commits on prod, deploys them, and the branch and what serves agree", async () => {
    const deployments = await prodDeployments();
    const bad = deployments.at(-1)!;
    const good = deployments.at(-2)!;
    await rollbackInstant(switchDeps(), { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapiId, deploymentId: good.id });
    expect(await greeting("prod")).toBe("restapi v4 fixed");
    const branchBefore = await prodHead();
    expect(branchBefore).toBe(bad.commitSha);

    const res = await makeRollbackPermanent(deps, {
      orgId: h.orgId,
      actorId: po,
      slug: "workshop",
      serviceId: restapiId,
      note: "v5 stays out",
    });
    const job = await followReleaseJob(res.releaseId);
    const toSha = job.release.toSha!;
    expect(job.lines.join("\n")).toContain(`Reverted 1 commit(s) as ${toSha.slice(0, 7)}`);
    expect(await h.repo.git("--git-dir", h.repo.bareDir, "log", "-1", "--format=%B", "prod")).toContain(`Reverts ${bad.commitSha}`);
    expect(await prodHead()).toBe(toSha);
    expect((await h.repo.git("--git-dir", h.repo.bareDir, "rev-parse", "prod^")).trim()).toBe(branchBefore);
    expect((await h.repo.git("--git-dir", h.repo.bareDir, "diff", "--stat", good.commitSha, "prod")).trim()).toBe("");
    await followRelease(job.builds);
    const instance = await h.db.serviceInstance.findFirstOrThrow({
      where: { appId: h.appId, stage: "prod", serviceId: restapiId },
      include: { currentDeployment: true },
    });
    expect(instance.pinnedDeploymentId).toBeNull();
    expect(instance.currentDeployment!.commitSha).toBe(await prodHead());
    expect(await greeting("prod")).toBe("restapi v4 fixed");
    // Settled by the worker's settle-release job once its builds ended.
    const settled = await waitFor(
      "the release to settle",
      async () => {
        const r = await h.db.release.findUniqueOrThrow({ where: { id: res.releaseId } });
        return r.status !== "RUNNING" && r;
      },
      10_000,
    );
    expect(settled).toMatchObject({
      kind: "ROLLBACK_PERMANENT",
      status: "SUCCEEDED",
      toSha,
      note: "v5 stays out",
    });
    // Nothing is pinned any more: a second "make it permanent" says so and changes nothing.
    await expect(makeRollbackPermanent(deps, { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapiId })).rejects.toThrow(
      /not rolled back/,
    );
    expect(await prodHead()).toBe(toSha);
  });
});

describe("guards", () => {
  it("a push the remote refuses ends with its reason, and prod is unchanged", async () => {
    const hook = path.join(h.repo.bareDir, "hooks", "pre-receive");
    await h.repo.git("checkout", "--quiet", "master");
    await h.repo.commitFile("services/restapi/NOTES.md", "Release notes v5\n", "restapi: release notes");
    await deployBranch("master");
    await writeFile(hook, "#!/bin/sh\necho 'prod is a protected branch' >&2\nexit 1\n");
    await chmod(hook, 0o755);
    try {
      const before = await prodHead();
      const count = await h.db.build.count();
      const res = await promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", confirmMerge: true });
      if (res.needsConfirmation) throw new Error("confirmMerge was given");
      const { release: failed, lines } = await followReleaseJob(res.releaseId);
      expect(failed).toMatchObject({ status: "FAILED", error: expect.stringMatching(/refused the push.*protected branch/) });
      expect(failed.finishedAt).not.toBeNull();
      expect(lines.at(-1)).toMatch(/^Failed: The remote refused the push to prod: prod is a protected branch/);
      expect(await prodHead()).toBe(before);
      expect(await h.db.build.count()).toBe(count);
      expect(await h.db.auditEvent.count({ where: { action: "release.promote", after: { path: ["outcome"], equals: "failed" } } })).toBe(1);
    } finally {
      await rm(hook, { force: true });
    }
  });

  it("refuses a second promotion while one is running", async () => {
    const results = await Promise.allSettled([
      promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", confirmMerge: true }),
      promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", confirmMerge: true }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.map((r) => String(r.reason))).toEqual([expect.stringMatching(/in progress|Prod is deploying/)]);
    expect(ok).toHaveLength(1);
    const res = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof promoteStaging>>>).value;
    if (res.needsConfirmation) throw new Error("confirmMerge was given");
    // While that release has not pushed, a third is refused too.
    await expect(promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", confirmMerge: true })).rejects.toThrow(
      /in progress|Prod is deploying/,
    );
    const job = await followReleaseJob(res.releaseId);
    expect(job.release.status).not.toBe("FAILED");
    await followRelease(job.builds);
    expect(await h.repo.git("--git-dir", h.repo.bareDir, "show", "prod:services/restapi/NOTES.md")).toContain("Release notes v5");
    expect(await greeting("prod")).toBe("restapi v4 fixed");
  });

  it("a release whose push is not recorded yet is not settled as done; one lost for ten minutes fails", async () => {
    const pending = await h.db.release.create({
      data: { orgId: h.orgId, appId: h.appId, kind: "ROLLBACK_PERMANENT", serviceId: restapiId, actorId: po },
    });
    expect((await settleRelease(h.db, pending.id)).status).toBe("RUNNING");
    const switching = await h.db.release.create({
      data: { orgId: h.orgId, appId: h.appId, kind: "ROLLBACK_UNDO", serviceId: restapiId, actorId: po },
    });
    expect((await settleRelease(h.db, switching.id)).status).toBe("RUNNING");
    // Queued, and no worker took its job: the same.
    const queued = await h.db.release.create({
      data: { orgId: h.orgId, appId: h.appId, kind: "PROMOTE", status: "QUEUED", actorId: po },
    });
    expect((await settleRelease(h.db, queued.id)).status).toBe("QUEUED");
    await h.db.release.updateMany({
      where: { id: { in: [pending.id, queued.id] } },
      data: { createdAt: new Date(Date.now() - 11 * 60_000) },
    });
    expect(await settleRelease(h.db, pending.id)).toMatchObject({ status: "FAILED", error: expect.stringMatching(/lost track/) });
    expect(await settleRelease(h.db, queued.id)).toMatchObject({ status: "FAILED", error: expect.stringMatching(/lost track/) });
    await h.db.release.deleteMany({ where: { id: { in: [pending.id, switching.id, queued.id] } } });
  });

  it("refuses to promote when staging's last build failed", async () => {
    await h.repo.commitFile("services/restapi/test/handler.test.js", (s) => s.replace("/restapi/", "/never-matches/"), "A test that fails");
    const builds = await handleBranchPush(h.deps, h.appId, "master", await h.repo.head("master"));
    await waitForBuilds(
      h,
      builds.map((b) => b.id),
    );
    await expect(promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop" })).rejects.toThrow(
      /Staging's last build of restapi \(#\d+\) failed/,
    );
  });
});
