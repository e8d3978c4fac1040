import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness, deployDatabaseToDev } from "../../../scripts/test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../../../scripts/test/webhook-routes";
import { createCipher } from "../secrets/cipher";
import { signBody } from "../webhooks/verify-signature";
import { queueBuild } from "./queue-build";
import { requeueForgottenBuilds } from "./reap-builds";
import { runBuild } from "../../../worker/run-build";
import { WITHHELD_MESSAGE } from "../../../worker/steps/resolve";
import { stageAwsEnv } from "../../../worker/targets/aws-credentials";

/**
 * A pull request from a fork, through the real GitHub webhook route: its builds wait, untouched by
 * workers and the reaper, until an admin approves one (audited); unapproved, the code would get no
 * secret parameter and no cloud access.
 */
let h: Harness;
let post: (req: Request) => Promise<Response>;
const SECRET = "fork-webhook-secret";
const DEV_KEY = "dev-key-7f3a9c"; // profile-dev's secret endpoint_api_key (scripts/demo/seed.ts)
const REPO = { full_name: "acme/workshop", clone_url: "https://github.example/acme/workshop.git" };

async function deliver(event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await post(
    new Request("http://slipway.test/api/webhooks/github", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signBody(SECRET, body),
      },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as { builds?: { id: string }[]; error?: string } };
}

/** Mallory's commit, published the way GitHub does for a fork's pull request: refs/pull/N/head only. */
async function forkCommit(n: number, file: string, change: (s: string) => string) {
  const sha = await h.repo.commitFile(file, change, `Mallory's change $(touch /tmp/x) for #${n}`, `mallory-${n}`);
  await h.repo.git("push", "--quiet", "origin", `HEAD:refs/pull/${n}/head`, `:refs/heads/mallory-${n}`);
  await h.repo.git("checkout", "--quiet", "master");
  return sha;
}

const forkPr = (number: number, sha: string) => ({
  action: "opened",
  number,
  // The fork's branch is called master too: it must never reach the staging branch deployment.
  pull_request: {
    merged: false,
    head: { ref: "master", sha, repo: { full_name: "mallory/workshop" } },
    base: { ref: "master", repo: { full_name: REPO.full_name } },
  },
  repository: REPO,
});

