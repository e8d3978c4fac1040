import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, deployDatabaseToDev, type Harness } from "../../scripts/test/harness";
import { startApiServer } from "../../scripts/test/api-v1-server";
import { connectWebhooks, loadWebhookRoutes } from "../../scripts/test/webhook-routes";
import { queueBuild } from "../domain/builds/queue-build";
import { createToken } from "../domain/tokens/create-token";
import { reconcilePreviews } from "../domain/triggers/reconcile-previews";
import { pollRepository } from "../domain/triggers/poll-repository";
import { signBody } from "../domain/webhooks/verify-signature";

/**
 * The holes next to the sandbox (issue 12, item 7), each tried as the user who would exploit it:
 * over the HTTP API, through the tRPC procedures the dashboard calls, through the GitHub webhook
 * route, with real builds in a real worker.
 */
let h: Harness;
let api: Awaited<ReturnType<typeof startApiServer>>;
let postGithub: (req: Request) => Promise<Response>;
const tokens: Record<string, string> = {};
const DEV_KEY = "dev-key-7f3a9c"; // profile-dev's secret endpoint_api_key (scripts/demo/seed.ts)
const WEBHOOK_SECRET = "holes-webhook-secret";

async function caller(email: string) {
  const { createCaller } = await import("../trpc/root");
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
}

const service = (name: string) => h.db.service.findFirstOrThrow({ where: { appId: h.appId, name } });

/** A finished build row of the past, as the worker would have left it (no job: nothing runs it again). */
async function pastBuild(
  serviceName: string,
  stage: string,
  data: {
    kind?: "DEPLOY" | "REMOVE";
    commitSha: string;
    branch?: string | null;
    previewBranch?: string;
    cliParams?: Record<string, string>;
    requestedById?: string;
  },
) {
  const s = await service(serviceName);
  const instance = await h.db.serviceInstance.upsert({
    where: { appId_stage_region_serviceId: { appId: h.appId, stage, region: "us-east-1", serviceId: s.id } },
    create: { appId: h.appId, serviceId: s.id, stage, region: "us-east-1", branch: data.previewBranch ?? null },
    update: {},
  });
  return h.db.build.create({
    data: {
      serviceId: s.id,
      instanceId: instance.id,
      kind: data.kind ?? "DEPLOY",
      status: "SUCCEEDED",
      trigger: "push",
      branch: data.branch ?? null,
      commitSha: data.commitSha,
      commitMessage: "old",
      cliParams: data.cliParams,
      requestedById: data.requestedById,
      finishedAt: new Date(),
    },
  });
}

async function deliverGithub(event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await postGithub(
    new Request("http://slipway.test/api/webhooks/github", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signBody(WEBHOOK_SECRET, body),
      },
      body,
    }),
  );
  return (await res.json()) as { builds?: { id: string }[] };
}

beforeAll(async () => {
  h = await startHarness();
  api = await startApiServer();
  Object.assign(process.env, {
    DATABASE_URL: h.env.DATABASE_URL,
    REDIS_PREFIX: h.env.REDIS_PREFIX,
    SLIPWAY_DATA_DIR: h.env.SLIPWAY_DATA_DIR,
    NEXTAUTH_URL: api.url,
  });
  ({ github: postGithub } = await loadWebhookRoutes(h));
  await connectWebhooks(h, WEBHOOK_SECRET, "acme/workshop");
  for (const [role, email] of [
    ["reviewer", "reviewer@example.com"],
    ["dev", "dev@example.com"],
  ]) {
    const user = await h.db.user.findUniqueOrThrow({ where: { email } });
    tokens[role] = (await createToken(h.db, { orgId: h.orgId, userId: user.id }, role)).token;
  }
  await pollRepository(h.deps, h.appId); // records the branches without building
}, 120_000);

afterAll(async () => {
  await api?.close();
  await h?.close();
});

