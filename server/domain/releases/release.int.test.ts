import { chmod, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { pollRepository } from "../triggers/poll-repository";
import { createCipher } from "../secrets/cipher";
import { handleBranchPush } from "../triggers/handle-branch";
import { promoteStaging } from "./promote-staging";
import { rollbackRevert } from "./rollback-revert";
import { rollbackInstant } from "./rollback-instant";
import { createRuntimeClient } from "../../runtime/contract";
import type { ReleaseDeps } from "./release-app";

let h: Harness;
let deps: ReleaseDeps;
let po: string;
let restapiId: string;
let runtimeClient: ReturnType<typeof createRuntimeClient>;
const url = (stage: string) => `${h.worker.runtimeUrl}/acme/workshop/${stage}/restapi/submit`;
const greeting = async (stage: string) => ((await (await fetch(url(stage))).json()) as { message: string }).message;
const setGreeting = (text: string, branch = "master") =>
  h.repo.commitFile("services/restapi/handler.js", (s) => s.replace(/const GREETING = ".*";/, `const GREETING = "${text}";`), `restapi: ${text}`, branch);
const prodHead = () => h.repo.head("prod");

async function deployBranch(branch: string, trigger = "push") {
  const builds = await handleBranchPush(h.deps, h.appId, branch, await h.repo.head(branch), trigger);
  const done = await waitForBuilds(h, builds.map((b) => b.id));
  for (const b of done) expect({ service: b.service.name, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
  return done;
}
const followRelease = async (builds: { id: string }[]) => {
  const done = await waitForBuilds(h, builds.map((b) => b.id));
  for (const b of done) expect({ service: b.service.name, status: b.status, error: b.error }).toMatchObject({ status: "SUCCEEDED" });
  return done;
};
const prodDeployments = async () => {
  const instance = await h.db.serviceInstance.findFirstOrThrow({ where: { appId: h.appId, stage: "prod", serviceId: restapiId } });
  return h.db.deployment.findMany({ where: { instanceId: instance.id }, orderBy: { createdAt: "asc" } });
};

beforeAll(async () => {
  h = await startHarness();
  deps = { db: h.db, redis: h.redis, queue: h.queue, dataDir: h.env.SLIPWAY_DATA_DIR, redisPrefix: h.env.REDIS_PREFIX, cipher: createCipher(h.env.SLIPWAY_ENCRYPTION_KEY) };
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
  await h?.close();
});

describe("promotion", () => {
  it("fast-forwards prod to the commit staging runs and deploys it right away", async () => {
    const v2 = await setGreeting("restapi v2");
    await deployBranch("master");
    expect(await greeting("staging")).toBe("restapi v2");
    const res = await promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", note: "ship v2" });
    expect(res.needsConfirmation).toBeNull();
    if (res.needsConfirmation) return;
    expect(res.fastForward).toBe(true);
    expect(await prodHead()).toBe(v2);
    expect(res.builds.length).toBeGreaterThan(0);
    await followRelease(res.builds);
    expect(await greeting("prod")).toBe("restapi v2");
    // Nobody opens the release page: the worker settles the release when its last build ends
    // (well before the slow sweep, every 30 s, would).
    const release = await waitFor("the release to settle by itself", async () => {
      const r = await h.db.release.findUniqueOrThrow({ where: { id: res.releaseId } });
      return r.status !== "RUNNING" && r;
    }, 10_000);
    expect(release).toMatchObject({ kind: "PROMOTE", status: "SUCCEEDED", error: null, fromSha: expect.any(String), toSha: v2, note: "ship v2", actorId: po });
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
    expect(res.fastForward).toBe(false);
    const parents = (await h.repo.git("--git-dir", h.repo.bareDir, "rev-list", "--parents", "-n", "1", "prod")).trim().split(" ");
    expect(parents.slice(1)).toEqual([hotfix, await h.repo.head("master")]);
    await followRelease(res.builds);
    expect(await greeting("prod")).toBe("restapi v3");
  });
});

describe("rollback", () => {
  it("reverts the commits after the chosen deployment: prod serves the old code from a new commit", async () => {
    const deployments = await prodDeployments();
    const v2 = deployments.at(-2)!; // the deployment before the current (v3) one
    const before = await prodHead();
    const res = await rollbackRevert(deps, { orgId: h.orgId, actorId: po, slug: "workshop", serviceId: restapiId, deploymentId: v2.id, note: "v3 breaks checkout" });
    expect(res.toSha).not.toBe(v2.commitSha);
    expect(await prodHead()).toBe(res.toSha);
    expect((await h.repo.git("--git-dir", h.repo.bareDir, "rev-parse", "prod^")).trim()).toBe(before);
    expect((await h.repo.git("--git-dir", h.repo.bareDir, "diff", "--stat", v2.commitSha, "prod")).trim()).toBe("");
    const done = await followRelease(res.builds);
    expect(done.map((b) => b.commitSha)).toContain(res.toSha);
    expect(await greeting("prod")).toBe("restapi v2");
  });

  it("switches prod back to an earlier artifact instantly, without a build; the next push deploys normally", async () => {
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
    expect(instance).toMatchObject({ currentDeploymentId: v1.id, pinnedDeploymentId: v1.id, rolledBackAt: expect.any(Date) });

    await h.repo.git("checkout", "--quiet", "-B", "prod", "origin/prod");
    await h.repo.git("pull", "--quiet", "--ff-only", "origin", "prod");
    await setGreeting("restapi v4 fixed", "prod");
    await deployBranch("prod");
    expect(await greeting("prod")).toBe("restapi v4 fixed");
    const after = await h.db.serviceInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.pinnedDeploymentId).toBeNull();
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
      await expect(promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop", confirmMerge: true })).rejects.toThrow(/refused the push.*protected branch/);
      expect(await prodHead()).toBe(before);
      expect(await h.db.build.count()).toBe(count);
      const failed = await h.db.release.findFirstOrThrow({ where: { kind: "PROMOTE" }, orderBy: { createdAt: "desc" } });
      expect(failed).toMatchObject({ status: "FAILED", error: expect.stringMatching(/protected branch/) });
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
    if (!res.needsConfirmation) await followRelease(res.builds);
    expect(await h.repo.git("--git-dir", h.repo.bareDir, "show", "prod:services/restapi/NOTES.md")).toContain("Release notes v5");
    expect(await greeting("prod")).toBe("restapi v4 fixed");
  });

  it("refuses to promote when staging's last build failed", async () => {
    await h.repo.commitFile("services/restapi/test/handler.test.js", (s) => s.replace("/restapi/", "/never-matches/"), "A test that fails");
    const builds = await handleBranchPush(h.deps, h.appId, "master", await h.repo.head("master"));
    await waitForBuilds(h, builds.map((b) => b.id));
    await expect(promoteStaging(deps, { orgId: h.orgId, actorId: po, slug: "workshop" })).rejects.toThrow(/Staging's last build of restapi \(#\d+\) failed/);
  });
});