async function caller(email: string) {
  const { createCaller } = await import("../../trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
}

beforeAll(async () => {
  h = await startHarness();
  ({ github: post } = await loadWebhookRoutes(h));
  await connectWebhooks(h, SECRET, "acme/workshop");
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a pull request from a fork", () => {
  it("waits for an admin's approval, then runs with the stage's secrets; the approval is audited", async () => {
    const sha = await forkCommit(9, "services/restapi/handler.js", (s) => s.replace("Hello from restapi", "Hello from restapi (a fork)"));
    const res = await deliver("pull_request", forkPr(9, sha));
    expect(res.status).toBe(202);
    const ids = res.body.builds!.map((b) => b.id);
    expect(ids.length).toBeGreaterThan(0);
    const held = await h.db.build.findMany({ where: { id: { in: ids } }, include: { instance: true, service: true } });
    for (const b of held) expect([b.fromFork, b.approvedAt, b.instance.stage, b.branch]).toEqual([true, null, "pr-9", "pr-9"]);
    expect(await h.db.build.count({ where: { instance: { stage: "staging" } } })).toBe(0);

    // Neither the worker nor the reaper (which re-enqueues forgotten QUEUED builds) runs them.
    await requeueForgottenBuilds(h.db, h.queue, 0);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await h.db.build.findMany({ where: { id: { in: ids } } })).map((b) => b.status)).toEqual(ids.map(() => "QUEUED"));

    const restapi = held.find((b) => b.service.name === "restapi")!;
    await expect((await caller("dev@example.com")).builds.approve({ id: restapi.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await caller("admin@example.com");
    expect(await admin.builds.approve({ id: restapi.id })).toMatchObject({ id: restapi.id });
    await expect(admin.builds.approve({ id: restapi.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const [done] = await waitForBuilds(h, [restapi.id]);
    expect(done.status, `${done.error}\n${done.log}`).toBe("SUCCEEDED");
    // It had the secret (masked in its log), because it was approved.
    expect(done.log).toContain("ENDPOINT_API_KEY=***");
    expect(done.log).not.toContain(DEV_KEY);
    const row = await h.db.build.findUniqueOrThrow({ where: { id: restapi.id } });
    const adminUser = await h.db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    expect(row.approvedById).toBe(adminUser.id);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "build.approve" } });
    expect(audit).toMatchObject({ actorId: adminUser.id, target: `build #${restapi.number}` });
    // The other services of the pull request still wait.
    expect(
      (await h.db.build.findMany({ where: { id: { in: ids.filter((i) => i !== restapi.id) } } })).every((b) => b.status === "QUEUED"),
    ).toBe(true);
    // The build page says it was approved (and never hands out user ids).
    const page = await admin.builds.get({ id: restapi.id });
    expect(page).toMatchObject({ fromFork: true, approvedAt: row.approvedAt });
    expect(page).not.toHaveProperty("approvedById");
  });

  it("refuses to approve a build that is not from a fork", async () => {
    const b = await h.db.build.findFirstOrThrow({ where: { fromFork: false } });
    await expect((await caller("admin@example.com")).builds.approve({ id: b.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("unapproved, its code resolves with secret parameters withheld and gets no cloud credentials", async () => {
    // The second lock: even if an unapproved fork build reached a worker, the resolve step withholds secrets.
    const sha = await forkCommit(10, "services/restapi/package.json", (s) => s.replace(/"test": "[^"]*"/, '"test": "env"'));
    const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { name: "profile-dev" } });
    const cipher = createCipher(h.env.SLIPWAY_ENCRYPTION_KEY);
    await h.db.deploymentProfile.update({
      where: { id: profile.id },
      data: { awsAccessKeyId: "AKIAFORKTESTKEY00001", awsSecretKeyCipher: cipher.encrypt("fork-aws-secret-never-seen") },
    });
    const restapi = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } });
    const build = await queueBuild(h.db, h.queue, {
      serviceId: restapi.id,
      stage: "pr-10",
      trigger: "pull_request",
      branch: "pr-10",
      previewBranch: "pr-10",
      commitSha: sha,
      fromFork: true,
    });
    await h.db.build.update({ where: { id: build.id }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date() } });
    const unused = async () => {
      throw new Error("an unapproved fork build never deploys");
    };
    await runBuild(
      {
        ...h.deps,
        runtime: { prepare: unused, announce: unused, syncSchedules: unused, removeSchedules: unused, close: unused },
      },
      build.id,
    );
    const done = await h.db.build.findUniqueOrThrow({ where: { id: build.id }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(done.status).toBe("FAILED");
    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ["checkout", "SUCCEEDED"],
      ["install", "SUCCEEDED"],
      ["test", "SUCCEEDED"],
      ["resolve", "FAILED"],
      ["safeguards", "SKIPPED"],
      ["deploy", "SKIPPED"],
    ]);
    expect(done.error).toContain(`param "endpoint_api_key": ${WITHHELD_MESSAGE}`);
    // `env` in its test printed its whole environment: no secret, no AWS key in it.
    expect(done.log).toMatch(/CI=true/);
    for (const s of [DEV_KEY, "fork-aws-secret-never-seen", "AKIAFORKTESTKEY00001"]) expect(done.log).not.toContain(s);
    expect(done.log).not.toMatch(/AWS_/);
    // The deploy targets' credentials: none for this build, the static keys once approved.
    const row = await h.db.build.findUniqueOrThrow({ where: { id: build.id }, include: { instance: true } });
    const lines: string[] = [];
    const ctx = (approvedAt: Date | null) =>
      ({
        deps: { db: h.db, cipher, env: h.env },
        build: { ...row, approvedAt, app: { id: h.appId } },
        log: { line: (l: string) => lines.push(l), setMask() {} },
        signal: new AbortController().signal,
      }) as unknown as Parameters<typeof stageAwsEnv>[0];
    expect(await stageAwsEnv(ctx(null))).toBeNull();
    expect(lines).toContain("Fork build not approved by an admin: no cloud credentials.");
    expect(await stageAwsEnv(ctx(new Date()))).toMatchObject({ AWS_ACCESS_KEY_ID: "AKIAFORKTESTKEY00001" });
  });
});