describe("GET /api/v1/apps/:app/params", () => {
  it("gives a reviewer no profile secret, even where a plain stage override shadows its key", async () => {
    const admin = await caller("admin@example.com");
    await admin.parameters.upsert({
      owner: { kind: "app-stage", appSlug: "workshop", stage: "dev" },
      key: "endpoint_api_key",
      value: "plain-override",
      secret: false,
      description: "",
    });
    const get = (token: string) =>
      fetch(`${api.url}/api/v1/apps/workshop/params?stage=dev`, { headers: { authorization: `Bearer ${token}` } });

    const res = await get(tokens.reviewer);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(DEV_KEY);
    const body = JSON.parse(text) as {
      service: Record<string, string>;
      stageLevel: Record<string, string>;
      parameters: { key: string; value: string }[];
    };
    expect(body.service.endpoint_api_key).toBe("********"); // the profile's row: secret, whatever shadows it
    expect(body.stageLevel.endpoint_api_key).toBe("plain-override");
    expect(body.parameters.find((p) => p.key === "endpoint_api_key")?.value).toBe("plain-override");

    // A developer may reveal (and the reveal is audited).
    expect(await (await get(tokens.dev)).text()).toContain(DEV_KEY);
  });
});

describe("builds.rerun", () => {
  it("rebuilds a branch stage from the branch's current head, never the old build's commit", async () => {
    const old = await h.repo.head("master");
    const past = await pastBuild("restapi", "staging", { commitSha: old, branch: "master" });
    const head = await h.repo.commitFile("services/restapi/README.md", "newer\n", "A newer commit on master");
    const dev = await caller("dev@example.com");
    const again = await dev.builds.rerun({ id: past.id });
    const build = await h.db.build.findUniqueOrThrow({ where: { id: again.id } });
    expect([build.commitSha, build.commitMessage, build.branch, build.trigger]).toEqual([
      head,
      "A newer commit on master",
      "master",
      "rerun",
    ]);
    await dev.builds.cancel({ id: again.id });
  });

  it("refuses a developer re-running the removal of prod, whose branch exists; an admin (rollback permission) may", async () => {
    const past = await pastBuild("database", "prod", { kind: "REMOVE", commitSha: await h.repo.head("master"), branch: "prod" });
    const dev = await caller("dev@example.com");
    await expect(dev.builds.rerun({ id: past.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("needs the rollback permission"),
    });
    expect(await h.db.build.count({ where: { trigger: "rerun", kind: "REMOVE" } })).toBe(0);
    const admin = await caller("admin@example.com");
    const again = await admin.builds.rerun({ id: past.id });
    expect((await h.db.build.findUniqueOrThrow({ where: { id: again.id } })).kind).toBe("REMOVE");
    await admin.builds.cancel({ id: again.id });
  });

  it("lets a developer retry the removal of a preview whose branch is gone, and re-run a personal stage as it was", async () => {
    const dev = await caller("dev@example.com");
    const gone = await pastBuild("database", "feature-gone", {
      kind: "REMOVE",
      commitSha: await h.repo.head("master"),
      branch: "feature/gone",
      previewBranch: "feature/gone",
    });
    const removal = await dev.builds.rerun({ id: gone.id });
    await dev.builds.cancel({ id: removal.id });
    const sha = await h.repo.head("master");
    const personal = await pastBuild("database", "alice", { commitSha: sha, cliParams: { greeting: "hi" } });
    const again = await dev.builds.rerun({ id: personal.id });
    expect(await h.db.build.findUniqueOrThrow({ where: { id: again.id } })).toMatchObject({
      commitSha: sha,
      cliParams: { greeting: "hi" },
    });
    await dev.builds.cancel({ id: again.id });
  });
});

describe("builds.get", () => {
  it("shows every member the build, but not its --param values, user ids or worker", async () => {
    const dev = await h.db.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
    const past = await pastBuild("database", "bob", {
      commitSha: await h.repo.head("master"),
      cliParams: { token: "cli-value-3c9e1f" },
      requestedById: dev.id,
    });
    await h.db.build.update({ where: { id: past.id }, data: { workerId: "worker-host-1234", sourceArchive: "uploads/x.tar.gz" } });
    const reviewer = await caller("reviewer@example.com");
    const view = await reviewer.builds.get({ id: past.id });
    const text = JSON.stringify(view);
    for (const hidden of ["cli-value-3c9e1f", dev.id, "worker-host-1234", "uploads/x.tar.gz"]) expect(text).not.toContain(hidden);
    expect(Object.keys(view).sort()).toEqual([
      "approvedAt",
      "branch",
      "commitAuthor",
      "commitMessage",
      "commitSha",
      "commitUrl",
      "createdAt",
      "deployed",
      "error",
      "failure",
      "finishedAt",
      "fromFork",
      "id",
      "instance",
      "kind",
      "number",
      "safeguardChecks",
      "service",
      "startedAt",
      "status",
      "steps",
      "trigger",
    ]);
    // Derived, not raw: the stage, its region and whether it is production-like; no ids.
    expect(Object.keys(view.instance).sort()).toEqual(["guarded", "region", "stage"]);
  });
});

describe("a fork's pull request preview", () => {
  it("is kept by the every-minute reconciler while its build waits for approval, and destroyed once the pull request is closed", async () => {
    const n = 31;
    const sha = await h.repo.commitFile("services/database/README.md", "fork\n", `A fork's change for #${n}`, `mallory-${n}`);
    await h.repo.git("push", "--quiet", "origin", `HEAD:refs/pull/${n}/head`, `:refs/heads/mallory-${n}`);
    await h.repo.git("checkout", "--quiet", "master");
    const res = await deliverGithub("pull_request", {
      action: "opened",
      number: n,
      pull_request: {
        merged: false,
        head: { ref: "feature", sha, repo: { full_name: "mallory/workshop" } },
        base: { ref: "master", repo: { full_name: "acme/workshop" } },
      },
      repository: { full_name: "acme/workshop", clone_url: "https://github.example/acme/workshop.git" },
    });
    const ids = res.builds!.map((b) => b.id);
    expect(ids.length).toBeGreaterThan(0);

    const first = await reconcilePreviews(h.deps, h.appId, { ttlHours: 0 });
    expect(first.gone).not.toContain(`pr-${n}`);
    expect(await h.db.build.count({ where: { kind: "REMOVE", instance: { stage: `pr-${n}` } } })).toBe(0);
    const held = await h.db.build.findMany({ where: { id: { in: ids } } });
    expect(held.map((b) => [b.status, b.approvedAt])).toEqual(ids.map(() => ["QUEUED", null]));

    // A close the webhook missed: the reconciler finds it.
    await h.db.pullRequest.updateMany({ where: { appId: h.appId, number: n }, data: { open: false } });
    const second = await reconcilePreviews(h.deps, h.appId, { ttlHours: 0 });
    expect(second.gone).toContain(`pr-${n}`);
    expect(await h.db.build.count({ where: { kind: "REMOVE", instance: { stage: `pr-${n}` } } })).toBeGreaterThan(0);
  });
});

describe("masking --param values", () => {
  it("masks a CLI build's --param values in its log like secret parameters", async () => {
    await deployDatabaseToDev(h);
    const restapi = await service("restapi");
    const value = "https://cli-endpoint-4e1d9a.example";
    const build = await queueBuild(h.db, h.queue, {
      serviceId: restapi.id,
      stage: "carol",
      trigger: "cli",
      commitSha: await h.repo.head("master"),
      cliParams: { endpoint: value },
    });
    const [done] = await waitForBuilds(h, [build.id], 180_000);
    expect(done.status).toBe("SUCCEEDED");
    const log = (await h.db.build.findUniqueOrThrow({ where: { id: build.id } })).log ?? "";
    expect(log).toContain("env ENDPOINT_URL=***");
    expect(log).not.toContain("cli-endpoint-4e1d9a");
  }, 240_000);
});

describe("a repository URL with credentials", () => {
  it("never shows its userinfo: not in the build log, the build's error, the app pages or the poll error", async () => {
    const TOKEN = "ghp_holesCanary0123456789";
    const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId } });
    await h.db.repository.update({
      where: { id: app.repositoryId },
      data: { url: `http://x-access-token:${TOKEN}@127.0.0.1:9/acme/workshop.git` },
    });
    const database = await service("database");
    // Checkout fetches from the URL (nothing listens on port 9) before anything else.
    const build = await queueBuild(h.db, h.queue, { serviceId: database.id, stage: "dave", trigger: "manual", commitSha: "1".repeat(40) });
    await pollRepository(h.deps, h.appId);
    const [done] = await waitForBuilds(h, [build.id], 120_000);
    const reviewer = await caller("reviewer@example.com");
    const seen = JSON.stringify([
      done.log,
      done.error,
      done.steps,
      await reviewer.apps.list(),
      await reviewer.apps.get({ slug: "workshop" }),
      await reviewer.builds.get({ id: build.id }),
    ]);
    expect(done.log).toContain("Fetching http://127.0.0.1:9/acme/workshop.git");
    expect(seen).toContain("http://127.0.0.1:9/acme/workshop.git");
    expect(seen).not.toContain(TOKEN);
  }, 180_000);
});
