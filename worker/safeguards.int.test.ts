import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../scripts/test/harness";
import { pollRepository } from "../server/domain/triggers/poll-repository";
import { queueBuild } from "../server/domain/builds/queue-build";

/**
 * Safeguards on real builds: the worker checks the stage's profile policies against the resolved
 * serverless.yml between resolve and deploy. ERROR stops the build before anything is deployed;
 * WARNING is marked and the build deploys.
 */
let h: Harness;
const WILD = `service: tasks
frameworkVersion: "3"

provider:
  name: aws
  runtime: nodejs20.x
  iamRoleStatements:
    - Effect: Allow
      Action: '*'
      Resource: arn:aws:dynamodb:us-east-1:123456789012:table/tasks

functions:
  ping:
    handler: handler.ping
    environment:
      url: \${param:endpoint}
    events:
      - schedule: rate(1 hour)
`;

async function caller(email: string) {
  const { createCaller } = await import("../server/trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
}
async function setSafeguards(profile: string, safeguards: Array<{ policy: string; level: "ERROR" | "WARNING"; config: unknown }>) {
  const { id } = await h.db.deploymentProfile.findFirstOrThrow({ where: { orgId: h.orgId, name: profile } });
  await (await caller("admin@example.com")).profiles.saveSafeguards({ id, safeguards });
}
const tasks = () => h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "tasks" } });
const steps = (b: { steps: { name: string; status: string }[] }) => b.steps.map((s) => [s.name, s.status]);

beforeAll(async () => {
  h = await startHarness();
  await pollRepository(h.deps, h.appId); // the first poll records the branches without building
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("safeguards in every deploy build", () => {
  it("fails a push to prod whose IAM statement allows every action, before its deploy step, naming policy, path and value", async () => {
    await setSafeguards("profile-prod", [
      { policy: "no-wild-iam-role-statements", level: "ERROR", config: {} },
      { policy: "allowed-regions", level: "ERROR", config: ["us-east-1"] },
      { policy: "framework-version", level: "ERROR", config: ">=3.0.0 <4.0.0" },
    ]);
    await h.repo.commitFile("services/tasks/serverless.yml", WILD, "Let tasks do anything", "prod");
    await pollRepository(h.deps, h.appId);
    // Prod has never been deployed, so the push builds every service; tasks is the one that changed.
    const queued = await h.db.build.findMany({ where: { branch: "prod" }, include: { service: true } });
    const all = await waitForBuilds(
      h,
      queued.map((b) => b.id),
      180_000,
    );
    const failed = all.find((b) => b.service.name === "tasks")!;
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toBe('no-wild-iam-role-statements: provider.iamRoleStatements[0].Action is "*"');
    expect(steps(failed)).toEqual([
      ["checkout", "SUCCEEDED"],
      ["install", "SUCCEEDED"],
      ["test", "SUCCEEDED"],
      ["resolve", "SUCCEEDED"],
      ["safeguards", "FAILED"],
      ["deploy", "SKIPPED"],
    ]);
    expect(await h.db.deployment.count({ where: { instanceId: failed.instanceId } })).toBe(0);
    expect(failed.log).toContain("✖ ERROR\u001b[0m no-wild-iam-role-statements");

    // The build page's data: one verdict per policy.
    const page = await (await caller("reviewer@example.com")).builds.get({ id: failed.id });
    expect(page.safeguardChecks.map((c) => [c.policy, c.level, c.passed])).toEqual([
      ["no-wild-iam-role-statements", "ERROR", false],
      ["allowed-regions", "ERROR", true],
      ["framework-version", "ERROR", true],
    ]);
  });

  it("deploys the same commit on dev, where the policy is a WARNING, and marks the warning", async () => {
    await setSafeguards("profile-dev", [
      { policy: "no-wild-iam-role-statements", level: "WARNING", config: {} },
      { policy: "allowed-regions", level: "ERROR", config: ["us-east-1"] },
    ]);
    const build = await queueBuild(h.db, h.queue, {
      serviceId: (await tasks()).id,
      stage: "dev",
      trigger: "manual",
      commitSha: await h.repo.head("prod"),
    });
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status, `${done.error}\n${done.log}`).toBe("SUCCEEDED");
    const step = done.steps.find((s) => s.name === "safeguards")!;
    expect([step.status, step.detail]).toEqual(["SUCCEEDED", "1 passed, 1 warning"]);
    expect(done.log).toContain('⚠ WARNING\u001b[0m no-wild-iam-role-statements: provider.iamRoleStatements[0].Action is "*"');
    expect(await h.db.deployment.count({ where: { buildId: done.id } })).toBe(1);
  });

  it("allowed-regions refuses a region the profile does not list", async () => {
    const build = await queueBuild(h.db, h.queue, {
      serviceId: (await tasks()).id,
      stage: "dev",
      region: "eu-west-1",
      trigger: "manual",
      commitSha: await h.repo.head("prod"),
    });
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe('allowed-regions: provider.region is "eu-west-1"; allowed: us-east-1.');
    expect(await h.db.deployment.count({ where: { buildId: done.id } })).toBe(0);
  });

  it("framework-version decides with npm's semver ranges", async () => {
    await setSafeguards("profile-dev", [{ policy: "framework-version", level: "ERROR", config: "~3.38" }]);
    const sha = await h.repo.commitFile(
      "services/tasks/serverless.yml",
      (s) => s.replace('frameworkVersion: "3"', 'frameworkVersion: "3.39.0"'),
      "Pin the framework",
      "prod",
    );
    const build = await queueBuild(h.db, h.queue, { serviceId: (await tasks()).id, stage: "dev", trigger: "manual", commitSha: sha });
    const [done] = await waitForBuilds(h, [build.id]);
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe('framework-version: frameworkVersion is "3.39.0"; it must satisfy "~3.38".');
    // A saved range npm's semver cannot read is refused with the field named, and nothing changes.
    await expect(
      setSafeguards("profile-dev", [{ policy: "framework-version", level: "ERROR", config: "~3.38 <<4" }]),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await h.db.safeguard.findMany({ where: { profile: { name: "profile-dev" } } })).map((s) => s.config)).toEqual(["~3.38"]);
  });
});
